//! EP005 `invalid-date`: Created or Last Updated is not a valid date, or is in the future.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::{MetaField, MetaKey};
use crate::parse::stamp::parse_meta_date;

/// EP005: Created or Last Updated is not a valid date, or is in the future.
pub const RULE: Rule = Rule {
    id: "EP005",
    name: "invalid-date",
    default: Severity::Error,
    needs: Needs::Static,
    summary: "Created or Last Updated is not a valid date, or is in the future.",
    doc: "Dates are `YYYY-MM-DD` (a time may follow). A date that does not exist (2025-02-30) or lies in the future cannot be right.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(5, &[("- **Created:** 2025-10-01", "- **Created:** 2025-02-30")]),
            Fixture::at(6, &[("- **Last Updated:** 2025-10-03", "- **Last Updated:** 2025-12-03")]),
        ],
        clean: &[
            Fixture::clean(&[("- **Created:** 2025-10-01", "- **Created:** 2025-10-01 09:30")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let today = ctx.now.date_naive();
    for m in dates(ctx) {
        match parse_meta_date(&m.value) {
            None => out.push(
                Finding::new(
                    m.value_span.clone(),
                    format!("`{}` is not a valid date: `{}`", m.key, m.value),
                )
                .label("expected YYYY-MM-DD")
                .help("write an ISO date such as 2025-10-01"),
            ),
            Some(d) if d > today => out.push(
                Finding::new(
                    m.value_span.clone(),
                    format!("`{}` is in the future: {d}", m.key),
                )
                .label(format!("today is {today} (UTC)"))
                .help("write the date the plan was really created or changed"),
            ),
            Some(_) => {}
        }
    }
}

fn dates<'a>(ctx: &'a Ctx<'a>) -> impl Iterator<Item = &'a MetaField> {
    ctx.plan
        .metadata
        .iter()
        .filter(|m| matches!(m.field, Some(MetaKey::Created | MetaKey::LastUpdated)))
        .filter(|m| !m.is_placeholder() && !m.value.trim().is_empty())
}
