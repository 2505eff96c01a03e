//! Code actions. Each computes the buffer's whole new text with the writer
//! the command line uses (`plans fill`'s edits, `plans tick`'s
//! `edit_text`) and sends the difference as one text edit: the buffer ends
//! exactly as the verb would leave the file. A document that is not a
//! trusted plan gets none.

use std::collections::HashMap;

use execplan::edit::{edit_text, Op, Tick};
use execplan::live::{self, Fill};
use execplan::workspace::Workspace;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic as LspDiagnostic,
    Uri, WorkspaceEdit,
};

use super::diagnostics;
use super::documents::Doc;
use super::text::{diff, LineIndex};

/// An action that replaces the document's text with `new`.
fn action(
    uri: &Uri,
    doc: &Doc,
    title: String,
    kind: CodeActionKind,
    new: &str,
    diagnostics: Vec<LspDiagnostic>,
) -> Option<CodeActionOrCommand> {
    let edit = diff(&doc.text, new)?;
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    }))
}

/// The actions for the lines `params` covers.
pub fn actions(
    ws: &Workspace,
    uri: &Uri,
    doc: &mut Doc,
    params: &CodeActionParams,
) -> Vec<CodeActionOrCommand> {
    let Some(rel) = doc.rel.clone() else {
        return Vec::new();
    };
    let first = params.range.start.line as usize + 1;
    let last = params.range.end.line as usize + 1;
    let on = |line: usize| line >= first && line <= last;
    let buffer = doc.buffer(ws);
    let mut out = Vec::new();
    let current = diagnostics::current(doc);
    let text = doc.text.clone();
    let lsp_on = |name: &str, line: usize| -> Vec<LspDiagnostic> {
        current
            .iter()
            .filter(|d| d.name == name && d.line == line)
            .map(|d| diagnostics::to_lsp(d, &text))
            .collect()
    };
    // Tick an open item now: `plans tick`.
    for item in buffer
        .plan
        .all_items()
        .into_iter()
        .filter(|i| on(i.line) && !i.checked)
    {
        let op = Op::Tick(Tick {
            item: item.text.clone(),
            undo: false,
        });
        if let Ok(edited) = edit_text(ws, &buffer.source, &op, &rel) {
            if edited.changed {
                out.extend(action(
                    uri,
                    doc,
                    format!("Tick “{}” now (plans tick)", short(&item.text)),
                    CodeActionKind::REFACTOR_REWRITE,
                    &edited.text,
                    Vec::new(),
                ));
            }
        }
    }
    // Suppress a finding for its block or the file.
    for d in current.iter().filter(|d| on(d.line)) {
        let Some(rule) = execplan::rules::find(d.rule) else {
            continue;
        };
        let lsp = vec![diagnostics::to_lsp(d, &doc.text)];
        if let Some(text) = live::allow(ws, &buffer, rule, Some(d.line)) {
            out.extend(action(
                uri,
                doc,
                format!("Allow {} {} here", rule.id, rule.name),
                CodeActionKind::QUICKFIX,
                &text,
                lsp.clone(),
            ));
        }
        if let Some(text) = live::allow(ws, &buffer, rule, None) {
            out.extend(action(
                uri,
                doc,
                format!("Allow {} {} in this file", rule.id, rule.name),
                CodeActionKind::QUICKFIX,
                &text,
                lsp,
            ));
        }
    }
    let Some(history) = doc.history(ws).cloned() else {
        return dedup(out);
    };
    let doc: &Doc = doc;
    if let Some(tl) = &history.timeline {
        // Stamp a checked item: its tick commit's time, or now if uncommitted.
        for item in buffer
            .plan
            .all_items()
            .into_iter()
            .filter(|i| on(i.line) && i.checked)
        {
            if let Some(text) = live::fill_text(ws, &buffer, tl, Fill::Stamp(item.line)) {
                let when = tl
                    .items
                    .iter()
                    .find(|t| t.line == Some(item.line))
                    .and_then(|t| t.checked_at.as_ref())
                    .map_or_else(String::new, |f| format!(" ({})", f.describe()));
                out.extend(action(
                    uri,
                    doc,
                    format!("Stamp “{}” from history{when}", short(&item.text)),
                    CodeActionKind::QUICKFIX,
                    &text,
                    lsp_on("unstamped-checked-item", item.line),
                ));
            }
        }
        if let Some(text) = live::fill_text(ws, &buffer, tl, Fill::Dates) {
            out.extend(action(
                uri,
                doc,
                "Set Created / Last Updated from history".to_string(),
                CodeActionKind::QUICKFIX,
                &text,
                Vec::new(),
            ));
        }
        if let Some(text) = live::fill_text(ws, &buffer, tl, Fill::All) {
            out.extend(action(
                uri,
                doc,
                "Fill the whole plan from history (plans fill)".to_string(),
                CodeActionKind::SOURCE_FIX_ALL,
                &text,
                Vec::new(),
            ));
        }
    }
    // Follow a renamed path to its name today (EP107).
    let index = LineIndex::new(&buffer.source.text);
    for named in &history.paths {
        let line = index.position(named.span.start).line as usize + 1;
        if !on(line) {
            continue;
        }
        if let (Some(to), Some(text)) = (&named.renamed_to, live::follow_rename(&buffer, named)) {
            out.extend(action(
                uri,
                doc,
                format!("Rename `{}` to `{to}` (history followed it)", named.path),
                CodeActionKind::QUICKFIX,
                &text,
                lsp_on("context-drift", line),
            ));
        }
    }
    dedup(out)
}

/// One action per title (two findings of one rule on a line offer the same allow).
fn dedup(actions: Vec<CodeActionOrCommand>) -> Vec<CodeActionOrCommand> {
    let mut seen = std::collections::HashSet::new();
    actions
        .into_iter()
        .filter(|a| match a {
            CodeActionOrCommand::CodeAction(a) => seen.insert(a.title.clone()),
            CodeActionOrCommand::Command(_) => true,
        })
        .collect()
}

/// An item's text, cut for a menu.
fn short(text: &str) -> String {
    let t: String = text.chars().take(48).collect();
    if t.len() < text.len() {
        format!("{t}…")
    } else {
        t
    }
}
