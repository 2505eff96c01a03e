//! EP105 `last-updated-contradicted`: Last Updated names a date on which history shows no change to the plan.

use super::history::date_field;
use super::{Check, Finding, Fixture, Fixtures, HistoryCtx, Needs, Rule, Severity};
use crate::model::MetaKey;

/// EP105: Last Updated names a date on which history shows no change to the plan.
pub const RULE: Rule = Rule {
    id: "EP105",
    name: "last-updated-contradicted",
    default: Severity::Warning,
    needs: Needs::History,
    summary: "Last Updated names a date on which history shows no change to the plan.",
    doc: "Last Updated is later than every change history knows of (committed or not), so the date was typed, not earned. `plans fill` writes the true date.",
    check: Check::History(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(6, &[("- **Last Updated:** 2025-10-03", "- **Last Updated:** 2025-10-05")]),
        ],
        clean: &[
            Fixture::clean(&[]),
        ],
    },
};

fn check(ctx: &HistoryCtx<'_>, out: &mut Vec<Finding>) {
    let (Some((field, have)), Some(last)) = (
        date_field(ctx, MetaKey::LastUpdated),
        &ctx.timeline.last_updated,
    ) else {
        return;
    };
    let truth = last.time.date_naive();
    // The author's own calendar date is as true as the UTC one.
    if have > truth && !last.boundary && !last.on_date(have) {
        out.push(
            Finding::new(
                field.value_span.clone(),
                format!(
                    "Last Updated says {have}, but the last change to the plan was {}",
                    last.describe()
                ),
            )
            .label(format!("history says {truth}"))
            .help("run `plans fill` to write the true date"),
        );
    }
}
