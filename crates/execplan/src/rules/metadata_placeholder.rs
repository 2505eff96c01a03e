//! EP004 `metadata-placeholder`: A metadata value is still a template placeholder.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::MetaKey;

/// EP004: A metadata value is still a template placeholder.
pub const RULE: Rule = Rule {
    id: "EP004",
    name: "metadata-placeholder",
    default: Severity::Error,
    needs: Needs::Static,
    summary: "A metadata value is still a template placeholder.",
    doc: "Values such as `<name or team>`, `<YYYY-MM-DD>` or `TBD` were copied from the template and never filled in. Write the real value; for dates, `plans fill` does it from history.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(4, &[("- **Owner:** Ana", "- **Owner:** <name or team>")]),
        ],
        clean: &[
            Fixture::clean(&[("- **Owner:** Ana", "- **Owner:** Team Retry")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for m in &ctx.plan.metadata {
        if m.field.is_some() && m.is_placeholder() {
            out.push(
                Finding::new(
                    m.value_span.clone(),
                    format!(
                        "`{}` is still the template placeholder `{}`",
                        m.key, m.value
                    ),
                )
                .label("placeholder")
                .help(match m.field {
                    Some(MetaKey::Created | MetaKey::LastUpdated) => {
                        "run `plans fill` to write it from history"
                    }
                    _ => "write the real value",
                }),
            );
        }
    }
}
