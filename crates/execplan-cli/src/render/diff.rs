//! Rendering a semantic plan diff: human (coloured on a terminal), markdown
//! (for a PR comment) and JSON; and `plans log`, human and JSON.

use anstyle::{Reset, Style};
use execplan::changes::{Comparison, LogEntry};
use execplan::plandiff::{DiffLine, ItemChangeKind, PlanDiff, SectionChangeKind};
use schemars::JsonSchema;
use serde::Serialize;

use crate::style::{paint, BOLD, CYAN, GREEN, INVERT as REV, RED, YELLOW};
use crate::term::escape;

const RESET: Reset = Reset;

/// One line: "+2 ticked, +1 decision, Context edited".
pub fn summary(d: &PlanDiff) -> String {
    if d.identical {
        return "no changes".into();
    }
    if d.created || d.deleted {
        let n = d.items.len();
        return format!(
            "{} ({n} item{}, {} section{})",
            if d.created { "created" } else { "deleted" },
            if n == 1 { "" } else { "s" },
            d.sections.len(),
            if d.sections.len() == 1 { "" } else { "s" }
        );
    }
    let mut parts: Vec<String> = Vec::new();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    for (kind, one, many) in [
        (ItemChangeKind::Ticked, "ticked", "ticked"),
        (ItemChangeKind::Added, "item added", "items added"),
        (ItemChangeKind::Reworded, "item reworded", "items reworded"),
        (ItemChangeKind::Unticked, "unticked", "unticked"),
        (ItemChangeKind::Removed, "item removed", "items removed"),
    ] {
        let n = d.count(kind);
        if n > 0 {
            parts.push(format!("+{}", plural(n, one, many)));
        }
    }
    if !d.decisions_added.is_empty() {
        parts.push(format!(
            "+{}",
            plural(d.decisions_added.len(), "decision", "decisions")
        ));
    }
    if !d.surprises_added.is_empty() {
        parts.push(format!(
            "+{}",
            plural(d.surprises_added.len(), "surprise", "surprises")
        ));
    }
    for m in &d.metadata {
        parts.push(format!(
            "{} {}",
            m.field,
            match (&m.old, &m.new) {
                (None, _) => "set",
                (_, None) => "removed",
                _ => "changed",
            }
        ));
    }
    for s in &d.sections {
        let verb = match s.kind {
            SectionChangeKind::Added => "added",
            SectionChangeKind::Removed => "removed",
            SectionChangeKind::Changed if s.only_restamped() => "restamped",
            SectionChangeKind::Changed => "edited",
        };
        parts.push(format!("{} {verb}", short_heading(&s.heading)));
    }
    if parts.is_empty() {
        "whitespace or formatting only".into()
    } else {
        parts.join(", ")
    }
}

fn short_heading(h: &str) -> String {
    h.trim().trim_end_matches(':').to_string()
}

fn item_lines(d: &PlanDiff) -> Vec<String> {
    d.items
        .iter()
        .map(|i| {
            let what = match i.kind {
                ItemChangeKind::Added => "added",
                ItemChangeKind::Removed => "removed",
                ItemChangeKind::Ticked => "ticked",
                ItemChangeKind::Unticked => "unticked",
                ItemChangeKind::Reworded => "reworded",
            };
            match &i.old_text {
                Some(old) => format!("{what}: {} (was: {})", i.text, old),
                None => format!("{what}: {}", i.text),
            }
        })
        .collect()
}

fn other_lines(d: &PlanDiff) -> Vec<String> {
    let mut out = Vec::new();
    for x in &d.decisions_added {
        out.push(format!("decision added: {x}"));
    }
    for x in &d.surprises_added {
        out.push(format!("surprise added: {x}"));
    }
    for m in &d.metadata {
        out.push(match (&m.old, &m.new) {
            (Some(o), Some(n)) => format!("{}: {o} → {n}", m.field),
            (None, Some(n)) => format!("{}: set to {n}", m.field),
            (Some(o), None) => format!("{}: removed (was {o})", m.field),
            (None, None) => m.field.clone(),
        });
    }
    for s in &d.sections {
        let verb = match s.kind {
            SectionChangeKind::Added => "added",
            SectionChangeKind::Removed => "removed",
            SectionChangeKind::Changed => "changed",
        };
        out.push(format!("section {verb}: {}", s.heading));
    }
    out
}

