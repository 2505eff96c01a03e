//! EP104 `stale-plan`: A plan with open items has not changed for a long time.

use super::{Check, Finding, Fixture, Fixtures, HistoryCtx, Needs, Rule, Severity};
use crate::summary::staleness;

/// EP104: A plan with open items has not changed for a long time.
pub const RULE: Rule = Rule {
    id: "EP104",
    name: "stale-plan",
    default: Severity::Warning,
    needs: Needs::History,
    summary: "A plan with open items has not changed for a long time.",
    doc: "A plan with open Progress items and no commit for `stale-days` days (default 30) is probably abandoned: finish it, close it with a retrospective, or delete it.",
    check: Check::History(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(1, &[])
                .with_config("stale-days = 5\n"),
        ],
        clean: &[
            Fixture::clean(&[])
                .with_config("stale-days = 7\n"),
        ],
    },
};

fn check(ctx: &HistoryCtx<'_>, out: &mut Vec<Finding>) {
    let (done, total) = ctx.plan.counts();
    if total <= done {
        return;
    }
    let Some(last) = &ctx.timeline.last_updated else {
        return;
    };
    let Some(days) = staleness(last.time, ctx.now, ctx.config.stale_days) else {
        return;
    };
    if last.commit.is_some() {
        let span = ctx.plan.title.as_ref().map_or(0..0, |t| t.span.clone());
        out.push(
            Finding::new(
                span,
                format!(
                    "{} of {total} items open and no change for {days} days",
                    total - done
                ),
            )
            .label(format!("last changed {}", last.describe()))
            .help("finish it, close it with a retrospective, or delete it"),
        );
    }
}
