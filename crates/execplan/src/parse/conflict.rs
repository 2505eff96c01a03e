//! Unresolved merge-conflict markers (`<<<<<<<`, `|||||||`, `=======`,
//! `>>>>>>>`). Markdown reads them as text: `=======` underlines the line
//! above into a heading and `>>>>>>>` opens a block quote, so the parser hides
//! them from comrak (same byte length, blank) once they are found.

use crate::model::ConflictMarker;
use crate::source::Source;

/// A marker line: seven marker characters, then a space and a label or the end.
fn marker(line: &str, c: char) -> bool {
    let rest = line.strip_prefix(&*c.to_string().repeat(7));
    rest.is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
}

/// The conflicts in lines outside code: each opens at `<<<<<<<` and runs to
/// its `>>>>>>>` (or the end of the file); a `>>>>>>>` with no opening is a
/// conflict of its own, its top half already deleted. A lone `=======` is a
/// setext underline, not a marker.
pub(crate) fn find(source: &Source, code_line: &[bool]) -> Vec<ConflictMarker> {
    let mut out: Vec<ConflictMarker> = Vec::new();
    let mut open: Option<ConflictMarker> = None;
    for line in 1..=source.line_count() {
        if code_line.get(line).copied().unwrap_or(false) {
            continue;
        }
        let text = source.line(line);
        if marker(text, '<') {
            if let Some(c) = open.take() {
                out.push(c);
            }
            open = Some(ConflictMarker {
                line,
                lines: vec![line],
            });
        } else if marker(text, '>') {
            let mut c = open.take().unwrap_or(ConflictMarker {
                line,
                lines: Vec::new(),
            });
            c.lines.push(line);
            out.push(c);
        } else if let Some(c) = open.as_mut() {
            if marker(text, '=') || marker(text, '|') {
                c.lines.push(line);
            }
        }
    }
    out.extend(open);
    out
}

/// The text with every marker line blanked (spaces, so offsets and lines stay).
pub(crate) fn blank(source: &Source, conflicts: &[ConflictMarker]) -> String {
    let mut bytes = source.text.clone().into_bytes();
    for line in conflicts.iter().flat_map(|c| &c.lines) {
        for b in &mut bytes[source.line_range(*line)] {
            *b = b' ';
        }
    }
    // Whole lines became spaces, so the text is still UTF-8; lossy never loses.
    String::from_utf8_lossy(&bytes).into_owned()
}