fn line(l: &DiffLine, color: bool) -> String {
    let text = escape(&l.text);
    if !color {
        return format!(
            "{}{text}",
            if l.tag == '@' {
                String::new()
            } else {
                l.tag.to_string()
            }
        );
    }
    let base = match l.tag {
        '-' => RED,
        '+' => GREEN,
        '@' => CYAN,
        _ => Style::new(),
    };
    if l.tag == '@' {
        return format!("{CYAN}{text}{RESET}");
    }
    // Word-level emphasis inside a changed line, on the raw text's byte ranges.
    let raw = &l.text;
    let mut s = format!("{base}{}", l.tag);
    let mut at = 0;
    for &(a, b) in &l.emphasis {
        if a < at || b > raw.len() || !raw.is_char_boundary(a) || !raw.is_char_boundary(b) {
            continue;
        }
        s.push_str(&escape(&raw[at..a]));
        s.push_str(&format!("{REV}{}{RESET}{base}", escape(&raw[a..b])));
        at = b;
    }
    s.push_str(&escape(raw.get(at..).unwrap_or("")));
    s.push_str(&RESET.to_string());
    s
}

/// Human output: the summary, then a diff per section.
pub fn human(title: &str, d: &PlanDiff, color: bool) -> String {
    let mut s = String::new();
    let bold = |t: &str| {
        if color {
            format!("{BOLD}{t}{RESET}")
        } else {
            t.to_string()
        }
    };
    s.push_str(&bold(&escape(title)));
    s.push('\n');
    if d.identical {
        s.push_str("no changes\n");
        return s;
    }
    s.push_str(&format!("{}\n", escape(&summary(d))));
    s.push_str(&details(d, color));
    s
}

/// The diff without its title and summary line: what `log -p` prints under
/// each revision's own summary line.
pub fn details(d: &PlanDiff, color: bool) -> String {
    let mut s = String::new();
    let bold = |t: &str| {
        if color {
            format!("{BOLD}{t}{RESET}")
        } else {
            t.to_string()
        }
    };
    for l in item_lines(d).iter().chain(other_lines(d).iter()) {
        s.push_str(&format!("  {}\n", escape(l)));
    }
    for sec in &d.sections {
        s.push('\n');
        s.push_str(&bold(&format!("## {}", escape(&sec.heading))));
        s.push('\n');
        for l in &sec.diff {
            s.push_str(&line(l, color));
            s.push('\n');
        }
    }
    s
}

/// Markdown for a pull-request comment: bullets and ```diff blocks.
pub fn markdown(title: &str, d: &PlanDiff) -> String {
    let mut s = format!("### {title}\n\n");
    if d.identical {
        s.push_str("No changes.\n");
        return s;
    }
    s.push_str(&format!("**{}**\n\n", summary(d)));
    for l in item_lines(d).iter().chain(other_lines(d).iter()) {
        s.push_str(&format!("- {}\n", l.replace('\n', " ")));
    }
    for sec in &d.sections {
        s.push_str(&format!(
            "\n<details><summary>{}</summary>\n\n```diff\n",
            sec.heading.replace('<', "&lt;")
        ));
        for l in &sec.diff {
            let text = l.text.replace("```", "ʼʼʼ");
            match l.tag {
                '@' => s.push_str(&format!("{text}\n")),
                t => s.push_str(&format!("{t}{text}\n")),
            }
        }
        s.push_str("```\n\n</details>\n");
    }
    s
}

/// `plans diff --format json`.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "plans diff --format json")]
pub struct DiffDocument<'a> {
    /// `$schema` and `schema`.
    #[serde(flatten)]
    pub header: super::doc::Header,
    /// The plan, as asked for.
    pub plan: &'a str,
    /// The earlier side.
    pub from: Side<'a>,
    /// The later side.
    pub to: Side<'a>,
    /// The changes in one line, as the human form's header.
    pub summary: String,
    /// The changes.
    pub diff: &'a PlanDiff,
}

/// One side of a diff.
#[derive(Serialize, JsonSchema)]
pub struct Side<'a> {
    /// A revision, `index` or `working tree`.
    pub side: &'a str,
    /// The plan's path on that side; null where it does not exist.
    pub path: Option<&'a str>,
}

/// The diff document's schema id.
pub const DIFF_ID: &str = "urn:execplan:schema:diff:1";

