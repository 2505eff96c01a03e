//! Progress items: find one by its text, tick or untick it, add one, split
//! one into what is done and what remains.

use crate::error::Error;
use crate::fill::Edit;
use crate::matching::REWORD_RATIO;
use crate::model::{item_key, Plan, ProgressItem, SectionKind};
use crate::source::Source;

use super::sections::{append, create};
use super::text::{self, written, Place, MAX_ITEM};
use super::Draft;

/// The item `query` names: the one whose text equals it (case, markup and
/// spacing aside), else the one that contains it, else the one that reads
/// like it (the history matcher's rewording ratio). The first of these that
/// finds anything decides; several there: [`Error::Choice`], never a guess.
pub(super) fn find<'p>(plan: &'p Plan, query: &str) -> Result<&'p ProgressItem, Error> {
    text::name(query, "the item")?;
    let q = item_key(query);
    if q.is_empty() {
        return Err(Error::Invalid("name the item by its text".to_string()));
    }
    let items = plan.all_items();
    let tier = |keep: &dyn Fn(&str) -> bool| -> Vec<&'p ProgressItem> {
        items.iter().copied().filter(|i| keep(&i.key())).collect()
    };
    let mut fits = tier(&|k| k == q);
    if fits.is_empty() {
        fits = tier(&|k| k.contains(&q));
    }
    if fits.is_empty() {
        fits = tier(&|k| similar::TextDiff::from_chars(k, q.as_str()).ratio() >= REWORD_RATIO);
    }
    let listed = |v: &[&ProgressItem]| -> Vec<String> {
        v.iter()
            .map(|i| {
                format!(
                    "line {}: [{}] {}",
                    i.line,
                    if i.checked { "x" } else { " " },
                    i.text
                )
            })
            .collect()
    };
    match fits.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::Choice {
            message: format!("no Progress item matches `{query}`; name one of these"),
            candidates: listed(&items),
        }),
        many => Err(Error::Choice {
            message: format!("`{query}` matches several Progress items; give more of the text"),
            candidates: listed(many),
        }),
    }
}

/// The byte of the box's mark (` ` or `x`), located in the item's first line.
fn mark(source: &Source, item: &ProgressItem) -> Option<usize> {
    let start = source.line_start(item.line);
    let before = &source.text[start..item.text_start];
    let open = before.rfind('[')?;
    let at = start + open + 1;
    matches!(source.text.as_bytes().get(at + 1), Some(b']')).then_some(at)
}

/// Tick (or with `undo`, untick) the item. Ticking stamps it (the stamp is
/// written by `fill`, in its one format); unticking removes the stamp so that
/// tick then untick is no change at all. Already in that state: no edit.
pub(super) fn tick(source: &Source, plan: &Plan, query: &str, undo: bool) -> Result<Draft, Error> {
    let item = find(plan, query)?;
    let line = item.line;
    let key = item.key();
    // Read back by its place among the items, not by its line: the Last
    // Updated field the write adds to a plan without one moves every line
    // below it.
    let index = plan
        .all_items()
        .iter()
        .position(|i| std::ptr::eq(*i, item))
        .unwrap_or(usize::MAX);
    let mut step = Draft::verify(move |_: &Source, p: &Plan| {
        p.all_items()
            .get(index)
            .is_some_and(|i| i.key() == key && i.checked != undo && (undo || i.stamp.is_some()))
    });
    if item.checked != undo {
        step.notes.push(format!(
            "line {line}: already {}; nothing to do",
            if undo { "open" } else { "ticked" }
        ));
        return Ok(step);
    }
    let at = mark(source, item).ok_or_else(|| {
        Error::Invalid(format!(
            "{}:{line}: the item's checkbox is not on its first line; edit it by hand",
            source.path.display()
        ))
    })?;
    step.edits.push(Edit {
        span: at..at + 1,
        text: if undo { " " } else { "x" }.to_string(),
        what: format!(
            "line {line}: {} `{}`",
            if undo { "unticked" } else { "ticked" },
            item.text
        ),
    });
    if undo {
        if let Some(s) = &item.stamp {
            step.edits.push(Edit {
                span: s.span.clone(),
                text: String::new(),
                what: format!("line {line}: removed timestamp {}", s.raw),
            });
        }
    } else {
        step.stamp = Some(line);
    }
    Ok(step)
}

/// The marker, indentation and line of the last top-level item, to write a
/// new item like it.
fn last_item_style(source: &Source, plan: &Plan) -> Option<(String, usize)> {
    let last = plan.progress.last()?;
    let line = source.line(last.line);
    let box_at = line.find('[')?;
    let prefix = line[..box_at].to_string();
    let (end_line, _) = source.line_col(last.span.end.saturating_sub(1).max(last.span.start));
    Some((prefix, end_line.max(last.line)))
}

