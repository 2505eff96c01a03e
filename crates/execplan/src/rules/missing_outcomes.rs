//! EP013 `missing-outcomes`: Every Progress item is done but Outcomes & Retrospective is empty.

use super::content::content_lines;
use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::SectionKind;

/// EP013: Every Progress item is done but Outcomes & Retrospective is empty.
pub const RULE: Rule = Rule {
    id: "EP013",
    name: "missing-outcomes",
    default: Severity::Error,
    needs: Needs::Static,
    summary: "Every Progress item is done but Outcomes & Retrospective is empty.",
    doc: "A finished plan owes its retrospective: what succeeded or failed, the measured impact against the purpose, and lessons for next time.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(32, &[("- [ ] Add tests (completed: 2/6).", "- [x] (2025-10-02 09:00Z) Add tests."), ("In progress.\n", "")]),
        ],
        clean: &[
            Fixture::clean(&[("- [ ] Add tests (completed: 2/6).", "- [x] (2025-10-02 09:00Z) Add tests."), ("In progress.", "Shipped; retries fell by half.")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let (done, total) = ctx.plan.counts();
    if total == 0 || done < total {
        return;
    }
    let outcomes = ctx.plan.section(SectionKind::Outcomes);
    let empty = outcomes.is_none_or(|s| content_lines(ctx.source, s).is_empty());
    if !empty {
        return;
    }
    let span = outcomes
        .map(|s| s.heading_span.clone())
        .or_else(|| {
            ctx.plan
                .section(SectionKind::Progress)
                .map(|s| s.heading_span.clone())
        })
        .unwrap_or(0..0);
    out.push(
        Finding::new(
            span,
            format!("all {total} Progress items are done but Outcomes & Retrospective is empty"),
        )
        .label(if outcomes.is_some() {
            "empty"
        } else {
            "no Outcomes & Retrospective section"
        })
        .help("write what succeeded or failed, the measured impact, and lessons for next time"),
    );
}
