//! EP007 `unstamped-checked-item`: A checked Progress item has no timestamp.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};

/// EP007: A checked Progress item has no timestamp.
pub const RULE: Rule = Rule {
    id: "EP007",
    name: "unstamped-checked-item",
    default: Severity::Error,
    needs: Needs::Static,
    summary: "A checked Progress item has no timestamp.",
    doc: "Progress is the plan's truth about status, and its timestamps show the rate of progress. Write `- [x] (2025-10-01 13:00Z) …` when ticking a box; `plans fill` adds the time of the commit that ticked it. Checkboxes outside Progress (acceptance lists) are not checked.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(20, &[("- [x] (2025-10-01 13:00Z) Wrote", "- [x] Wrote")]),
        ],
        clean: &[
            Fixture::clean(&[("Fewer retries.", "- [x] Fewer retries.")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for i in ctx
        .plan
        .all_items()
        .into_iter()
        .filter(|i| i.checked && i.stamp.is_none())
    {
        let line = ctx.source.line_range(i.line);
        out.push(
            Finding::new(i.text_start..line.end, "checked item has no timestamp")
                .label("ticked, but when?")
                .help("write `(YYYY-MM-DD HH:MMZ)` after the checkbox, or run `plans fill` to take it from history"),
        );
    }
}
