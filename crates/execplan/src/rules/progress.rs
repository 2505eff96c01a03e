//! Rules about Progress items and what they say about the plan's status.

use super::structure::content_lines;
use super::{Ctx, Finding};
use crate::model::{MetaKey, ProgressItem, SectionKind, StampValue};

fn items<'a>(ctx: &'a Ctx<'_>) -> Vec<&'a ProgressItem> {
    ctx.plan.all_items()
}

pub(super) fn unstamped_checked_item(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for i in items(ctx)
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

pub(super) fn invalid_timestamp(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for i in items(ctx) {
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
        out.push(
            Finding::new(s.span.clone(), msg)
                .label(label)
                .help(if i.checked {
                    "write the UTC time the step was done, or run `plans fill`"
                } else {
                    "remove it until the step is done"
                }),
        );
    }
}

pub(super) fn future_timestamp(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let now = ctx.now;
    for i in items(ctx) {
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
                .label(format!("now is {}", now.format("%Y-%m-%d %H:%MZ")))
                .help("a local time written with `Z`? convert it to UTC"),
            );
        }
    }
}

pub(super) fn ambiguous_timestamp(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for i in items(ctx) {
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

pub(super) fn missing_outcomes(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let (done, total) = ctx.plan.counts();
    if total == 0 || done < total {
        return;
    }
    let outcomes = ctx.plan.section(SectionKind::Outcomes);
    let empty = outcomes.is_none_or(|s| content_lines(ctx.source, s).is_empty());
    if !empty {
        return;
    }
    let span = outcomes
        .map(|s| s.heading_span.clone())
        .or_else(|| {
            ctx.plan
                .section(SectionKind::Progress)
                .map(|s| s.heading_span.clone())
        })
        .unwrap_or(0..0);
    out.push(
        Finding::new(
            span,
            format!("all {total} Progress items are done but Outcomes & Retrospective is empty"),
        )
        .label(if outcomes.is_some() {
            "empty"
        } else {
            "no Outcomes & Retrospective section"
        })
        .help("write what succeeded or failed, the measured impact, and lessons for next time"),
    );
}

/// What a Status value claims.
#[derive(Debug, PartialEq, Eq)]
enum Claim {
    Done,
    NotStarted,
    Active,
    Unknown,
}

fn claim(value: &str) -> Claim {
    let v = value.to_lowercase();
    let words: Vec<&str> = v
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    if v.contains("not started")
        || has("planned")
        || has("proposed")
        || has("todo")
        || has("pendiente")
    {
        return Claim::NotStarted;
    }
    if has("not") || has("incomplete") || has("partial") || has("partially") {
        return Claim::Active;
    }
    if has("complete")
        || has("completed")
        || has("done")
        || has("finished")
        || has("closed")
        || has("shipped")
        || has("merged")
        || has("completado")
        || has("terminado")
        || v.contains('✅')
    {
        return Claim::Done;
    }
    if has("active") || has("progress") || has("in-progress") || has("wip") || has("ongoing") {
        return Claim::Active;
    }
    Claim::Unknown
}

pub(super) fn status_contradiction(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let (done, total) = ctx.plan.done_total();
    let open = total - done;
    if let Some(status) = ctx.plan.meta(MetaKey::Status) {
        match claim(&status.value) {
            Claim::Done if open > 0 => out.push(
                Finding::new(
                    status.value_span.clone(),
                    format!(
                        "status says `{}` but {open} of {total} items are open",
                        status.value
                    ),
                )
                .label("claims done")
                .help("tick the finished items (with timestamps), or set the status back"),
            ),
            Claim::NotStarted if done > 0 => out.push(
                Finding::new(
                    status.value_span.clone(),
                    format!(
                        "status says `{}` but {done} of {total} items are ticked",
                        status.value
                    ),
                )
                .label("claims not started")
                .help("update the status"),
            ),
            _ => {}
        }
    }
    let folder_done = ctx.plan.path.components().any(|c| {
        matches!(
            c.as_os_str().to_str().map(str::to_lowercase).as_deref(),
            Some("completed" | "complete" | "done" | "finished")
        )
    });
    if folder_done && open > 0 {
        let span = ctx.plan.title.as_ref().map_or(0..0, |t| t.span.clone());
        out.push(
            Finding::new(
                span,
                format!("plan is in a finished folder but {open} of {total} items are open"),
            )
            .label("filed as finished")
            .help("tick the finished items, or move the plan back to the active folder"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_claims() {
        assert_eq!(claim("COMPLETE"), Claim::Done);
        assert_eq!(claim("✅ **COMPLETE**"), Claim::Done);
        assert_eq!(claim("Done (2025-10-01)"), Claim::Done);
        assert_eq!(claim("INCOMPLETE"), Claim::Active);
        assert_eq!(claim("not complete"), Claim::Active);
        assert_eq!(claim("Not started"), Claim::NotStarted);
        assert_eq!(claim("IN PROGRESS"), Claim::Active);
        assert_eq!(claim("draft"), Claim::Unknown);
    }
}
