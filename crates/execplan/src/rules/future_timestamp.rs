//! EP009 `future-timestamp`: A Progress timestamp is in the future.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::StampValue;

/// EP009: A Progress timestamp is in the future.
pub const RULE: Rule = Rule {
    id: "EP009",
    name: "future-timestamp",
    default: Severity::Error,
    needs: Needs::Static,
    summary: "A Progress timestamp is in the future.",
    doc: "A step cannot be done later than now. A local time written with a `Z` is the usual cause: convert to UTC.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(20, &[("(2025-10-01 13:00Z) Wrote", "(2025-10-11 13:00Z) Wrote")]),
        ],
        clean: &[
            Fixture::clean(&[("(2025-10-01 13:00Z) Wrote", "(2025-10-10 11:00Z) Wrote")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let now = ctx.now;
    for i in ctx.plan.all_items() {
        let Some(s) = &i.stamp else { continue };
        let future = match &s.value {
            StampValue::Instant(t) => *t > now,
            StampValue::NoZone(n) | StampValue::Ambiguous(n, _) => n.and_utc() > now,
            StampValue::Date(d) | StampValue::Range(_, d) => *d > now.date_naive(),
            StampValue::Placeholder | StampValue::Invalid(_) => false,
        };
        if future {
            out.push(
                Finding::new(
                    s.span.clone(),
                    format!("timestamp `{}` is in the future", s.raw),
                )
                .label(format!("now is {}", now.format(crate::parse::stamp::STAMP_FORMAT)))
                .help("a local time written with `Z`? convert it to UTC"),
            );
        }
    }
}
