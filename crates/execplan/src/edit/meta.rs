//! Metadata a write keeps true beyond what `fill` writes: Last Updated where
//! the plan has no field block for `fill` to extend, and Status when a write
//! makes it contradict the checkboxes.

use chrono::NaiveDate;

use crate::fill::Edit;
use crate::model::{MetaKey, MetaStyle, Plan, SectionKind};
use crate::rules;
use crate::source::Source;

use super::sections::{create, newline};
use crate::workspace::Workspace;

/// Last Updated set to `today` where `fill` could not: after the last
/// `Key: value` line of a preamble (written like it), else in a new Metadata
/// section. `None` when it already reads `today`.
pub(super) fn last_updated(source: &Source, plan: &Plan, today: NaiveDate) -> Option<Edit> {
    if plan.meta(MetaKey::LastUpdated).is_some() {
        return None;
    }
    let what = format!("{} (missing) → {today}", MetaKey::LastUpdated.label());
    if let Some(last) = plan
        .metadata
        .iter()
        .filter(|m| m.style == MetaStyle::Preamble)
        .max_by_key(|m| m.line)
    {
        let r = source.line_range(last.line);
        let line = &source.text[r.clone()];
        let key_at = line.find(&last.key)?;
        // The value must sit on the key's line, after the key; a value that
        // wraps onto other lines is not copied as a pattern.
        let vs = last.value_span.start.checked_sub(r.start)?;
        let ve = last.value_span.end.checked_sub(r.start)?;
        if key_at + last.key.len() > vs || ve > line.len() || vs > ve {
            return None;
        }
        let new = format!(
            "{}{}{}{today}{}",
            &line[..key_at],
            MetaKey::LastUpdated.label(),
            &line[key_at + last.key.len()..vs],
            &line[ve..]
        );
        let at = r.end;
        return Some(Edit {
            span: at..at,
            text: format!("{}{new}", newline(source)),
            what,
        });
    }
    if plan.section(SectionKind::Metadata).is_some() {
        return None;
    }
    let mut e = create(
        source,
        plan,
        SectionKind::Metadata,
        &[format!("- **{}:** {today}", MetaKey::LastUpdated.label())],
    );
    e.what = what;
    Some(e)
}

/// Words that say a plan is finished, as the status rule reads them.
const DONE_WORDS: &[&str] = &[
    "done",
    "complete",
    "completed",
    "finished",
    "closed",
    "shipped",
    "merged",
];

/// A Status value the write made contradict the checkboxes (the plan's own
/// `status-contradiction` rule says so) becomes `In progress` or `Done`;
/// `close` sets it to `Done` whatever it said.
pub(super) fn status(ws: &Workspace, source: &Source, plan: &Plan, closing: bool) -> Option<Edit> {
    let field = plan.meta(MetaKey::Status)?;
    let (done, total) = plan.counts();
    let says_done = {
        let v = field.value.to_lowercase();
        v.split(|c: char| !c.is_alphanumeric())
            .any(|w| DONE_WORDS.contains(&w))
            && !v.contains("not")
    };
    let want = if closing {
        (!says_done).then_some("Done")
    } else {
        let rule = rules::find("status-contradiction")?;
        let rules::Check::Plan(check) = rule.check else {
            return None;
        };
        let rctx = rules::Ctx {
            plan,
            source,
            config: &ws.config,
            root: &ws.root,
            now: ws.now,
            files: None,
        };
        let mut found = Vec::new();
        check(&rctx, &mut found);
        found
            .iter()
            .any(|f| f.span == field.value_span)
            .then_some(if total > 0 && done == total {
                "Done"
            } else {
                "In progress"
            })
    }?;
    // Only the status word itself: emphasis and trailing notes stay.
    let lead = field.value.len() - field.value.trim_start_matches(['`', '*', '_']).len();
    let core = field.value[lead..].trim_end_matches(['`', '*', '_']);
    let start = field.value_span.start + lead;
    Some(Edit {
        span: start..start + core.len(),
        text: want.to_string(),
        what: format!("Status {} → {want}", field.value),
    })
}
