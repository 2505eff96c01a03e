//! What several section rules share: the lines of a section that carry content.

use crate::model::Section;
use crate::source::Source;

/// The body lines of a section that carry content: not blank, not an HTML
/// comment, not a thematic break.
pub(crate) fn content_lines<'s>(source: &'s Source, s: &Section) -> Vec<&'s str> {
    let mut in_comment = false;
    let mut out = Vec::new();
    for l in s.body_lines.0..=s.body_lines.1 {
        let t = source.line(l).trim();
        if in_comment {
            if t.contains("-->") {
                in_comment = false;
            }
            continue;
        }
        if t.starts_with("<!--") {
            in_comment = !t.contains("-->");
            continue;
        }
        if t.is_empty() || t.chars().all(|c| matches!(c, '-' | '*' | '_' | ' ')) {
            continue;
        }
        out.push(t);
    }
    out
}
