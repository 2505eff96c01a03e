//! Surprises (Observation / Evidence) and Decision Log (Decision / Rationale /
//! Date/Author) entries, read line by line inside their sections.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Decision, Located, Surprise};
use crate::source::Source;

static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?P<indent>\s*)(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?(?P<key>observation|observación|observacion|evidence|evidencia|decision|decisión|rationale|justificación|justificacion|razón|date\s*/\s*author|date\s*&\s*author|fecha\s*/\s*autor|date|author|fecha)(?:\*\*|__)?\s*(?::\s*(?:\*\*|__)?|(?:\*\*|__)\s*:)[ \t]*(?P<val>.*?)\s*$",
    )
    .expect("static regex")
});

static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[\s.;,])(?:\*\*|__)?(rationale|evidence|evidencia|justificación|date\s*/\s*author|fecha\s*/\s*autor)(?:\*\*|__)?\s*:(?:\*\*|__)?\s*",
    )
    .expect("static regex")
});

fn located(value: &str, span: std::ops::Range<usize>, line: usize) -> Located<String> {
    Located {
        value: value.trim().to_string(),
        span,
        line,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Observation,
    Evidence,
    Decision,
    Rationale,
    DateAuthor,
}

fn key(k: &str) -> Key {
    let k = k.to_lowercase();
    if k.starts_with("observ") {
        Key::Observation
    } else if k.starts_with("evid") {
        Key::Evidence
    } else if k.starts_with("decisi") {
        Key::Decision
    } else if k.starts_with("rationale") || k.starts_with("justific") || k.starts_with("raz") {
        Key::Rationale
    } else {
        Key::DateAuthor
    }
}

/// Entries in lines `from..=to`: (key, value, line).
fn scan(
    source: &Source,
    (from, to): (usize, usize),
    code_line: &[bool],
) -> Vec<(Key, Located<String>)> {
    let mut out: Vec<(Key, Located<String>)> = Vec::new();
    let mut l = from;
    while l <= to {
        let line_no = l;
        l += 1;
        if code_line.get(line_no).copied().unwrap_or(false) {
            continue;
        }
        let range = source.line_range(line_no);
        let Some(c) = ENTRY.captures(&source.text[range.clone()]) else {
            continue;
        };
        let (Some(k), Some(v)) = (c.name("key"), c.name("val")) else {
            continue;
        };
        let indent = c.name("indent").map_or(0, |m| m.as_str().len());
        let mut value = v.as_str().to_string();
        let start = range.start + v.start();
        let mut end = range.start + v.end();
        // Continuation lines: indented more than the entry, not a new entry,
        // not a new bullet at the same depth, up to a blank line.
        while l <= to && !code_line.get(l).copied().unwrap_or(false) {
            let next = source.line(l);
            let trimmed = next.trim_start();
            let next_indent = next.len() - trimmed.len();
            let bullet = trimmed.starts_with(['-', '*', '+']);
            if trimmed.is_empty() || ENTRY.is_match(next) || (bullet && next_indent <= indent) {
                break;
            }
            if !value.is_empty() {
                value.push(' ');
            }
            value.push_str(trimmed.trim_end());
            end = source.line_range(l).end;
            l += 1;
        }
        // Fields run on inside one bullet in many real plans:
        // "Decision: x. Rationale: y. Date/Author: z".
        let mut current = key(k.as_str());
        let mut rest = value.as_str();
        loop {
            let Some(m) = INLINE.captures(rest) else {
                out.push((current, located(rest, start..end, line_no)));
                break;
            };
            let (Some(whole), Some(name)) = (m.get(0), m.get(1)) else {
                break;
            };
            out.push((
                current,
                located(&rest[..whole.start()], start..end, line_no),
            ));
            current = key(name.as_str());
            rest = &rest[whole.end()..];
        }
    }
    out
}

pub(super) fn surprises(
    source: &Source,
    lines: (usize, usize),
    code_line: &[bool],
) -> Vec<Surprise> {
    let mut out: Vec<Surprise> = Vec::new();
    for (k, v) in scan(source, lines, code_line) {
        match k {
            Key::Observation => out.push(Surprise {
                observation: v,
                evidence: None,
            }),
            Key::Evidence => {
                if let Some(last) = out.last_mut().filter(|s| s.evidence.is_none()) {
                    last.evidence = Some(v);
                }
            }
            _ => {}
        }
    }
    out
}

pub(super) fn decisions(
    source: &Source,
    lines: (usize, usize),
    code_line: &[bool],
) -> Vec<Decision> {
    let mut out: Vec<Decision> = Vec::new();
    for (k, v) in scan(source, lines, code_line) {
        match k {
            Key::Decision => out.push(Decision {
                decision: v,
                rationale: None,
                date_author: None,
            }),
            Key::Rationale => {
                if let Some(last) = out.last_mut().filter(|d| d.rationale.is_none()) {
                    last.rationale = Some(v);
                }
            }
            Key::DateAuthor => {
                if let Some(last) = out.last_mut() {
                    match &mut last.date_author {
                        // "Date: …" and "Author: …" on two lines make one field.
                        Some(existing) => {
                            existing.value.push_str(" — ");
                            existing.value.push_str(&v.value);
                        }
                        None => last.date_author = Some(v),
                    }
                }
            }
            Key::Observation | Key::Evidence => {}
        }
    }
    out
}
