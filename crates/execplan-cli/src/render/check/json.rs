//! The check report as JSON (`"schema": 1`), for `check --format json` and
//! the MCP server's `check_plan`. Documented in docs/json-schema.md; text
//! from plans is kept exact (serde escapes it).

use std::path::Path;

use execplan::check::Checked;
use execplan::rules::Severity;
use serde_json::{json, Value};

fn tool() -> Value {
    json!({"name": "execplan", "version": env!("CARGO_PKG_VERSION")})
}

/// Build the document for a check report.
pub fn document(report: &Checked, root: &Path) -> Value {
    let plans: Vec<Value> = report
        .plans
        .iter()
        .map(|p| {
            let (done, total) = p.plan.as_ref().map_or((0, 0), |pl| pl.counts());
            json!({
                "path": p.path.display().to_string(),
                "title": p.plan.as_ref().and_then(|pl| pl.title.as_ref()).map(|t| t.value.clone()),
                "done": done,
                "total": total,
                "diagnostics": p.diagnostics,
            })
        })
        .collect();
    json!({
        "schema": crate::render::SCHEMA,
        "tool": tool(),
        "root": root.display().to_string(),
        "plans": plans,
        "not_plans": report.not_plans.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "skipped": report.skipped.iter().map(|(p, why)| json!({"path": p.display().to_string(), "reason": why})).collect::<Vec<_>>(),
        "failures": report.failures.iter().map(|e| json!({"message": e.to_string()})).collect::<Vec<_>>(),
        "notes": report.notes,
        "history": report.history.as_ref().map(|h| json!({"head": h.head, "shallow": h.shallow})),
        "summary": {
            "plans": report.plans.len(),
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
        },
    })
}

/// The check report's JSON document, as printed.
pub fn json(report: &Checked, root: &Path) -> String {
    crate::render::pretty(&document(report, root))
}
