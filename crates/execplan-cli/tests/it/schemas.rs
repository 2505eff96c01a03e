//! The JSON Schemas in `schemas/`: current with the types they are made from
//! (`cargo xtask schemas` rewrites them), and the real binary's documents,
//! and configuration files, valid against them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use serde_json::Value;
use test_support::{run, TestRepo};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas")
}

fn schema(name: &str) -> Value {
    let text = std::fs::read_to_string(dir().join(name)).expect(name);
    serde_json::from_str(&text).unwrap()
}

/// The validation errors of `instance` against `schema`, as text.
fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::draft202012::new(schema).expect("a valid 2020-12 schema");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn schemas_are_current() {
    let stale = "schemas/ is behind the types it is made from: run `cargo xtask schemas`";
    let all = execplan_cli::schemas::all();
    let mut on_disk: Vec<String> = std::fs::read_dir(dir())
        .expect(stale)
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut names: Vec<String> = all.iter().map(|(n, _)| (*n).to_owned()).collect();
    names.sort();
    assert_eq!(on_disk, names, "{stale}");
    for (name, value) in &all {
        let kept = std::fs::read_to_string(dir().join(name)).unwrap();
        assert!(
            kept == execplan_cli::schemas::text(value),
            "{name}: {stale}"
        );
        assert_eq!(
            value["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
    }
}

const BROKEN: &str = "# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Progress\n- [x] Wired it in.\n- [ ] Measure it.\n";

/// Each document names its schema by `$id` and is valid against it: on a
/// repository with findings, a file that is not a plan, and a draft.
#[test]
fn real_documents_are_valid() {
    let r = TestRepo::new();
    r.write(".agents/retry.md", BROKEN);
    r.write(".agents/notes.md", "# Notes\n\nJust notes.\n");
    r.write(".agents/draft.md", "# Draft\n\n## Progress\n");
    r.write(".agents/gone.md", "# Gone\n\n## Progress\n- [ ] Soon.\n");
    r.write("src/lib.rs", "pub fn retry() {}\n");
    r.commit("plans", "2025-10-01T10:00:00Z");
    r.remove(".agents/gone.md");
    r.write(
        ".agents/retry.md",
        &BROKEN.replace("Fewer retries.", "Fewer retries, measured."),
    );
    r.commit("drop gone, reword", "2025-10-02T10:00:00Z");
    r.write(
        ".agents/retry.md",
        &BROKEN.replace("- [ ] Measure", "- [x] Measure"),
    );
    for (file, args, code) in [
        ("check.schema.json", &["check", "--format", "json"][..], 1),
        (
            "check.schema.json",
            &["check", "--format", "json", "--no-history"][..],
            1,
        ),
        ("list.schema.json", &["list", "--format", "json"][..], 0),
        ("rules.schema.json", &["rules", "--format", "json"][..], 0),
        (
            "diff.schema.json",
            &["diff", ".agents/retry.md", "--format", "json"][..],
            0,
        ),
        (
            "diff.schema.json",
            &[
                "diff",
                ".agents/gone.md",
                "HEAD~1",
                "HEAD",
                "--format",
                "json",
            ][..],
            0,
        ),
        (
            "log.schema.json",
            &["log", ".agents/retry.md", "--patch", "--format", "json"][..],
            0,
        ),
        (
            "log.schema.json",
            &["log", ".agents/retry.md", "--format", "json"][..],
            0,
        ),
        (
            "timeline.schema.json",
            &["timeline", "--format", "json"][..],
            0,
        ),
        (
            "evidence.schema.json",
            &["evidence", "retry", "--format", "json"][..],
            0,
        ),
        ("report.schema.json", &["report", "--format", "json"][..], 0),
    ] {
        let (out, err, got) = run(r.path(), args);
        assert_eq!(got, code, "{args:?}: {err}");
        let doc: Value = serde_json::from_str(&out).unwrap();
        let schema = schema(file);
        assert_eq!(doc["$schema"], schema["$id"], "{args:?}");
        let errors = errors(&schema, &doc);
        assert!(
            errors.is_empty(),
            "{args:?} against {file}: {errors:#?}\n{out}"
        );
    }
    // A document that breaks the contract is caught: the check is not vacuous.
    let (out, _, _) = run(r.path(), &["check", "--format", "json"]);
    let mut doc: Value = serde_json::from_str(&out).unwrap();
    doc["plans"][0]["diagnostics"][0]["line"] = "one".into();
    assert!(!errors(&schema("check.schema.json"), &doc).is_empty());
}

fn toml_as_json(text: &str) -> Value {
    let table: toml::Table = toml::from_str(text).unwrap();
    serde_json::to_value(table).unwrap()
}

/// This repository's configuration, the file `init` writes, and one setting
/// every key are valid; a wrong type, an unknown key or severity are not.
#[test]
fn configurations_are_valid() {
    let config = schema("execplan.toml.schema.json");
    let ours =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../execplan.toml"))
            .unwrap();
    let inited = execplan::init::CONFIG;
    let every = r#"
plans = [".agents", "apps/*/plans/*.md"]
exclude = ["README.md"]
stale-days = 14
required-sections = ["progress"]
hook-requires-today = false
require-metadata = true
require-evidence = true
evidence = ["src/**"]
drift-lines = 50
[rules]
EP007 = "warn"
missing-section = "off"
[per-file-ignores]
"docs/plans/completed/*.md" = ["status-contradiction"]
[sections]
progress = ["Fortschritt"]
"#;
    for text in [ours.as_str(), inited, every] {
        execplan::config::Config::from_toml(text).expect("execplan reads it");
        let errors = errors(&config, &toml_as_json(text));
        assert!(errors.is_empty(), "{errors:#?}\n{text}");
    }
    for bad in [
        "stale-days = \"soon\"",
        "no-such-key = 1",
        "[rules]\nEP007 = \"loud\"",
    ] {
        assert!(execplan::config::Config::from_toml(bad).is_err(), "{bad}");
        assert!(!errors(&config, &toml_as_json(bad)).is_empty(), "{bad}");
    }
}

/// The write verbs' documents, written and failed, are valid against
/// `write.schema.json`: a tick, a tick of no such item, a close refused.
#[test]
fn write_documents_are_valid() {
    let r = TestRepo::new();
    r.write(".agents/retry.md", BROKEN);
    r.commit("plan", "2025-10-01T10:00:00Z");
    let schema = schema("write.schema.json");
    for (args, key) in [
        (
            &["tick", "retry", "Measure it.", "--format", "json"][..],
            "changes",
        ),
        (
            &["tick", "retry", "No such item", "--format", "json"][..],
            "error",
        ),
        (&["close", "retry", "--format", "json"][..], "error"),
    ] {
        let (out, err, _) = run(r.path(), args);
        let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
        assert!(doc.get(key).is_some(), "{args:?}: {out}");
        assert_eq!(doc["$schema"], schema["$id"]);
        let errors = errors(&schema, &doc);
        assert!(errors.is_empty(), "{args:?}: {errors:#?}\n{out}");
    }
}
