//! EP010 `ambiguous-timestamp`: A Progress timestamp has no time zone, or an ambiguous one.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::StampValue;

/// EP010: A Progress timestamp has no time zone, or an ambiguous one.
pub const RULE: Rule = Rule {
    id: "EP010",
    name: "ambiguous-timestamp",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "A Progress timestamp has no time zone, or an ambiguous one.",
    doc: "`13:00` with no zone is read as UTC; `CST`, `IST`, `BST` name several offsets and are read as UTC too. Say what you mean: `13:00Z` or `13:00-06:00`.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(20, &[("(2025-10-01 13:00Z) Wrote", "(2025-10-01 13:00) Wrote")]),
            Fixture::at(20, &[("(2025-10-01 13:00Z) Wrote", "(2025-10-01 13:00 CST) Wrote")]),
        ],
        clean: &[
            Fixture::clean(&[("(2025-10-01 13:00Z) Wrote", "(2025-10-01 13:00 UTC) Wrote")]),
            Fixture::clean(&[("(2025-10-01 13:00Z) Wrote", "(2025-10-01 05:00-08:00) Wrote")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for i in ctx.plan.all_items() {
        let Some(s) = &i.stamp else { continue };
        let msg = match &s.value {
            StampValue::NoZone(_) => format!("timestamp `{}` has no time zone; read as UTC", s.raw),
            StampValue::Ambiguous(_, z) => {
                format!(
                    "time zone `{z}` in `{}` is ambiguous or unknown; read as UTC",
                    s.raw
                )
            }
            _ => continue,
        };
        out.push(
            Finding::new(s.span.clone(), msg)
                .label("which zone?")
                .help("write UTC with a `Z` (`13:00Z`) or a numeric offset (`13:00-06:00`)"),
        );
    }
}
