//! Diagnostics: a finding bound to a rule, a severity and a place.

use std::path::PathBuf;

use serde::Serialize;

use crate::model::Span;
use crate::rules::{Rule, Severity};

/// One reported problem.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// Rule id, `EP007`.
    pub rule: &'static str,
    /// Rule name, `unstamped-checked-item`.
    pub name: &'static str,
    /// Effective severity.
    pub severity: Severity,
    /// The plan file (in JSON, a name that is not UTF-8 is written lossily:
    /// `\u{FFFD}` for each byte sequence that is not).
    #[serde(serialize_with = "lossy")]
    #[schemars(with = "String")]
    pub path: PathBuf,
    /// 1-based line of the span's start.
    pub line: usize,
    /// 1-based column (characters) of the span's start.
    pub column: usize,
    /// 1-based line of the span's end.
    pub end_line: usize,
    /// 1-based column of the span's end.
    pub end_column: usize,
    /// Byte span in the plan text (after any BOM).
    #[serde(skip)]
    pub span: Span,
    /// The headline.
    pub message: String,
    /// A short label under the pointed-at text.
    pub label: Option<String>,
    /// Extra facts.
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: Option<String>,
}

/// A path as text, whatever bytes its name holds: JSON has no other way to
/// carry it, and a file name must never stop a report.
fn lossy<S: serde::Serializer>(path: &std::path::Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

impl Diagnostic {
    /// Bind a finding.
    pub fn new(
        rule: &'static Rule,
        severity: Severity,
        path: PathBuf,
        source: Option<&crate::source::Source>,
        f: crate::rules::Finding,
    ) -> Self {
        let ((line, column), (end_line, end_column)) = match source {
            Some(s) => (s.line_col(f.span.start), s.line_col(f.span.end)),
            None => ((1, 1), (1, 1)),
        };
        Self {
            rule: rule.id,
            name: rule.name,
            severity,
            path,
            line,
            column,
            end_line,
            end_column,
            span: f.span,
            message: f.message,
            label: f.label,
            notes: f.notes,
            help: f.help,
        }
    }
}