/// Lines for new items after the last top-level item (or in a new or empty
/// Progress section), and the check that they read back as written.
fn add_items(source: &Source, plan: &Plan, new: &[(String, bool)]) -> Result<Draft, Error> {
    let nl = super::sections::newline(source);
    let before: Vec<(bool, String)> = plan
        .all_items()
        .iter()
        .map(|i| (i.checked, i.key()))
        .collect();
    let wanted: Vec<(bool, String)> = new.iter().map(|(t, d)| (*d, item_key(t))).collect();
    let render = |prefix: &str| -> Vec<String> {
        new.iter()
            .map(|(t, done)| format!("{prefix}[{}] {t}", if *done { "x" } else { " " }))
            .collect()
    };
    let what = new
        .iter()
        .map(|(t, d)| format!("added {} item `{t}`", if *d { "a done" } else { "an open" }))
        .collect::<Vec<_>>()
        .join("; ");
    let edit = match (
        last_item_style(source, plan),
        plan.section(SectionKind::Progress),
    ) {
        (Some((prefix, end_line)), _) => {
            let at = source.line_range(end_line).end;
            Edit {
                span: at..at,
                text: render(&prefix).iter().map(|l| format!("{nl}{l}")).collect(),
                what,
            }
        }
        (None, Some(s)) => append(source, s, &render("- "), true, what),
        (None, None) => create(source, plan, SectionKind::Progress, &render("- ")),
    };
    let mut step = Draft::verify(move |_: &Source, p: &Plan| {
        let after: Vec<(bool, String)> =
            p.all_items().iter().map(|i| (i.checked, i.key())).collect();
        after.len() == before.len() + wanted.len()
            && after.starts_with(&before)
            && after[before.len()..] == wanted[..]
    });
    step.edits.push(edit);
    Ok(step)
}

/// Append a Progress item; with `done`, ticked and stamped now.
pub(super) fn add(source: &Source, plan: &Plan, text: &str, done: bool) -> Result<Draft, Error> {
    let text = written(text, "item text", MAX_ITEM, Place::Item)?;
    let mut step = add_items(source, plan, &[(text, done)])?;
    if done {
        step.stamp_new = Some(plan.all_items().len());
    }
    Ok(step)
}

/// Split an open item: its text becomes what is done (ticked, stamped now) and
/// a new open item right after it holds what remains.
pub(super) fn split(
    source: &Source,
    plan: &Plan,
    query: &str,
    done: &str,
    remaining: &str,
) -> Result<Draft, Error> {
    let done = written(done, "--done", MAX_ITEM, Place::Item)?;
    let remaining = written(remaining, "--remaining", MAX_ITEM, Place::Item)?;
    let item = find(plan, query)?;
    if item.checked {
        return Err(Error::Invalid(format!(
            "line {}: `{}` is already done; add the remaining work with `plans add`",
            item.line, item.text
        )));
    }
    let at = mark(source, item).ok_or_else(|| {
        Error::Invalid(format!(
            "{}:{}: the item's checkbox is not on its first line; edit it by hand",
            source.path.display(),
            item.line
        ))
    })?;
    // The item's own text runs to its first child, or to its end.
    let text_end_line = match item.children.first() {
        Some(c) => c.line - 1,
        None => {
            source
                .line_col(item.span.end.saturating_sub(1).max(item.span.start))
                .0
        }
    };
    let text_end = source.line_range(text_end_line.max(item.line)).end;
    let line = source.line(item.line);
    let prefix = line[..line.find('[').unwrap_or(0)].to_string();
    let (end_line, _) = source.line_col(item.span.end.saturating_sub(1).max(item.span.start));
    let after = source.line_range(end_line.max(item.line)).end;
    let nl = super::sections::newline(source);
    let index = plan
        .all_items()
        .iter()
        .position(|i| i.line == item.line)
        .unwrap_or(0);
    let before: Vec<(bool, String)> = plan
        .all_items()
        .iter()
        .map(|i| (i.checked, i.key()))
        .collect();
    let (done_key, rest_key) = (item_key(&done), item_key(&remaining));
    let children = item.walk().len() - 1;
    let mut step = Draft::verify(move |_: &Source, p: &Plan| {
        let after: Vec<(bool, String)> =
            p.all_items().iter().map(|i| (i.checked, i.key())).collect();
        let mut want = before.clone();
        want[index] = (true, done_key.clone());
        want.insert(index + 1 + children, (false, rest_key.clone()));
        after == want
    });
    step.edits.push(Edit {
        span: at..at + 1,
        text: "x".to_string(),
        what: format!("line {}: split `{}`", item.line, item.text),
    });
    step.edits.push(Edit {
        span: item.text_start..text_end,
        text: done.clone(),
        what: format!("line {}: done: `{done}`", item.line),
    });
    step.edits.push(Edit {
        span: after..after,
        text: format!("{nl}{prefix}[ ] {remaining}"),
        what: format!("remaining: `{remaining}`"),
    });
    step.stamp = Some(item.line);
    Ok(step)
}
