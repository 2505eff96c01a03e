//! EP002 `empty-section`: A section has a heading and nothing under it.

use super::content::content_lines;
use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::SectionKind;

/// EP002: A section has a heading and nothing under it.
pub const RULE: Rule = Rule {
    id: "EP002",
    name: "empty-section",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "A section has a heading and nothing under it.",
    doc: "An empty section reads as forgotten. Write something, even `None yet.`, or remove the heading if the section is optional.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(10, &[("Fewer retries.\n", "")]),
        ],
        clean: &[
            Fixture::clean(&[("Fewer retries.", "None yet.")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for s in &ctx.plan.sections {
        let Some(kind) = s.kind else { continue };
        if content_lines(ctx.source, s).is_empty() {
            out.push(
                Finding::new(
                    s.heading_span.clone(),
                    format!("section `{}` is empty", s.heading),
                )
                .label("nothing under this heading")
                .help(
                    if matches!(kind, SectionKind::Risks | SectionKind::NextSteps) {
                        "write something or remove this optional section"
                    } else {
                        "write something, even `None yet.`"
                    },
                ),
            );
        }
    }
}
