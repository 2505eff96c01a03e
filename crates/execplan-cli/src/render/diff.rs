//! Rendering a semantic plan diff: human (coloured on a terminal), markdown
//! (for a PR comment), and the summary line `log` uses.

use execplan::revdiff::{DiffLine, ItemChangeKind, PlanDiff, SectionChangeKind};

use crate::term::escape;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const BOLD: &str = "\x1b[1m";
const REV: &str = "\x1b[7m";
const RESET: &str = "\x1b[0m";

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
        _ => "",
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
    s.push_str(RESET);
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
    s.push_str(&format!("{}\n", escape(&d.summary())));
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
    s.push_str(&format!("**{}**\n\n", d.summary()));
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
