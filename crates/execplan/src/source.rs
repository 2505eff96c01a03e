//! Decoding plan files and mapping byte offsets to lines.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// A decoded plan file: its text (without BOM) and a line index.
///
/// Offsets used everywhere in the model are byte offsets into [`Source::text`];
/// the BOM, if any, is kept aside so writers can put it back.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path as given (relative to the working directory when discovered).
    pub path: PathBuf,
    /// The text after the BOM.
    pub text: String,
    /// Whether the file started with a UTF-8 byte-order mark.
    pub bom: bool,
    line_starts: Vec<usize>,
}

const BOM: &str = "\u{feff}";

/// The default of [`max_plan_bytes`]: 30 times the largest real plan we have seen
/// (135 KB), and small enough that parsing one stays near 100 MB of memory (the
/// Markdown tree takes about 20 bytes per byte of text).
pub const DEFAULT_MAX_PLAN_BYTES: usize = 4_000_000;

/// The largest file read as a plan: `EXECPLAN_MAX_PLAN_BYTES` if set to a number,
/// else [`DEFAULT_MAX_PLAN_BYTES`]. A larger file is an error naming it, the limit
/// and the way out, so that one stray file cannot take gigabytes.
pub fn max_plan_bytes() -> usize {
    static LIMIT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| {
        std::env::var("EXECPLAN_MAX_PLAN_BYTES")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(DEFAULT_MAX_PLAN_BYTES)
    })
}

impl Source {
    /// Decode bytes read from `path`. Binary or non-UTF-8 content is an error
    /// naming the line where decoding failed; more than [`max_plan_bytes`] is an
    /// error too.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Self, Error> {
        let limit = max_plan_bytes();
        if bytes.len() > limit {
            return Err(Error::TooLarge {
                path: path.to_path_buf(),
                size: bytes.len(),
                limit,
            });
        }
        // A NUL byte in the first 8 KiB is how git and ripgrep call a file binary.
        if bytes.iter().take(8192).any(|&b| b == 0) {
            return Err(Error::Binary {
                path: path.to_path_buf(),
            });
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
                let line_start = bytes[..valid]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                return Err(Error::NotUtf8 {
                    path: path.to_path_buf(),
                    line,
                    column: valid - line_start + 1,
                });
            }
        };
        Ok(Self::from_string(path, text))
    }

    /// Build a source from text that is already decoded.
    pub fn from_string(path: &Path, mut text: String) -> Self {
        let bom = text.starts_with(BOM);
        if bom {
            text.drain(..BOM.len());
        }
        // Line endings as CommonMark (and so comrak) counts them: `\n`,
        // `\r\n`, or a lone `\r`. Our line numbers must equal comrak's.
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(i + 1);
            }
        }
        Self {
            path: path.to_path_buf(),
            text,
            bom,
            line_starts,
        }
    }

    /// Read and decode a file.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_bytes(path, bytes)
    }

    /// Number of lines (a final line ending does not start a new line).
    pub fn line_count(&self) -> usize {
        let n = self.line_starts.len();
        if self.text.ends_with(['\n', '\r']) {
            n - 1
        } else {
            n
        }
    }

    /// Byte offset where 1-based `line` starts (clamped to the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Byte range of 1-based `line`, without its line ending (`\n`, `\r\n` or `\r`).
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let Some(&next) = self.line_starts.get(line) else {
            return start..self.text.len().max(start);
        };
        let b = self.text.as_bytes();
        let mut end = next - 1; // the `\n` or lone `\r`
        if b.get(end) == Some(&b'\n') && end > start && b.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end.max(start)
    }

    /// The line ending after 1-based `line` (`""` for the last line without one).
    pub fn line_ending(&self, line: usize) -> &str {
        let end = self.line_range(line).end;
        let next = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        &self.text[end..next.max(end)]
    }

    /// Text of 1-based `line`, without its terminator.
    pub fn line(&self, line: usize) -> &str {
        let r = self.line_range(line);
        &self.text[r]
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        };
        let start = self.line_start(line);
        let col = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let s = Source::from_string(Path::new("a.md"), "\u{feff}ab\r\ncé\nz".into());
        assert!(s.bom);
        assert_eq!(s.line(1), "ab");
        assert_eq!(s.line(2), "cé");
        assert_eq!(s.line(3), "z");
        assert_eq!(s.line_count(), 3);
        assert_eq!(s.line_col(4), (2, 1));
        assert_eq!(s.line_col(7), (2, 3));
    }

    #[test]
    fn lone_carriage_return_ends_a_line_as_in_commonmark() {
        let s = Source::from_string(Path::new("a.md"), "a\rb\r\nc\nd\r".into());
        assert_eq!(s.line_count(), 4);
        assert_eq!(
            (s.line(1), s.line(2), s.line(3), s.line(4)),
            ("a", "b", "c", "d")
        );
        assert_eq!(
            (s.line_ending(1), s.line_ending(2), s.line_ending(3)),
            ("\r", "\r\n", "\n")
        );
    }

    #[test]
    fn non_utf8_names_line() {
        let e = Source::from_bytes(Path::new("x.md"), b"ok\nbad \xff here".to_vec());
        match e {
            Err(Error::NotUtf8 { line, column, .. }) => assert_eq!((line, column), (2, 5)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn binary_is_refused() {
        let e = Source::from_bytes(Path::new("x.md"), b"PNG\0\0".to_vec());
        assert!(matches!(e, Err(Error::Binary { .. })));
    }
}
