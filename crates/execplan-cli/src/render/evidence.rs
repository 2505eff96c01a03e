//! `plans evidence` output: one screen for a reviewer, JSON, and markdown for
//! a pull-request comment.

use execplan::evidence::Evidence;
use execplan::timeline::{ItemTimeline, PlanTimeline};
use serde_json::json;

use crate::term;

/// How many files a markdown row names before "and N more".
const MARKDOWN_FILES: usize = 5;

fn short(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

/// Items ticked in a commit, and those of them with nothing behind the tick.
fn counts(tl: &PlanTimeline) -> (usize, usize) {
    let with: Vec<&Evidence> = tl
        .items
        .iter()
        .filter_map(|i| i.evidence.as_ref())
        .collect();
    (with.len(), with.iter().filter(|e| e.is_empty()).count())
}

fn tick(i: &ItemTimeline) -> String {
    match &i.checked_at {
        Some(f) if f.commit.is_some() => format!(
            "ticked {} in {} by {}",
            f.time.format(execplan::STAMP_FORMAT),
            f.short,
            term::escape(&f.author)
        ),
        Some(_) => "ticked in uncommitted changes: nothing to hold it against yet".to_string(),
        None => "open".to_string(),
    }
}

/// The JSON document (`"schema": 1`).
pub fn json(tl: &PlanTimeline) -> String {
    let (ticked, without) = counts(tl);
    let doc = json!({
        "schema": super::SCHEMA,
        "path": tl.path,
        "ticked": ticked,
        "without_evidence": without,
        "items": tl.items,
    });
    super::pretty(&doc)
}

/// One screen: per item, its tick, the commits and the files behind it.
pub fn human(tl: &PlanTimeline) -> String {
    let (ticked, without) = counts(tl);
    let mut s = format!(
        "{}: {ticked} ticked in commits, {without} with nothing behind them\n",
        term::escape(&tl.path)
    );
    for i in &tl.items {
        let mark = if i.checked { "[x]" } else { "[ ]" };
        s.push_str(&format!(
            "\n{mark} {}\n    {}\n",
            term::escape(&i.text),
            tick(i)
        ));
        let Some(e) = &i.evidence else { continue };
        let ids: Vec<&str> = e.commits.iter().map(|c| short(c)).collect();
        s.push_str(&format!("    commits {}\n", ids.join(" ")));
        if e.is_empty() {
            s.push_str("    nothing outside the plans folders changed\n");
        }
        if let Some(why) = &e.unknown {
            s.push_str(&format!("    unknown in part: {}\n", term::escape(why)));
        }
        let width = e.files.iter().map(|f| f.path.len()).max().unwrap_or(0);
        for f in &e.files {
            let lines = if e.unknown.is_some() && !f.binary && f.added + f.removed == 0 {
                "lines unknown".to_string()
            } else if f.binary {
                "binary".to_string()
            } else {
                format!("+{} -{}", f.added, f.removed)
            };
            s.push_str(&format!("    {:width$}  {lines}\n", term::escape(&f.path)));
        }
    }
    s
}

/// Text safe inside a markdown table cell.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// A markdown table for a pull-request comment.
pub fn markdown(tl: &PlanTimeline) -> String {
    let (ticked, without) = counts(tl);
    let mut s = format!(
        "### Evidence: `{}`\n\n{ticked} items ticked in commits, {without} with nothing behind them.\n\n| item | ticked | commits | files | lines |\n|---|---|---|---|---|\n",
        cell(&tl.path)
    );
    for i in &tl.items {
        let mark = if i.checked { "☑" } else { "☐" };
        let when = match &i.checked_at {
            Some(f) if f.commit.is_some() => {
                format!("{} `{}`", f.time.format(execplan::STAMP_FORMAT), f.short)
            }
            Some(_) => "uncommitted".to_string(),
            None => "open".to_string(),
        };
        let (commits, files, lines) = match &i.evidence {
            None => (String::new(), String::new(), String::new()),
            Some(e) if e.is_empty() => (
                e.commits.len().to_string(),
                "**nothing behind the tick**".to_string(),
                String::new(),
            ),
            Some(e) => {
                let mut names: Vec<String> = e
                    .files
                    .iter()
                    .take(MARKDOWN_FILES)
                    .map(|f| format!("`{}`", cell(&f.path)))
                    .collect();
                if e.files.len() > MARKDOWN_FILES {
                    names.push(format!("and {} more", e.files.len() - MARKDOWN_FILES));
                }
                let (a, r) = e.totals();
                (
                    e.commits.len().to_string(),
                    names.join(", "),
                    if e.unknown.is_some() {
                        "unknown (an object is missing)".to_string()
                    } else {
                        format!("+{a} −{r}")
                    },
                )
            }
        };
        s.push_str(&format!(
            "| {mark} {} | {when} | {commits} | {files} | {lines} |\n",
            cell(&i.text)
        ));
    }
    s
}
