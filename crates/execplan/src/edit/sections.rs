//! Where new lines go: after a section's content, or in a new section placed
//! in skeleton order, in the plan's own heading level, line endings and
//! thematic-break separators.

use crate::fill::Edit;
use crate::model::{Plan, Section, SectionKind};
use crate::source::Source;

/// The plan's line ending: the first line's, else `\n`.
pub(super) fn newline(source: &Source) -> &str {
    match source.line_ending(1) {
        "" => "\n",
        e => e,
    }
}

/// A thematic break (`---`, `***`, `___`), which separates sections in many
/// plans and is not content.
pub(super) fn is_break(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && t.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '))
        && t.chars()
            .filter(|c| *c != ' ')
            .collect::<std::collections::HashSet<_>>()
            .len()
            == 1
}

/// The last line of a section that carries content (not blank, not a break).
pub(super) fn last_content_line(source: &Source, s: &Section) -> Option<usize> {
    (s.body_lines.0..=s.body_lines.1)
        .rev()
        .find(|&l| !source.line(l).trim().is_empty() && !is_break(source.line(l)))
}

/// The content lines of a section, trimmed.
pub(super) fn content(source: &Source, s: &Section) -> Vec<String> {
    (s.body_lines.0..=s.body_lines.1)
        .map(|l| source.line(l).trim())
        .filter(|t| !t.is_empty() && !is_break(t) && !t.starts_with("<!--"))
        .map(str::to_string)
        .collect()
}

/// An edit inserting `lines` after the content of `s` (or after its heading
/// when it has none), with a blank line before them when `blank` says so.
pub(super) fn append(
    source: &Source,
    s: &Section,
    lines: &[String],
    blank: bool,
    what: String,
) -> Edit {
    let nl = newline(source);
    let (at, blank) = match last_content_line(source, s) {
        Some(l) => (source.line_range(l).end, blank),
        None => (source.line_range(s.line).end, true),
    };
    let mut text = String::new();
    if blank {
        text.push_str(nl);
    }
    for l in lines {
        text.push_str(nl);
        text.push_str(l);
    }
    Edit {
        span: at..at,
        text,
        what,
    }
}

/// An edit creating a section of `kind` holding `lines`, before the first
/// section that comes after it in the skeleton (else at the end), at the level
/// of the plan's other known sections, keeping its `---` separators.
pub(super) fn create(source: &Source, plan: &Plan, kind: SectionKind, lines: &[String]) -> Edit {
    let nl = newline(source);
    let level = plan
        .sections
        .iter()
        .find(|s| s.kind.is_some())
        .map_or(2, |s| usize::from(s.level));
    let heading = format!("{} {}", "#".repeat(level), kind.heading());
    let rank = |k: SectionKind| SectionKind::ALL.iter().position(|x| *x == k);
    let next = plan.sections.iter().find(|s| {
        usize::from(s.level) == level && s.kind.and_then(rank) > rank(kind) && s.kind.is_some()
    });
    let body: String = lines.iter().map(|l| format!("{l}{nl}")).collect();
    let rule = plan
        .sections
        .iter()
        .find_map(|s| preceding_break(source, s.line))
        .map(str::to_string);
    let what = format!("new section `{}`", kind.heading());
    match next {
        Some(s) => {
            let at = source.line_start(s.line);
            let sep = match preceding_break(source, s.line) {
                Some(r) => format!("{r}{nl}{nl}"),
                None => String::new(),
            };
            Edit {
                span: at..at,
                text: format!("{heading}{nl}{nl}{body}{nl}{sep}"),
                what,
            }
        }
        None => {
            let at = source.text.len();
            let mut text = String::new();
            if !source.text.is_empty() && !source.text.ends_with(['\n', '\r']) {
                text.push_str(nl);
            }
            let ends_with_rule = (1..=source.line_count())
                .rev()
                .map(|l| source.line(l))
                .find(|l| !l.trim().is_empty())
                .is_some_and(is_break);
            if !source.text.is_empty() {
                text.push_str(nl);
            }
            if let Some(r) = rule.filter(|_| !ends_with_rule) {
                text.push_str(&format!("{r}{nl}{nl}"));
            }
            text.push_str(&format!("{heading}{nl}{nl}{body}"));
            Edit {
                span: at..at,
                text,
                what,
            }
        }
    }
}

/// The thematic break right above a heading (blank lines between allowed).
fn preceding_break(source: &Source, heading_line: usize) -> Option<&str> {
    (1..heading_line)
        .rev()
        .map(|l| source.line(l))
        .find(|l| !l.trim().is_empty())
        .filter(|l| is_break(l))
}
