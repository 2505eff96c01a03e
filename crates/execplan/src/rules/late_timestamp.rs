//! EP022 `late-timestamp`: A checked Progress item has its date later in the text, not at the start.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};

/// EP022: A checked Progress item has its date later in the text, not at the start.
pub const RULE: Rule = Rule {
    id: "EP022",
    name: "late-timestamp",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "A checked Progress item has its date later in the text, not at the start.",
    doc: "`- [x] Merged as #12 (2025-10-02)` is dated, but not where readers and tools look for the time of a tick: right after the checkbox. Move the date to the front, `- [x] (2025-10-02) Merged as #12`, and add the time when you know it. `plans fill` leaves such items alone rather than put a second date in front; EP007 reports only items with no date at all.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(20, &[(
                "- [x] (2025-10-01 13:00Z) Wrote the budget.",
                "- [x] Wrote the budget (2025-10-01: first cut).",
            )]),
        ],
        clean: &[
            Fixture::clean(&[(
                "- [x] (2025-10-01 13:00Z) Wrote the budget.",
                "- [x] (2025-10-01 13:00Z) Wrote the budget, merged 2025-10-02.",
            )]),
            Fixture::clean(&[("- [ ] Add tests", "- [ ] Add tests by 2025-10-09")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for i in ctx.plan.all_items().into_iter().filter(|i| i.checked) {
        let Some(date) = &i.later_date else { continue };
        out.push(
            Finding::new(date.span.clone(), "the item's date is not at its start")
                .label("dated here")
                .help(format!(
                    "move it after the checkbox: `- [x] ({}) …`",
                    date.value
                )),
        );
    }
}
