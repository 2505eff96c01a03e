//! The check report as JSON (`"schema": 1`), for `check --format json` and
//! the MCP server's `check_plan`. Documented in docs/json-schema.md; its
//! JSON Schema (`schemas/check.schema.json`) is made from these types. Text
//! from plans is kept exact (serde escapes it).

use std::path::Path;

use execplan::check::Checked;
use execplan::diagnostic::Diagnostic;
use execplan::rules::Severity;
use schemars::JsonSchema;
use serde::Serialize;

use crate::render::doc::{Failure, Skipped, Tool};

/// `plans check --format json`.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "plans check --format json")]
pub struct Document<'a> {
    /// `$schema` and `schema`.
    #[serde(flatten)]
    pub header: crate::render::doc::Header,
    /// The program that wrote it.
    pub tool: Tool,
    /// The repository root.
    pub root: String,
    /// The plans checked.
    pub plans: Vec<CheckedPlan<'a>>,
    /// Markdown files in plans folders that are not plans.
    pub not_plans: Vec<String>,
    /// Files passed over, with the reason.
    pub skipped: Vec<Skipped>,
    /// Files or a history that could not be read (the exit code is then 2).
    pub failures: Vec<Failure>,
    /// Notes about the run: history skipped, a shallow clone.
    pub notes: &'a [String],
    /// The history pass, when it ran.
    pub history: Option<History<'a>>,
    /// Counts.
    pub summary: Counts,
}

/// One plan and its findings.
#[derive(Serialize, JsonSchema)]
pub struct CheckedPlan<'a> {
    /// Relative to the repository root when under it.
    pub path: String,
    /// The plan's title (its first H1).
    pub title: Option<String>,
    /// Progress items ticked (nested included).
    pub done: usize,
    /// Progress items in all.
    pub total: usize,
    /// The findings, in order.
    pub diagnostics: &'a [Diagnostic],
}

/// Where history was read.
#[derive(Serialize, JsonSchema)]
pub struct History<'a> {
    /// The commit id read from (`HEAD`, or `--rev`).
    pub head: Option<&'a str>,
    /// True in a shallow clone: facts at the boundary are lower bounds.
    pub shallow: bool,
}

/// How many plans, errors and warnings.
#[derive(Serialize, JsonSchema)]
pub struct Counts {
    /// Plans checked.
    pub plans: usize,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
}

/// The document's schema id.
pub const ID: &str = "urn:execplan:schema:check:1";

/// Build the document for a check report.
pub fn document<'a>(report: &'a Checked, root: &Path) -> Document<'a> {
    let plans = report
        .plans
        .iter()
        .map(|p| {
            let (done, total) = p.plan.as_ref().map_or((0, 0), |pl| pl.counts());
            CheckedPlan {
                path: p.path.display().to_string(),
                title: p
                    .plan
                    .as_ref()
                    .and_then(|pl| pl.title.as_ref())
                    .map(|t| t.value.clone()),
                done,
                total,
                diagnostics: &p.diagnostics,
            }
        })
        .collect();
    Document {
        header: crate::render::doc::Header::new(ID),
        tool: Tool::this(),
        root: root.display().to_string(),
        plans,
        not_plans: report
            .not_plans
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        skipped: report
            .skipped
            .iter()
            .map(|(p, why)| Skipped::new(p, why))
            .collect(),
        failures: report.failures.iter().map(Failure::of).collect(),
        notes: &report.notes,
        history: report.history.as_ref().map(|h| History {
            head: h.head.as_deref(),
            shallow: h.shallow,
        }),
        summary: Counts {
            plans: report.plans.len(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
        },
    }
}

/// The check report's JSON document, as printed.
pub fn json(report: &Checked, root: &Path) -> String {
    crate::render::pretty_doc(&document(report, root))
}
