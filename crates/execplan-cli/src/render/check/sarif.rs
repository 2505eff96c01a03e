//! SARIF 2.1.0 (`check --format sarif`), for code-scanning uploads: one rule
//! entry per rule in the registry (its doc as help), one result per
//! diagnostic with a region. Columns count characters, so the run says
//! `unicodeCodePoints` rather than SARIF's UTF-16 default.

use std::path::Path;

use execplan::check::Checked;
use execplan::rules::{Severity, RULES};
use serde_json::{json, Value};

fn level(s: Severity) -> &'static str {
    if s == Severity::Error {
        "error"
    } else {
        "warning"
    }
}

/// A relative path as a URI reference: `/`-separated, and every byte
/// outside the unreserved set percent-encoded.
fn uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Build the SARIF log for a check report run at `root`.
pub fn document(report: &Checked, root: &Path) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.doc},
                "help": {"text": r.doc},
                "defaultConfiguration": {"level": level(r.default)},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(h);
            }
            json!({
                "ruleId": d.rule,
                "ruleIndex": RULES.iter().position(|r| r.id == d.rule),
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&d.path), "uriBaseId": "SRCROOT"},
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                    },
                }],
            })
        })
        .collect();
    let notifications: Vec<Value> = report
        .failures
        .iter()
        .map(|f| json!({"level": "error", "message": {"text": f.to_string()}}))
        .collect();
    let mut root_uri = format!("file://{}", uri(root));
    if !root_uri.ends_with('/') {
        root_uri.push('/');
    }
    json!({
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "execplan",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "originalUriBaseIds": {"SRCROOT": {"uri": root_uri}},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": report.failures.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }],
    })
}

/// Print the check report as SARIF.
pub fn report(report: &Checked, root: &Path) {
    outln!("{}", crate::render::pretty(&document(report, root)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri(Path::new(".agents/a b%.md")), ".agents/a%20b%25.md");
    }
}
