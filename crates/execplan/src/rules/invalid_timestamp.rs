//! EP008 `invalid-timestamp`: A Progress timestamp is a placeholder or not a real date or time.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::StampValue;

/// EP008: A Progress timestamp is a placeholder or not a real date or time.
pub const RULE: Rule = Rule {
    id: "EP008",
    name: "invalid-timestamp",
    default: Severity::Error,
    needs: Needs::Static,
    summary: "A Progress timestamp is a placeholder or not a real date or time.",
    doc: "`(YYYY-MM-DD HH:MMZ)` left from the template, or a date such as 2025-02-30, or a time such as 25:00, is not a timestamp. Write the UTC time the step was done.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(20, &[("(2025-10-01 13:00Z) Wrote", "(YYYY-MM-DD HH:MMZ) Wrote")]),
            Fixture::at(20, &[("(2025-10-01 13:00Z) Wrote", "(2025-10-01 25:00Z) Wrote")]),
        ],
        clean: &[
            Fixture::clean(&[("(2025-10-01 13:00Z) Wrote", "(2025-10-01 23:59Z) Wrote")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for i in ctx.plan.all_items() {
        let Some(s) = &i.stamp else { continue };
        let (msg, label) = match &s.value {
            StampValue::Placeholder => (
                "timestamp is still the template placeholder".to_string(),
                "placeholder",
            ),
            StampValue::Invalid(why) => (
                format!("invalid timestamp `{}`: {why}", s.raw),
                "not a real date or time",
            ),
            _ => continue,
        };
        let f = Finding::new(s.span.clone(), msg).label(label);
        out.push(if i.checked {
            // fill never replaces a stamp it cannot read (it may be the
            // author's typo of the true time), so the fix is by hand.
            f.help("write the UTC time the step was done")
                .note("without a stamp, `plans fill` would take the tick's time from history")
        } else {
            f.help("remove it until the step is done")
        });
    }
}
