//! EP101 `created-mismatch`: Created disagrees with the commit that created the plan.

use super::history::{date_field, UNSHALLOW};
use super::{Check, Finding, Fixture, Fixtures, HistoryCtx, Needs, Rule, Severity};
use crate::model::MetaKey;

/// EP101: Created disagrees with the commit that created the plan.
pub const RULE: Rule = Rule {
    id: "EP101",
    name: "created-mismatch",
    default: Severity::Error,
    needs: Needs::History,
    summary: "Created disagrees with the commit that created the plan.",
    doc: "Created should be the author date of the first commit in which the plan, followed through renames, appears on the history of HEAD: in UTC, or in the author's own zone (a commit at 21:33 −04:00 may say either day). `plans fill` writes the UTC date.",
    check: Check::History(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(5, &[("- **Created:** 2025-10-01", "- **Created:** 2025-09-30")]),
        ],
        clean: &[
            Fixture::clean(&[]),
        ],
    },
};

fn check(ctx: &HistoryCtx<'_>, out: &mut Vec<Finding>) {
    let tl = ctx.timeline;
    let (Some((field, have)), Some(created)) = (date_field(ctx, MetaKey::Created), &tl.created)
    else {
        return;
    };
    let truth = created.time.date_naive();
    // The author's own calendar date is as true as the UTC one.
    if tl.created_certain && !created.on_date(have) {
        out.push(
            Finding::new(
                field.value_span.clone(),
                format!(
                    "Created says {have}, but the plan was created {}",
                    created.describe()
                ),
            )
            .label(format!("history says {truth}"))
            .help("run `plans fill` to write it from history"),
        );
    } else if !tl.created_certain && have > truth {
        // The plan existed at the boundary (or the move), so it cannot be younger.
        let finding = Finding::new(
            field.value_span.clone(),
            format!(
                "Created says {have}, but the plan already existed {}",
                created.describe()
            ),
        )
        .label(format!("history says {truth} or earlier"));
        out.push(match &tl.moved_in_from {
            Some(from) => finding
                .note(format!(
                    "the plan was moved in from `{from}`, whose older history could not be read"
                ))
                .help(format!("write the date `{from}` was created, or {truth}")),
            None => finding
                .note(UNSHALLOW)
                .help("run `plans fill` after fetching full history")
                .at_most_warning(ctx.shallow),
        });
    }
}
