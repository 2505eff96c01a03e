//! Every verb's output formats, in one place: the command line offers them
//! (`--format`), `render/` prints them.

use clap::ValueEnum;

/// Output formats of `plans check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with the source line.
    Human,
    /// A versioned JSON document (`"schema": 1`), see docs/json-schema.md.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    Github,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
}

/// Output formats of the listings (`list`, `timeline`, `log`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table.
    Human,
    /// JSON (`"schema": 1`).
    Json,
}

/// Output formats of `plans rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// One rule per paragraph.
    Human,
    /// JSON (`"schema": 1`).
    Json,
    /// The README's markdown table.
    Markdown,
}

/// Output formats of the write verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WriteFormat {
    /// The plan, what changed (one line each), notes on stderr.
    Human,
    /// A JSON document (`"schema": 1`): the change, or the error with its candidates.
    Json,
}

/// Output formats of `plans diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Summary and per-section diffs, coloured on a terminal.
    Human,
    /// JSON (`"schema": 1`).
    Json,
    /// Markdown for a pull-request comment.
    Markdown,
}

/// Output formats of `plans evidence`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvidenceFormat {
    /// One screen: each item, its tick and the files behind it.
    Human,
    /// JSON (`"schema": 1`).
    Json,
    /// A markdown table, for a pull-request comment.
    Markdown,
}

/// Output formats of `plans report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Release-notes markdown; with --out, charts are SVG files beside it.
    Markdown,
    /// One self-contained HTML file, charts inline.
    Html,
    /// JSON (`"schema": 1`).
    Json,
}
