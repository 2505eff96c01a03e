//! EP003 `missing-metadata`: Owner, Created or Last Updated is missing.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::MetaKey;

/// EP003: Owner, Created or Last Updated is missing.
pub const RULE: Rule = Rule {
    id: "EP003",
    name: "missing-metadata",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "Owner, Created or Last Updated is missing.",
    doc: "The skeleton's Metadata names an owner and the Created / Last Updated dates. They are read from `- **Field:** value` bullets in a Metadata section, `Field: value` lines before the first section, or YAML front matter. `plans fill` writes the dates from git history.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(1, &[("- **Owner:** Ana\n", "")]),
        ],
        clean: &[
            Fixture::clean(&[("- **Agent / Module:** `crates/client`\n", "")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let missing: Vec<&str> = [MetaKey::Owner, MetaKey::Created, MetaKey::LastUpdated]
        .into_iter()
        .filter(|k| ctx.plan.meta(*k).is_none())
        .map(MetaKey::label)
        .collect();
    if missing.is_empty() {
        return;
    }
    let span = ctx.plan.title.as_ref().map_or(0..0, |t| t.span.clone());
    out.push(
        Finding::new(span, format!("metadata {} missing", list(&missing)))
            .label("in this plan")
            .help("add `- **Owner:** …`, `- **Created:** YYYY-MM-DD`, `- **Last Updated:** YYYY-MM-DD` under `## Metadata`; `plans fill` writes the dates from history"),
    );
}

fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    let verb = if items.len() == 1 { "is" } else { "are" };
    format!("{} {verb}", quoted.join(", "))
}
