//! Hover: on a Progress item, its history (added, ticked, by which commit
//! and author, the evidence behind the tick); on a rule id or name, the
//! rule's doc; on a path Context and Orientation names, whether it exists
//! and what history did to it.

use std::fmt::Write as _;

use execplan::timeline::ItemTimeline;
use execplan::workspace::Workspace;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::documents::Doc;
use super::text::LineIndex;

/// The hover at `pos`, if there is something to say.
pub fn hover(ws: &Workspace, doc: &mut Doc, pos: Position) -> Option<Hover> {
    let markdown = rule_at(&doc.text, pos).or_else(|| history_at(ws, doc, pos))?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: None,
    })
}

/// The rule doc for a rule id or name under the cursor.
fn rule_at(text: &str, pos: Position) -> Option<String> {
    let index = LineIndex::new(text);
    let at = index.offset(pos);
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = at
        + text[at..]
            .find(|c: char| !is_word(c))
            .unwrap_or(text.len() - at);
    let word = text.get(start..end)?;
    let rule = execplan::rules::find(word)?;
    Some(format!(
        "**{}** `{}` ({}, {})\n\n{}\n\n{}",
        rule.id,
        rule.name,
        severity(rule.default),
        match rule.needs {
            execplan::rules::Needs::History => "history",
            _ => "static",
        },
        rule.summary,
        rule.doc
    ))
}

fn severity(s: execplan::rules::Severity) -> &'static str {
    match s {
        execplan::rules::Severity::Error => "error",
        execplan::rules::Severity::Warning => "warning",
        execplan::rules::Severity::Off => "off",
    }
}

/// An item's or a named path's history.
fn history_at(ws: &Workspace, doc: &mut Doc, pos: Position) -> Option<String> {
    let buffer = doc.buffer(ws);
    let line = pos.line as usize + 1;
    let history = doc.history(ws)?;
    let index = LineIndex::new(&buffer.source.text);
    let at = index.offset(pos);
    if let Some(named) = history
        .paths
        .iter()
        .find(|n| n.span.start <= at && at <= n.span.end)
    {
        let mut s = format!(
            "`{}` {}",
            named.path,
            if named.exists {
                "exists in the working tree"
            } else if named.creates {
                "does not exist yet (the plan says it creates it)"
            } else {
                "does not exist in the working tree"
            }
        );
        match &named.history {
            Some(h) => {
                let _ = write!(s, "\n\nhistory: {h}");
            }
            None => s.push_str(
                "\n\nhistory: no rename, deletion or large change since the plan last changed",
            ),
        }
        return Some(s);
    }
    let item = buffer
        .plan
        .all_items()
        .into_iter()
        .find(|i| i.line == line)?;
    let tl = history.timeline.as_ref()?;
    let it = tl.items.iter().find(|t| t.line == Some(item.line))?;
    Some(describe(it))
}

/// An item's history in markdown.
fn describe(it: &ItemTimeline) -> String {
    let mut s = format!("**{}**\n\n- added {}", it.text, it.added.describe());
    match &it.checked_at {
        Some(f) => {
            let _ = write!(s, "\n- ticked {}", f.describe());
        }
        None if it.checked => s.push_str("\n- ticked, history does not say when"),
        None => s.push_str("\n- open"),
    }
    if let Some(e) = &it.evidence {
        let (added, removed) = e.totals();
        let _ = write!(
            s,
            "\n\nevidence: {} commit{}, {} file{}, +{added} −{removed}",
            e.commits.len(),
            if e.commits.len() == 1 { "" } else { "s" },
            e.files.len(),
            if e.files.len() == 1 { "" } else { "s" },
        );
        for f in e.files.iter().take(20) {
            if f.binary {
                let _ = write!(s, "\n- `{}` (binary)", f.path);
            } else {
                let _ = write!(s, "\n- `{}` +{} −{}", f.path, f.added, f.removed);
            }
        }
        if e.files.len() > 20 {
            let _ = write!(s, "\n- … and {} more", e.files.len() - 20);
        }
        if let Some(why) = &e.unknown {
            let _ = write!(s, "\n\nunknown: {why}");
        }
    } else if it.checked_at.as_ref().is_some_and(|f| f.commit.is_some()) {
        s.push_str("\n\nevidence: none outside the plans folders");
    }
    s
}
