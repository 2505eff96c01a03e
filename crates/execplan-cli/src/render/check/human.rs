//! rustc-style diagnostics, rendered by annotate-snippets (the renderer
//! rustc and cargo use).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use execplan::check::Checked;
use execplan::diagnostic::Diagnostic;
use execplan::rules::Severity;
use execplan::source::Source;

use crate::style;
use crate::term::{escape, escape_with_span, note, ColorChoice};

fn level(sev: Severity) -> Level<'static> {
    match sev {
        Severity::Error => Level::ERROR,
        _ => Level::WARNING,
    }
}

/// Render one diagnostic to a string.
pub fn diagnostic(d: &Diagnostic, source: Option<&Source>, renderer: &Renderer) -> String {
    let path = escape(&d.path.display().to_string());
    let message = escape(&d.message);
    let title = level(d.severity).primary_title(message.as_str()).id(d.rule);
    let label = d.label.as_deref().map(escape);
    let help = d.help.as_deref().map(escape);
    let notes: Vec<String> = d.notes.iter().map(|n| escape(n)).collect();
    let excerpt;
    let mut group = match source {
        Some(src) => {
            // Only the lines the span covers: the renderer need not see the whole file.
            let start = src.line_start(d.line);
            let end = src.line_range(d.end_line.max(d.line)).end;
            let text = &src.text[start..end.max(start)];
            let rel = d.span.start.saturating_sub(start)
                ..d.span.end.saturating_sub(start).min(text.len());
            let (t, r) = escape_with_span(text, rel);
            excerpt = t;
            let mut ann = AnnotationKind::Primary.span(r);
            if let Some(l) = label.as_deref() {
                ann = ann.label(l);
            }
            title.element(
                Snippet::source(excerpt.as_str())
                    .line_start(d.line)
                    .path(path.as_str())
                    .annotation(ann),
            )
        }
        None => title.element(
            annotate_snippets::Origin::path(path.as_str())
                .line(d.line)
                .char_column(d.column.saturating_sub(1)),
        ),
    };
    for n in &notes {
        group = group.element(Level::NOTE.message(n.as_str()));
    }
    if let Some(h) = help.as_deref() {
        group = group.element(Level::HELP.message(h));
    }
    let report: &[Group<'_>] = &[group];
    renderer.render(report)
}

/// Print a whole check report to stdout, and run notes to stderr.
pub fn report(report: &Checked, color: ColorChoice) {
    let renderer = if color.enabled(false) {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for p in &report.plans {
        for d in &p.diagnostics {
            out.push_str(&diagnostic(d, p.source.as_ref(), &renderer));
            out.push_str("\n\n");
        }
    }
    out!("{out}");
    for (path, why) in &report.skipped {
        note(color, &format!("{}: skipped: {why}", path.display()));
    }
    for n in &report.notes {
        note(color, n);
    }
    for f in &report.failures {
        crate::term::error(color, &f.to_string());
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let plans = report.plans.len();
    let with = report
        .plans
        .iter()
        .filter(|p| !p.diagnostics.is_empty())
        .count();
    let s = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if plans == 0 {
        note(color, "no plans found: nothing was checked (is the plans folder empty, or are its files not plans?)");
    }
    let line = if !report.failures.is_empty() {
        // Something could not be read or judged: "no problems" would be a lie.
        format!(
            "checked {}: incomplete, {} (above), {}, {}",
            s(plans, "plan"),
            s(report.failures.len(), "failure"),
            s(errors, "error"),
            s(warnings, "warning")
        )
    } else if errors + warnings == 0 {
        format!("checked {}: no problems", s(plans, "plan"))
    } else {
        format!(
            "checked {}: {}, {} in {}",
            s(plans, "plan"),
            s(errors, "error"),
            s(warnings, "warning"),
            s(with, "plan")
        )
    };
    let line = if report.not_plans.is_empty() {
        line
    } else {
        format!("{line} ({} not plans, passed over)", report.not_plans.len())
    };
    let style = if errors > 0 {
        style::ERROR
    } else if warnings > 0 {
        style::WARNING
    } else {
        style::CLEAN
    };
    outln!("{}", style::paint(style, &line, color.enabled(false)));
}
