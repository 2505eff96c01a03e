//! The JSON Schemas (draft 2020-12) of the documents this tool writes and of
//! `execplan.toml`, made from the types that write or read them. They are
//! kept in `schemas/` at the repository root: `cargo xtask schemas` writes
//! them, and a test fails when a type changed and they were not rewritten.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::Value;

use crate::render;

/// `T`'s schema under `id` (also its `$id`). A document the tool writes is
/// described as serialised (a field skipped when empty is not required); the
/// configuration, which it reads, as deserialised, and inline, without
/// `$defs` or `$ref`, so that validators of older drafts read it alike
/// (taplo's, in editors).
fn schema_of<T: JsonSchema>(id: &str, read: bool) -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    if read {
        settings.inline_subschemas = true;
    } else {
        settings = settings.for_serialize();
    }
    let mut schema = settings.into_generator().into_root_schema_for::<T>();
    schema.insert("$id".into(), id.into());
    schema.to_value()
}

/// The id of the configuration's schema.
pub const CONFIG_ID: &str = "urn:execplan:schema:execplan.toml:1";

/// Every schema: its file name in `schemas/` and the schema.
pub fn all() -> Vec<(&'static str, Value)> {
    vec![
        (
            "execplan.toml.schema.json",
            schema_of::<execplan::config::Config>(CONFIG_ID, true),
        ),
        (
            "check.schema.json",
            schema_of::<render::check::json::Document<'static>>(render::check::json::ID, false),
        ),
        (
            "list.schema.json",
            schema_of::<render::list::Document<'static>>(render::list::ID, false),
        ),
        (
            "diff.schema.json",
            schema_of::<render::diff::DiffDocument<'static>>(render::diff::DIFF_ID, false),
        ),
        (
            "log.schema.json",
            schema_of::<render::diff::LogDocument<'static>>(render::diff::LOG_ID, false),
        ),
        (
            "write.schema.json",
            schema_of::<render::write::Document<'static>>(render::write::ID, false),
        ),
        (
            "timeline.schema.json",
            schema_of::<render::timeline::Document<'static>>(render::timeline::ID, false),
        ),
        (
            "evidence.schema.json",
            schema_of::<render::evidence::Document<'static>>(render::evidence::ID, false),
        ),
        (
            "report.schema.json",
            schema_of::<execplan::report::Report>(execplan::report::SCHEMA_ID, false),
        ),
        (
            "rules.schema.json",
            schema_of::<render::rules::Document>(render::rules::ID, false),
        ),
    ]
}

/// A schema as kept in its file: pretty, with a final newline.
pub fn text(schema: &Value) -> String {
    render::pretty(schema) + "\n"
}
