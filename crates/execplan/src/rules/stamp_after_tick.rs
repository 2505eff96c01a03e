//! EP103 `stamp-after-tick`: A checked item's timestamp is later than the commit that first recorded it as checked.

use super::{Check, Finding, Fixture, Fixtures, HistoryCtx, Needs, Rule, Severity};

/// EP103: A checked item's timestamp is later than the commit that first recorded it as checked.
pub const RULE: Rule = Rule {
    id: "EP103",
    name: "stamp-after-tick",
    default: Severity::Error,
    needs: Needs::History,
    summary: "A checked item's timestamp is later than the commit that first recorded it as checked.",
    doc: "A box ticked in a commit cannot have been done after that commit was written: after its committer date (an amend or rebase moves that date, not the author date, so a stamp between the two is no error). The diagnostic names the commit, its author and date, and the committer date it compared with.",
    check: Check::History(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(20, &[("(2025-10-01 13:00Z) Wrote", "(2025-10-01 15:00Z) Wrote")]),
        ],
        clean: &[
            Fixture::clean(&[("(2025-10-01 13:00Z) Wrote", "(2025-10-01 13:59Z) Wrote")]),
        ],
    },
};

fn check(ctx: &HistoryCtx<'_>, out: &mut Vec<Finding>) {
    for item in ctx.plan.all_items() {
        let Some(stamp) = &item.stamp else { continue };
        if !item.checked {
            continue;
        }
        let Some(t) = ctx
            .timeline
            .items
            .iter()
            .find(|t| t.line == Some(item.line))
        else {
            continue;
        };
        let Some(at) = &t.checked_at else { continue };
        if at.commit.is_none() || at.boundary {
            continue;
        }
        // Amends and rebases move the committer date, not the author date: a stamp
        // between the two may be the honest time of the work.
        if stamp.value.later_than(at.committed) {
            out.push(
                Finding::new(stamp.span.clone(), format!("timestamp `{}` is later than the commit that ticked this item (its committer date, {})", stamp.raw, at.committed.format("%Y-%m-%d %H:%MZ")))
                    .label(format!("ticked in {}", at.describe()))
                    .help("write the time the step was done (no later than the commit), or run `plans fill` after removing the stamp"),
            );
        }
    }
}
