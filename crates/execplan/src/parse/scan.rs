//! A line scanner for the common shape of a plan: ATX headings at the margin,
//! paragraphs, bullet and ordered lists (task items among them) nested by
//! indentation, thematic breaks after a blank line, and fenced code at the
//! margin. It finds the same headings, task items and code blocks as comrak
//! for such text at a fraction of the cost, which matters when every
//! revision of a thousand plans is read.
//!
//! It is conservative: on anything it is not certain of (tabs, block quotes,
//! HTML, tables, setext headings, indented code, indented headings or fences,
//! link reference definitions, front matter, empty list items, inline markup
//! in headings, an ordered item that might not interrupt a paragraph) it
//! answers `None` and the caller parses with comrak. `tests/it/scan_props.rs`
//! and the corpus test hold what it finds to comrak's answer.

use super::{Blocks, Heading, Task};
use crate::source::Source;

/// An open list item.
struct Open {
    /// Column where its content starts: a line indented this far continues it.
    content: usize,
    /// Its index in `Blocks::tasks` when it is a task item.
    task: Option<usize>,
    /// A nested list has started inside it: later text is not its own text.
    nested: bool,
}

/// The scanner's state between lines.
#[derive(Default)]
struct State {
    stack: Vec<Open>,
    /// A paragraph is open (in the innermost open item, or at the margin).
    para: bool,
    /// The line before was blank (or the document starts here).
    after_blank: bool,
    /// An open fence: its character, its length and its first line.
    fence: Option<(u8, usize, usize)>,
}

/// The block structure of `source`, or `None` when its shape is not one the
/// scanner is certain of.
pub(super) fn blocks(source: &Source) -> Option<Blocks> {
    let text = &source.text;
    // Front matter, tabs (column arithmetic) and the other characters comrak
    // counts as space are left to it.
    if text.starts_with("---") || text.contains(['\t', '\0', '\u{b}', '\u{c}']) {
        return None;
    }
    let mut b = Blocks::default();
    let mut st = State {
        after_blank: true,
        ..State::default()
    };
    for l in 1..=source.line_count() {
        line(&mut b, &mut st, source.line(l), l)?;
    }
    // An unclosed fence runs to the end: where comrak ends it is not certain.
    st.fence.is_none().then_some(b)
}

/// Scan one line.
fn line(b: &mut Blocks, st: &mut State, text: &str, l: usize) -> Option<()> {
    if let Some((c, len, start)) = st.fence {
        if closes(text, c, len) {
            b.code.push((start, l));
            st.fence = None;
            st.after_blank = false;
        }
        return Some(());
    }
    if text.bytes().all(|c| c == b' ') {
        st.para = false;
        st.after_blank = true;
        return Some(());
    }
    let indent = text.bytes().take_while(|&c| c == b' ').count();
    let rest = &text[indent..];
    // Text comrak could read as something this scanner does not follow.
    if text.trim().is_empty()
        || rest.starts_with(['>', '<'])
        || text.contains("]:")
        || table_delimiter(rest)
        || rest.bytes().all(|c| c == b'=' || c == b' ')
    {
        return None;
    }
    let matched = st.stack.iter().take_while(|o| indent >= o.content).count();
    let base = matched
        .checked_sub(1)
        .and_then(|i| st.stack.get(i))
        .map_or(0, |o| o.content);
    let relative = indent - base;
    let after_blank = std::mem::replace(&mut st.after_blank, false);
    // A setext underline (`---`, `--`) under a paragraph makes it a heading.
    if st.para && rest.bytes().all(|c| c == b'-' || c == b' ') {
        return None;
    }
    if relative >= 4 {
        // Indented code, unless it continues a paragraph.
        if !st.para {
            return None;
        }
        touch(b, st, l);
        return Some(());
    }
    if let Some(fence) = opens_fence(rest) {
        if indent != 0 {
            return None;
        }
        st.stack.clear();
        st.para = false;
        st.fence = Some((fence.0, fence.1, l));
        return Some(());
    }
    if let Some(level) = atx(rest) {
        if indent != 0 {
            return None;
        }
        b.headings.push(Heading {
            level,
            line: l,
            text: heading_text(&rest[usize::from(level)..])?,
        });
        st.stack.clear();
        st.para = false;
        return Some(());
    }
    if thematic(rest) {
        if indent != 0 || st.para || !after_blank {
            return None;
        }
        st.stack.clear();
        return Some(());
    }
    if let Some((width, ordered_from_one)) = marker(rest) {
        // An ordered list not starting at 1 cannot interrupt a paragraph that
        // the line would otherwise continue inside its own container.
        let continues = st.para && matched == st.stack.len();
        if !(continues && ordered_from_one == Some(false)) {
            return item(b, st, &rest[width..], indent + width, matched, l);
        }
    }
    if st.para {
        touch(b, st, l);
        return Some(());
    }
    // A new paragraph in the innermost item the line is indented into.
    st.stack.truncate(matched);
    touch(b, st, l);
    st.para = true;
    Some(())
}

/// Line `l` (a list item's line or one of its paragraphs) belongs to every open item; it is the own text of the innermost
/// one unless that one already holds a nested list.
fn touch(b: &mut Blocks, st: &State, l: usize) {
    for o in &st.stack {
        if let Some(t) = o.task.and_then(|i| b.tasks.get_mut(i)) {
            t.end_line = l;
        }
    }
    if let Some(o) = st.stack.last().filter(|o| !o.nested) {
        if let Some(t) = o.task.and_then(|i| b.tasks.get_mut(i)) {
            t.text_end_line = l;
        }
    }
}

