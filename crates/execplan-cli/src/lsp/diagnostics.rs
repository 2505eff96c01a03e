//! Diagnostics: `check`'s findings as LSP diagnostics, with the same rule
//! ids, messages, notes and help. The static rules run on every change (the
//! caller debounces); the history rules run on open and save on the worker
//! ([`super::worker`]) and their findings are kept until the lines they
//! point at change.

use execplan::diagnostic::Diagnostic;
use execplan::rules::{self, Needs, Severity};
use execplan::workspace::Workspace;
use lsp_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticSeverity, NumberOrString, Uri,
};

use super::documents::Doc;
use super::text::LineIndex;

/// The `source` of every diagnostic.
pub const SOURCE: &str = "plans";

/// Where a rule's documentation is read: the README's Rules section of this
/// version's published sources (the `plans rules <RULE>` text is the same
/// doc, and hover on a rule id shows it in the editor).
pub fn rule_href(id: &str) -> Option<Uri> {
    let name = rules::find(id).map_or(id, |r| r.name);
    format!(
        "https://docs.rs/crate/execplan-cli/{}/source/README.md#{}",
        env!("CARGO_PKG_VERSION"),
        name
    )
    .parse()
    .ok()
}

/// The static diagnostics of a document's current text (none for a
/// document that does not look like a plan, unless it is a trusted one).
pub fn static_check(ws: &Workspace, doc: &Doc) -> Vec<Diagnostic> {
    let buffer = doc.buffer(ws);
    execplan::live::check(ws, &buffer, false, doc.rel.is_some())
        .map(|c| c.diagnostics)
        .unwrap_or_default()
}

/// Whether a finding is a history rule's.
fn from_history(d: &Diagnostic) -> bool {
    rules::find(d.rule).is_some_and(|r| matches!(r.needs, Needs::History))
}

/// The diagnostics to show for a document: the static ones of its text, and
/// the history ones of its last history pass whose lines still read as they
/// did then (`check`'s whole answer when that pass saw this very text).
pub fn current(doc: &Doc) -> Vec<Diagnostic> {
    let Some(h) = &doc.history else {
        return doc.diagnostics.clone();
    };
    if h.text == doc.text {
        return h.diagnostics.clone();
    }
    let (then, now): (Vec<&str>, Vec<&str>) =
        (h.text.lines().collect(), doc.text.lines().collect());
    fn line<'t>(lines: &[&'t str], n: usize) -> Option<&'t str> {
        n.checked_sub(1).and_then(|i| lines.get(i).copied())
    }
    let mut out = doc.diagnostics.clone();
    out.extend(
        h.diagnostics
            .iter()
            .filter(|d| from_history(d) && line(&then, d.line) == line(&now, d.line))
            .cloned(),
    );
    out.sort_by_key(|d| (d.line, d.column));
    out
}

/// One finding as an LSP diagnostic over `text`.
pub fn to_lsp(d: &Diagnostic, text: &str) -> LspDiagnostic {
    to_lsp_in(
        d,
        &LineIndex::new(text.strip_prefix('\u{feff}').unwrap_or(text)),
    )
}

/// [`to_lsp`] with the text's line index already made.
fn to_lsp_in(d: &Diagnostic, index: &LineIndex<'_>) -> LspDiagnostic {
    let range = if d.span.is_empty() && d.span.start == 0 && d.line > 1 {
        let p = lsp_types::Position::new(
            u32::try_from(d.line - 1).unwrap_or(0),
            u32::try_from(d.column.saturating_sub(1)).unwrap_or(0),
        );
        lsp_types::Range::new(p, p)
    } else {
        index.range(&d.span)
    };
    let mut message = d.message.clone();
    if let Some(label) = &d.label {
        message.push_str(&format!(" ({label})"));
    }
    for n in &d.notes {
        message.push_str(&format!("\nnote: {n}"));
    }
    if let Some(h) = &d.help {
        message.push_str(&format!("\nhelp: {h}"));
    }
    LspDiagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            _ => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: rule_href(d.rule).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message,
        related_information: None,
        tags: None,
        data: Some(serde_json::json!({"name": d.name})),
    }
}

/// The LSP diagnostics of a document.
pub fn lsp_of(doc: &Doc) -> Vec<LspDiagnostic> {
    lsp_all(&current(doc), &doc.text)
}

/// Findings over one text as LSP diagnostics (one line index for all).
pub fn lsp_all(found: &[Diagnostic], text: &str) -> Vec<LspDiagnostic> {
    let index = LineIndex::new(text.strip_prefix('\u{feff}').unwrap_or(text));
    found.iter().map(|d| to_lsp_in(d, &index)).collect()
}
