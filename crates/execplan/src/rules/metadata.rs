//! Rules about the metadata block.

use super::{Ctx, Finding};
use crate::model::{MetaField, MetaKey};
use crate::parse::stamp::parse_meta_date;

pub(super) fn missing_metadata(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let missing: Vec<&str> = [MetaKey::Owner, MetaKey::Created, MetaKey::LastUpdated]
        .into_iter()
        .filter(|k| ctx.plan.meta(*k).is_none())
        .map(MetaKey::label)
        .collect();
    if missing.is_empty() {
        return;
    }
    let span = ctx.plan.title.as_ref().map_or(0..0, |t| t.span.clone());
    out.push(
        Finding::new(span, format!("metadata {} missing", list(&missing)))
            .label("in this plan")
            .help("add `- **Owner:** …`, `- **Created:** YYYY-MM-DD`, `- **Last Updated:** YYYY-MM-DD` under `## Metadata`; `plans fill` writes the dates from history"),
    );
}

fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    let verb = if items.len() == 1 { "is" } else { "are" };
    format!("{} {verb}", quoted.join(", "))
}

pub(super) fn metadata_placeholder(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for m in &ctx.plan.metadata {
        if m.field.is_some() && m.is_placeholder() {
            out.push(
                Finding::new(
                    m.value_span.clone(),
                    format!(
                        "`{}` is still the template placeholder `{}`",
                        m.key, m.value
                    ),
                )
                .label("placeholder")
                .help(match m.field {
                    Some(MetaKey::Created | MetaKey::LastUpdated) => {
                        "run `plans fill` to write it from history"
                    }
                    _ => "write the real value",
                }),
            );
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

pub(super) fn invalid_date(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
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

pub(super) fn created_after_updated(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
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