/// A list item starts on line `l`: `content` is what follows its marker,
/// `column` the column just after the marker.
fn item(
    b: &mut Blocks,
    st: &mut State,
    content: &str,
    column: usize,
    matched: usize,
    l: usize,
) -> Option<()> {
    let spaces = content.bytes().take_while(|&c| c == b' ').count();
    let body = &content[spaces..];
    // Empty items, items opening with indented code, and items whose first
    // block is anything but a paragraph are comrak's.
    if body.is_empty()
        || spaces == 0
        || spaces > 4
        || body.starts_with(['#', '>', '<', '|'])
        || opens_fence(body).is_some()
        || marker(body).is_some()
        || thematic(body)
    {
        return None;
    }
    st.stack.truncate(matched);
    if let Some(parent) = st.stack.last_mut() {
        parent.nested = true;
    }
    let parent = st.stack.iter().rev().find_map(|o| o.task);
    let task = match checkbox(body)? {
        Some(checked) => {
            b.tasks.push(Task {
                line: l,
                end_line: l,
                checked,
                parent,
                text_end_line: l,
            });
            Some(b.tasks.len() - 1)
        }
        None => None,
    };
    for o in &st.stack {
        if let Some(t) = o.task.and_then(|i| b.tasks.get_mut(i)) {
            t.end_line = l;
        }
    }
    st.stack.push(Open {
        content: column + spaces,
        task,
        nested: false,
    });
    st.para = true;
    Some(())
}

/// `Some(Some(checked))` for a task box comrak reads as one, `Some(None)` for
/// text that is surely not one, `None` when unsure.
fn checkbox(body: &str) -> Option<Option<bool>> {
    let b = body.as_bytes();
    if b.first() != Some(&b'[') {
        return Some(None);
    }
    let checked = match (b.get(1), b.get(2)) {
        (Some(b' '), Some(b']')) => false,
        (Some(b'x' | b'X'), Some(b']')) => true,
        // `[` then more than one character before `]`: a link or plain text,
        // unless it is a multi-byte symbol (comrak's relaxed matching is off,
        // but be sure).
        (Some(c), _) if c.is_ascii() => return Some(None),
        _ => return None,
    };
    match b.get(3) {
        Some(b' ') if !body[3..].trim().is_empty() => Some(Some(checked)),
        // A bare box, or one followed by a link or text without a space.
        None | Some(b' ') => None,
        Some(_) => Some(None),
    }
}

/// A list marker: its width, and for an ordered one whether it starts at 1
/// (only such a list may interrupt a paragraph).
fn marker(rest: &str) -> Option<(usize, Option<bool>)> {
    let b = rest.as_bytes();
    let followed = |i: usize| matches!(b.get(i), None | Some(b' '));
    match b.first()? {
        b'-' | b'+' | b'*' if followed(1) => Some((1, None)),
        c if c.is_ascii_digit() => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            let delimiter = matches!(b.get(digits), Some(b'.' | b')'));
            (digits <= 9 && delimiter && followed(digits + 1))
                .then(|| (digits + 1, Some(&rest[..digits] == "1")))
        }
        _ => None,
    }
}

/// An ATX heading's level (`#` to `######`, then a space or the end).
fn atx(rest: &str) -> Option<u8> {
    let n = rest.bytes().take_while(|&c| c == b'#').count();
    let after = rest.as_bytes().get(n);
    ((1..=6).contains(&n) && matches!(after, None | Some(b' ')))
        .then(|| u8::try_from(n).ok())
        .flatten()
}

/// The text comrak gives a heading, when it is plain enough to be sure: no
/// inline markup, escapes, entities or closing `#`s.
fn heading_text(content: &str) -> Option<String> {
    let t = content.trim_matches(' ');
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        let plain = c.is_alphanumeric()
            || matches!(c, ' ' | '-' | '/' | ',' | '.' | ':' | ';' | '(' | ')')
            || matches!(c, '\'' | '"' | '?' | '+' | '=' | '%' | '$' | '@');
        let ampersand = c == '&' && chars.peek().is_none_or(|n| *n == ' ');
        if !(plain || ampersand) {
            return None;
        }
    }
    Some(t.trim().to_string())
}

/// A thematic break: three or more of one of `-*_`, spaces between.
fn thematic(rest: &str) -> bool {
    let t = rest.trim_end_matches(' ');
    let Some(c) = t.bytes().next() else {
        return false;
    };
    matches!(c, b'-' | b'*' | b'_')
        && t.bytes().all(|x| x == c || x == b' ')
        && t.bytes().filter(|&x| x == c).count() >= 3
}

/// An opening fence at the margin: its character and length. A backtick
/// fence's info string may not hold a backtick.
fn opens_fence(rest: &str) -> Option<(u8, usize)> {
    let c = *rest.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&x| x == c).count();
    if n < 3 {
        return None;
    }
    let info = &rest[n..];
    (c == b'~' || !info.contains('`')).then_some((c, n))
}

/// The line closes a fence of `c` at least `len` long (up to three spaces in).
fn closes(text: &str, c: u8, len: usize) -> bool {
    let indent = text.bytes().take_while(|&x| x == b' ').count();
    let rest = &text[indent..];
    let n = rest.bytes().take_while(|&x| x == c).count();
    indent <= 3 && n >= len && rest[n..].bytes().all(|x| x == b' ')
}

/// A table's delimiter row (`|---|:--:|`): tables are comrak's.
fn table_delimiter(rest: &str) -> bool {
    rest.contains('-')
        && rest.contains(['|', ':'])
        && rest.bytes().all(|c| matches!(c, b'|' | b':' | b'-' | b' '))
}
