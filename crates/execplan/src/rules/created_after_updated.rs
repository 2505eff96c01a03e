//! EP006 `created-after-updated`: Created is later than Last Updated.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::MetaKey;
use crate::parse::stamp::parse_meta_date;

/// EP006: Created is later than Last Updated.
pub const RULE: Rule = Rule {
    id: "EP006",
    name: "created-after-updated",
    default: Severity::Error,
    needs: Needs::Static,
    summary: "Created is later than Last Updated.",
    doc: "A plan cannot be updated before it was created; one of the two dates was typed wrong. `plans fill` sets both from history.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(5, &[("- **Created:** 2025-10-01", "- **Created:** 2025-10-05")]),
        ],
        clean: &[
            Fixture::clean(&[("- **Created:** 2025-10-01", "- **Created:** 2025-10-03")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let (Some(c), Some(u)) = (
        ctx.plan.meta(MetaKey::Created),
        ctx.plan.meta(MetaKey::LastUpdated),
    ) else {
        return;
    };
    let (Some(cd), Some(ud)) = (parse_meta_date(&c.value), parse_meta_date(&u.value)) else {
        return;
    };
    if cd > ud {
        out.push(
            Finding::new(
                c.value_span.clone(),
                format!("Created ({cd}) is later than Last Updated ({ud})"),
            )
            .label("created here")
            .note(format!("Last Updated is {ud} on line {}", u.line))
            .help("`plans fill` sets both from history"),
        );
    }
}
