//! GitHub Actions workflow commands: one `::error …::…` line per diagnostic.

use execplan::check::Checked;
use execplan::rules::Severity;

/// Escape a message (data) per the workflow-command rules.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: also `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Print the report as workflow commands, then a plain summary line.
pub fn report(report: &Checked) {
    let mut out = String::new();
    for d in report.diagnostics() {
        let kind = if d.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let mut msg = d.message.clone();
        if let Some(h) = &d.help {
            msg.push_str("\nhelp: ");
            msg.push_str(h);
        }
        out.push_str(&format!(
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&d.path.display().to_string()),
            d.line,
            d.column,
            d.end_line,
            d.end_column,
            property(&format!("{} {}", d.rule, d.name)),
            data(&msg),
        ));
    }
    for f in &report.failures {
        out.push_str(&format!(
            "::error title=execplan::{}\n",
            data(&f.to_string())
        ));
    }
    let s = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "checked {}: {}, {}\n",
        s(report.plans.len(), "plan"),
        s(report.count(Severity::Error), "error"),
        s(report.count(Severity::Warning), "warning")
    ));
    out!("{out}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
    }
}
