//! Terminal concerns: colour choice and escaping untrusted text.

use std::io::IsTerminal;

use clap::ValueEnum;

use crate::style;

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set (or `CLICOLOR_FORCE` forces it).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Resolve for stdout (`stderr == false`) or stderr.
    pub fn enabled(self, stderr: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                    return false;
                }
                if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
                    return true;
                }
                if stderr {
                    std::io::stderr().is_terminal()
                } else {
                    crate::out::is_terminal()
                }
            }
        }
    }
}

/// Print an operational error on stderr.
pub fn error(color: ColorChoice, msg: &str) {
    labelled(color, style::ERROR, "error", msg);
}

/// Print a warning-level note on stderr.
pub fn note(color: ColorChoice, msg: &str) {
    labelled(color, style::NOTE, "note", msg);
}

/// A note for each file discovery passed over (`.agents/x: skipped: why`).
pub fn skipped(color: ColorChoice, skipped: &[(std::path::PathBuf, String)]) {
    for (path, why) in skipped {
        note(color, &format!("{}: skipped: {why}", path.display()));
    }
}

/// `label: msg` on stderr, the label coloured as rustc colours its own.
fn labelled(color: ColorChoice, label_style: anstyle::Style, label: &str, msg: &str) {
    let on = color.enabled(true);
    eprintln!(
        "{}{} {}",
        style::paint(label_style, label, on),
        style::paint(style::BOLD, ":", on),
        escape(msg)
    );
}

fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{2028}' || c == '\u{2029}'
}

/// Replace control characters (ANSI/OSC escapes from plan text) with visible
/// escapes so a plan cannot drive the terminal.
pub fn escape(s: &str) -> String {
    if !s.chars().any(is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if is_control(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Escape a source excerpt and remap a byte range into it.
pub fn escape_with_span(s: &str, span: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    if !s.chars().any(is_control) {
        return (s.to_string(), span);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let (mut start, mut end) = (span.start, span.end);
    for (i, c) in s.char_indices() {
        if i == span.start {
            start = out.len();
        }
        if i == span.end {
            end = out.len();
        }
        if is_control(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    if span.start >= s.len() {
        start = out.len();
    }
    if span.end >= s.len() {
        end = out.len();
    }
    (out, start..end.max(start))
}

/// Columns a table on stdout may take: the terminal's width when stdout is
/// one; else `COLUMNS` when set (a pager or a script that knows); else 100,
/// the width help text wraps at.
pub fn width() -> usize {
    if let Some(w) = crate::out::terminal_width() {
        return w;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .unwrap_or(100)
}

/// Columns `s` takes on a terminal (wide characters count two).
pub fn text_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` cut to `max` columns, ending in `…` when cut.
pub fn truncate_end(s: &str, max: usize) -> String {
    if text_width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// A path cut to `max` columns keeping what identifies it: the first folder
/// and the file name, the folders between them given up first
/// (`.agents/…/deep/plan.md`); a file name longer than that keeps its end.
pub fn shorten_path(path: &str, max: usize) -> String {
    if text_width(path) <= max {
        return path.to_string();
    }
    let parts: Vec<&str> = path.split('/').collect();
    if let [first, middle @ .., _] = parts.as_slice() {
        // Drop folders from the front of the middle until it fits.
        for skip in 1..=middle.len() {
            let kept = &parts[1 + skip..];
            let s = format!("{first}/…/{}", kept.join("/"));
            if text_width(&s) <= max {
                return s;
            }
        }
    }
    let file = parts.last().copied().unwrap_or(path);
    let s = format!("…/{file}");
    if text_width(&s) <= max {
        return s;
    }
    // Keep the end of the name: its extension and last words.
    let mut tail: Vec<char> = Vec::new();
    let mut w = 1;
    for c in file.chars().rev() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > max {
            break;
        }
        w += cw;
        tail.push(c);
    }
    std::iter::once('…').chain(tail.into_iter().rev()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_sequences() {
        assert_eq!(escape("a\x1b[31mb"), "a\\u{1b}[31mb");
        let (s, r) = escape_with_span("x\x1by z", 2..3);
        assert_eq!(s, "x\\u{1b}y z");
        assert_eq!(&s[r], "y");
    }

    #[test]
    fn cuts_keep_what_identifies() {
        assert_eq!(truncate_end("Reconcile the ledger", 10), "Reconcile…");
        assert_eq!(truncate_end("short", 10), "short");
        // A wide character counts two columns.
        assert_eq!(truncate_end("日本語の計画", 7), "日本語…");
        let p = ".agents/a/bb/ccc/plan.md";
        assert_eq!(shorten_path(p, 40), p);
        assert_eq!(shorten_path(p, 20), ".agents/…/plan.md");
        assert_eq!(shorten_path(p, 21), ".agents/…/ccc/plan.md");
        assert_eq!(shorten_path(p, 12), "…/plan.md");
        assert_eq!(shorten_path(p, 5), "…n.md");
        assert_eq!(shorten_path("plan-with-a-long-name.md", 10), "…g-name.md");
    }
}
