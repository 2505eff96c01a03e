//! EP018 `unfilled-section`: A finished plan still has a living section that says TBD or None yet.

use super::content::content_lines;
use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::SectionKind;

/// EP018: A finished plan still has a living section that says TBD or None yet.
pub const RULE: Rule = Rule {
    id: "EP018",
    name: "unfilled-section",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "A finished plan still has a living section that says TBD or None yet.",
    doc: "When every Progress item is done, Surprises, Decision Log and Outcomes should say what happened; `TBD`, `(None yet.)` or `Not started yet.` on a finished plan is a section nobody came back to.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(32, &[("- [ ] Add tests (completed: 2/6).", "- [x] (2025-10-02 09:00Z) Add tests."), ("In progress.", "TBD")]),
        ],
        clean: &[
            Fixture::clean(&[("In progress.", "TBD")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let (done, total) = ctx.plan.counts();
    if total == 0 || done < total {
        return;
    }
    for s in &ctx.plan.sections {
        if !matches!(
            s.kind,
            Some(SectionKind::Surprises | SectionKind::Decisions | SectionKind::Outcomes)
        ) {
            continue;
        }
        let lines = content_lines(ctx.source, s);
        // "In progress." is the skeleton's own text: unfilled once every item is done.
        if !lines.is_empty() && crate::model::is_unwritten(&lines.join(" "), &["in progress"]) {
            out.push(
                Finding::new(
                    s.heading_span.clone(),
                    format!(
                        "`{}` still says `{}` on a finished plan",
                        s.heading,
                        lines.join(" ")
                    ),
                )
                .label(format!("all {total} Progress items are done"))
                .help("say what happened, or `None.` if nothing did"),
            );
        }
    }
}
