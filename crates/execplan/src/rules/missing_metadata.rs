//! EP003 `missing-metadata`: Owner, Created or Last Updated is missing.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::{MetaKey, SectionKind};

/// EP003: Owner, Created or Last Updated is missing.
pub const RULE: Rule = Rule {
    id: "EP003",
    name: "missing-metadata",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "Owner, Created or Last Updated is missing.",
    doc: "The skeleton's Metadata names an owner and the Created / Last Updated dates. They are read from `- **Field:** value` bullets in a Metadata section, `Field: value` lines before the first section, or YAML front matter. A plan that keeps a Metadata section or any of the three fields is told which are missing; a plan that keeps none of them only when the configuration sets `require-metadata = true` (many projects keep no such block, and a warning on every plan is noise). `plans fill` writes the missing fields from git history: the dates, and Owner as the author of the creating commit; `plans fill --metadata` adds a whole block to plans that keep none.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(1, &[("- **Owner:** Ana\n", "")]),
            // A project that keeps no block, once it asks for one.
            Fixture::at(1, &[("## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-03\n- **Agent / Module:** `crates/client`\n- **Related Plans:** None.\n\n", "")]).with_config("require-metadata = true\n"),
        ],
        clean: &[
            Fixture::clean(&[("- **Agent / Module:** `crates/client`\n", "")]),
            // A project that keeps no block at all: its convention.
            Fixture::clean(&[("## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-03\n- **Agent / Module:** `crates/client`\n- **Related Plans:** None.\n\n", "")]),
        ],
    },
};

const KEYS: [MetaKey; 3] = [MetaKey::Owner, MetaKey::Created, MetaKey::LastUpdated];

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let missing: Vec<&str> = KEYS
        .into_iter()
        .filter(|k| ctx.plan.meta(*k).is_none())
        .map(MetaKey::label)
        .collect();
    if missing.is_empty() {
        return;
    }
    // A plan that keeps none of the fields (nor a Metadata section) follows a
    // project convention without them: only reported when that is asked for.
    let keeps_some = missing.len() < KEYS.len()
        || ctx
            .plan
            .sections
            .iter()
            .any(|s| s.kind == Some(SectionKind::Metadata));
    if !keeps_some && !ctx.config.require_metadata {
        return;
    }
    let span = ctx.plan.title.as_ref().map_or(0..0, |t| t.span.clone());
    let help = if keeps_some {
        "run `plans fill` to write them from history (the dates from the commits, Owner as the author of the creating commit), or add `- **Field:** value` lines to the Metadata block"
    } else {
        "run `plans fill` to add a Metadata block from history (the dates from the commits, Owner as the author of the creating commit)"
    };
    out.push(
        Finding::new(span, format!("metadata {} missing", list(&missing)))
            .label("in this plan")
            .help(help),
    );
}

fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    let verb = if items.len() == 1 { "is" } else { "are" };
    format!("{} {verb}", quoted.join(", "))
}
