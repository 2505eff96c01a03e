//! EP106 `tick-without-evidence`: an item ticked in a commit with nothing behind it.

use super::{Check, Finding, Fixture, Fixtures, HistoryCtx, Needs, Rule, Severity};

/// EP106: An item was ticked in a revision when nothing outside the plans folders had changed since the plan's previous revision.
pub const RULE: Rule = Rule {
    id: "EP106",
    name: "tick-without-evidence",
    default: Severity::Warning,
    needs: Needs::History,
    summary: "An item was ticked when nothing outside the plans folders had changed since the plan's previous revision.",
    doc: "A tick is a self-report; the code behind it is in git. The files behind a tick are the tree diff from the plan's previous revision to the commit that ticked the item (a merge counts what it brought in relative to its first parent; a squash that holds code and tick counts its own code). When that diff holds nothing that counts as evidence (by default every file outside the plans folders; `evidence = [\"src/**\"]` in execplan.toml narrows it), the tick has nothing behind it. Ticks that came with the plan's first revision are not reported: the field audit found them all to be drafts of the plan itself or retrospectives written after the work (docs/evidence-audit.md). Tick the item in or after the commit that did the work, or untick it; `plans evidence <PLAN>` shows each tick's evidence.",
    check: Check::History(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(21, &[("- [ ] Add tests (completed: 2/6).", "- [x] (2025-10-03 08:00Z) Add tests.")]),
        ],
        clean: &[
            Fixture::clean(&[]),
            // Ticked in the plan's first revision: a draft or a retrospective, not a claim on new code.
            Fixture::clean(&[]).with_config("evidence = [\"src/**\"]\n"),
        ],
    },
};

fn check(ctx: &HistoryCtx<'_>, out: &mut Vec<Finding>) {
    for item in ctx.plan.all_items() {
        if !item.checked {
            continue;
        }
        let Some(t) = ctx.timeline.items.iter().find(|t| t.line == Some(item.line)) else {
            continue;
        };
        let (Some(at), Some(e)) = (&t.checked_at, &t.evidence) else {
            continue;
        };
        // Before a shallow boundary, what changed is unknown. A tick that came
        // with the plan's first revision records a draft or a retrospective
        // (every such tick in the field audit, docs/evidence-audit.md).
        let first = ctx.timeline.revisions.first().and_then(|r| r.commit.as_ref());
        if at.boundary || !e.is_empty() || at.commit.as_ref() == first {
            continue;
        }
        // The checkbox and its stamp: the claim, not the whole item text.
        let span = item.span.start..item.text_start.clamp(item.span.start, item.span.end);
        out.push(
            Finding::new(span, "ticked with nothing behind it: no file that counts as evidence changed since the plan's previous revision")
                .label(format!("ticked in {}", at.describe()))
                .help("tick the item in or after the commit that did the work, or untick it; `plans evidence <PLAN>` shows what is behind each tick"),
        );
    }
}
