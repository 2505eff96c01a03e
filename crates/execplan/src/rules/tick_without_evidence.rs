//! EP106 `tick-without-evidence`: an item ticked in a commit with nothing behind it.

use std::sync::LazyLock;

use regex::Regex;

use super::{inline, Check, Finding, Fixture, Fixtures, HistoryCtx, Needs, Rule, Severity};

/// EP106: An item was ticked when nothing outside the plans folders had changed since it appeared.
pub const RULE: Rule = Rule {
    id: "EP106",
    name: "tick-without-evidence",
    default: Severity::Warning,
    needs: Needs::History,
    summary: "An item was ticked when nothing outside the plans folders had changed since it appeared.",
    doc: "A tick is a self-report; the code behind it is in git. The files behind a tick are the tree diff from just before the commit in which the item appeared (or from the plan's last earlier revision that ticked another item, when that is later) to the commit that ticked it, so work committed while the item was still open counts (an item that appeared already ticked looks back to the plan's previous revision; a merge counts what it brought in relative to its first parent). The plan's own former paths never count. When that diff holds nothing that counts as evidence (by default every file outside the plans folders; `evidence = [\"src/**\"]` in execplan.toml narrows it), the tick has nothing behind it, unless the work is the plan itself or its evidence is in the text: not reported are an item that carries its own evidence (a figure, a commit id, a file and line, a link), an item about the plan's own work (research, a decision, a review, the plan), a tick in a window where the plan's Decision Log, Surprises or Outcomes changed, and ticks that came with the plan's first revision (the field audit found them all to be drafts of the plan or retrospectives written after the work, docs/evidence-audit.md). Tick the item in or after the commit that did the work, or untick it; `plans evidence <PLAN>` shows each tick's evidence and which of its files the plan names.",
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
        // The work is the plan itself, or the item says what backs it.
        if e.plan_records || PLAN_WORK.is_match(&item.text) || inline::carries_evidence(&item.text) {
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

/// Items whose work is the plan itself or thinking that leaves no code:
/// research, a decision, a review, the plan or its records.
static PLAN_WORK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:research|investigate|explore|survey|spike|study|review|assess|evaluate|analy[sz]e|audit|decide|choose|pick|agree|confirm|discuss|capture|record|write up|draft|outline|plan)\b|\b(?:the|this) (?:exec)?plan\b|\bexecplan\b|\bdecision log\b|\bretrospective\b")
        .expect("static regex")
});

#[cfg(test)]
mod tests {
    use super::PLAN_WORK;

    #[test]
    fn plan_work_is_told_from_code_work() {
        for text in [
            "Research how the loader caches.",
            "Decide between a token bucket and a leaky bucket.",
            "Review the draft with the team.",
            "Update the plan with the measurements.",
            "Write the retrospective.",
        ] {
            assert!(PLAN_WORK.is_match(text), "{text}");
        }
        for text in ["Add the budget to the client.", "Write tests for the loader.", "Planner refactor."] {
            assert!(!PLAN_WORK.is_match(text), "{text}");
        }
    }
}
