//! Positions and URIs: LSP speaks lines and UTF-16 columns, and `file://`
//! URIs; the library speaks byte offsets and paths.

use std::path::{Path, PathBuf};

use lsp_types::{Position, Range, TextEdit, Uri};

/// Where each line of a text starts, to turn byte offsets into positions and back.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// The index of `text`.
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, starts }
    }

    /// The position of byte `offset` (clamped to the text, and back to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let col: usize = self.text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(to_u32(line), to_u32(col))
    }

    /// The range of the byte span `start..end`.
    pub fn range(&self, span: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of `pos` (past the end of a line: its end).
    pub fn offset(&self, pos: Position) -> usize {
        let line = pos.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&e| e.saturating_sub(1));
        let mut units = 0u32;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= pos.character {
                return start + i;
            }
            units += u32::try_from(c.len_utf16()).unwrap_or(2);
        }
        end
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The one edit that turns `old` into `new`: the changed middle, between
/// their common start and common end.
pub fn diff(old: &str, new: &str) -> Option<TextEdit> {
    if old == new {
        return None;
    }
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let max_end = old.len().min(new.len()) - start;
    let mut end = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_end)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - end) || !new.is_char_boundary(new.len() - end) {
        end -= 1;
    }
    let index = LineIndex::new(old);
    Some(TextEdit::new(
        index.range(&(start..old.len() - end)),
        new[start..new.len() - end].to_string(),
    ))
}

/// The path of a `file://` URI, percent-decoded; `None` for any other scheme
/// or a remote host.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    let decoded = String::from_utf8(out).ok()?;
    Some(PathBuf::from(decoded))
}

/// The `file://` URI of an absolute path.
pub fn path_uri(path: &Path) -> Option<Uri> {
    let mut s = String::from("file://");
    for b in path.to_str()?.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_and_round_trip() {
        let t = "ab\nçé𝄞x\n";
        let i = LineIndex::new(t);
        let x = t.find('x').unwrap_or(0);
        assert_eq!(i.position(x), Position::new(1, 4));
        assert_eq!(i.offset(Position::new(1, 4)), x);
        assert_eq!(i.offset(Position::new(0, 99)), 2);
        assert_eq!(i.offset(Position::new(9, 0)), t.len());
    }

    #[test]
    fn diff_is_the_changed_middle() {
        let e = diff("- [x] a\n", "- [x] (2025-10-01 10:00Z) a\n")
            .unwrap_or_else(|| TextEdit::new(Range::default(), String::new()));
        assert_eq!(
            e.range,
            Range::new(Position::new(0, 6), Position::new(0, 6))
        );
        assert_eq!(e.new_text, "(2025-10-01 10:00Z) ");
        assert!(diff("same", "same").is_none());
        let e = diff("aXa", "aa");
        assert!(e.is_some_and(|e| e.new_text.is_empty()));
    }

    #[test]
    fn file_uris_round_trip() {
        let p = Path::new("/tmp/a b/é%.md");
        let u = path_uri(p);
        assert!(u
            .as_ref()
            .is_some_and(|u| u.as_str() == "file:///tmp/a%20b/%C3%A9%25.md"));
        assert_eq!(u.as_ref().and_then(uri_path), Some(p.to_path_buf()));
        let other: Option<Uri> = "untitled:Untitled-1".parse().ok();
        assert_eq!(other.as_ref().and_then(uri_path), None);
    }
}
