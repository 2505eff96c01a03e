//! EP102 `last-updated-stale`: Last Updated is older than the last commit that changed the plan.

use super::history::date_field;
use super::{Check, Finding, Fixture, Fixtures, HistoryCtx, Needs, Rule, Severity};
use crate::model::MetaKey;

/// EP102: Last Updated is older than the last commit that changed the plan.
pub const RULE: Rule = Rule {
    id: "EP102",
    name: "last-updated-stale",
    default: Severity::Error,
    needs: Needs::History,
    summary: "Last Updated is older than the last commit that changed the plan.",
    doc: "Last Updated should be at least the author date (UTC) of the last commit that changed the plan, or today for uncommitted changes. `plans fill` writes it.",
    check: Check::History(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(6, &[("- **Last Updated:** 2025-10-03", "- **Last Updated:** 2025-10-02")]),
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
    if have < truth && !last.on_date(have) {
        out.push(
            Finding::new(
                field.value_span.clone(),
                format!(
                    "Last Updated says {have}, but the plan changed {}",
                    last.describe()
                ),
            )
            .label(format!("history says {truth}"))
            .help("run `plans fill` to write it from history"),
        );
    }
}
