//! EP011 `incomplete-decision`: A Decision Log entry lacks its Rationale or Date/Author.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};

/// EP011: A Decision Log entry lacks its Rationale or Date/Author.
pub const RULE: Rule = Rule {
    id: "EP011",
    name: "incomplete-decision",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "A Decision Log entry lacks its Rationale or Date/Author.",
    doc: "Each decision is logged as Decision, Rationale and Date/Author, so a later reader knows why and when it was made.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(28, &[("- **Rationale:** Simple and bounded.\n", "")]),
        ],
        clean: &[
            Fixture::clean(&[("- **Rationale:** Simple and bounded.", "- **Rationale:** Bounded.")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for d in &ctx.plan.decisions {
        let mut missing = Vec::new();
        if d.rationale
            .as_ref()
            .is_none_or(|r| r.value.trim().is_empty())
        {
            missing.push("Rationale");
        }
        if d.date_author
            .as_ref()
            .is_none_or(|r| r.value.trim().is_empty())
        {
            missing.push("Date/Author");
        }
        if missing.is_empty() {
            continue;
        }
        out.push(
            Finding::new(
                d.decision.span.clone(),
                format!("decision logged without {}", missing.join(" and ")),
            )
            .label("this decision")
            .help(format!("add `- **{}:** …` after it", missing[0])),
        );
    }
}