/// The JSON document of `plans diff` (`"schema": 1`).
pub fn json(path: &str, from: &str, to: &str, c: &Comparison) -> String {
    super::pretty_doc(&DiffDocument {
        header: super::doc::Header::new(DIFF_ID),
        plan: path,
        from: Side {
            side: from,
            path: c.old_path.as_deref(),
        },
        to: Side {
            side: to,
            path: c.new_path.as_deref(),
        },
        summary: summary(&c.diff),
        diff: &c.diff,
    })
}

/// A log entry's one line: the diff's summary, after the move if it moved.
fn log_summary(e: &LogEntry) -> String {
    let summary = summary(&e.diff);
    match &e.moved_from {
        Some(from) if e.diff.identical => format!("moved from {from}"),
        Some(from) => format!("moved from {from}, {summary}"),
        None => summary,
    }
}

fn log_time(e: &LogEntry) -> String {
    e.time.format(execplan::STAMP_FORMAT).to_string()
}

/// `plans log --format json`.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "plans log --format json")]
pub struct LogDocument<'a> {
    /// `$schema` and `schema`.
    #[serde(flatten)]
    pub header: super::doc::Header,
    /// The plan, as asked for.
    pub plan: &'a str,
    /// The revisions that changed it, newest first.
    pub revisions: Vec<Revision<'a>>,
}

/// One revision of a plan.
#[derive(Serialize, JsonSchema)]
pub struct Revision<'a> {
    /// The commit id; null for uncommitted changes.
    pub commit: Option<&'a str>,
    /// The short id.
    pub short: &'a str,
    /// Its author.
    pub author: &'a str,
    /// When (`YYYY-MM-DD HH:MMZ`).
    pub time: String,
    /// The plan's path in it.
    pub path: &'a str,
    /// What changed, in one line.
    pub summary: String,
    /// The changes, with `--patch` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<&'a PlanDiff>,
}

/// The log document's schema id.
pub const LOG_ID: &str = "urn:execplan:schema:log:1";

/// The JSON document of `plans log` (`"schema": 1`); with `patch`, each
/// revision carries its diff.
pub fn log_json(path: &str, entries: &[LogEntry], patch: bool) -> String {
    let revisions = entries
        .iter()
        .map(|e| Revision {
            commit: e.commit.as_deref(),
            short: &e.short,
            author: &e.author,
            time: log_time(e),
            path: &e.path,
            summary: log_summary(e),
            diff: patch.then_some(&e.diff),
        })
        .collect();
    super::pretty_doc(&LogDocument {
        header: super::doc::Header::new(LOG_ID),
        plan: path,
        revisions,
    })
}

/// Human `plans log`: one line per revision (the header in yellow on a
/// terminal); with `patch`, each revision's changes after its line.
pub fn log_human(entries: &[LogEntry], patch: bool, color: bool) -> String {
    let mut out = String::new();
    for e in entries {
        let head = format!("{} {} {}", e.short, log_time(e), escape(&e.author));
        out.push_str(&paint(YELLOW, &head, color));
        out.push_str(&format!("  {}\n", escape(&log_summary(e))));
        // The line above already holds the summary: only the details follow.
        if patch && !e.diff.identical {
            out.push_str(&details(&e.diff, color));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_is_no_changes() {
        let d = PlanDiff {
            identical: true,
            ..PlanDiff::default()
        };
        assert_eq!(summary(&d), "no changes");
    }

    #[test]
    fn colours_are_the_ansi_codes_terminals_expect() {
        let added = DiffLine {
            tag: '+',
            text: "a b".into(),
            emphasis: vec![(2, 3)],
        };
        assert_eq!(
            line(&added, true),
            "\x1b[32m+a \x1b[7mb\x1b[0m\x1b[32m\x1b[0m"
        );
        let hunk = DiffLine {
            tag: '@',
            text: "@@ -1,1 +1,1 @@".into(),
            emphasis: Vec::new(),
        };
        assert_eq!(line(&hunk, true), "\x1b[36m@@ -1,1 +1,1 @@\x1b[0m");
        let entry = LogEntry {
            commit: None,
            short: "working tree".into(),
            author: String::new(),
            time: chrono::DateTime::from_timestamp(0, 0).unwrap_or_default(),
            path: "p.md".into(),
            moved_from: None,
            diff: PlanDiff {
                identical: true,
                ..PlanDiff::default()
            },
        };
        assert_eq!(
            log_human(&[entry], false, true),
            "\x1b[33mworking tree 1970-01-01 00:00Z \x1b[0m  no changes\n"
        );
        assert!(human("t", &PlanDiff::default(), true).starts_with("\x1b[1mt\x1b[0m\n"));
    }
}
