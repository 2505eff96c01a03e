//! `plans evidence` output: one screen for a reviewer, JSON, and markdown for
//! a pull-request comment.

use execplan::evidence::{Evidence, FileChange};
use execplan::timeline::{ItemTimeline, PlanTimeline};
use schemars::JsonSchema;
use serde::Serialize;

use crate::term;

/// How many files a markdown row names before "and N more".
const MARKDOWN_FILES: usize = 5;
/// How many files an item shows on screen without `--files`: the largest.
/// A busy plan's ticks stood for thousands of files, printed one a line.
const TOP_FILES: usize = 3;
/// How many commit ids an item shows before "and N more".
const COMMIT_IDS: usize = 8;

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

/// `plans evidence --format json`.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "plans evidence --format json")]
pub struct Document<'a> {
    /// `$schema` and `schema`.
    #[serde(flatten)]
    pub header: super::doc::Header,
    /// The plan.
    pub path: &'a str,
    /// Items ticked in commits.
    pub ticked: usize,
    /// Of those, the ticks with nothing behind them.
    pub without_evidence: usize,
    /// Every item, with what is behind its tick.
    pub items: &'a [ItemTimeline],
}

/// The document's schema id.
pub const ID: &str = "urn:execplan:schema:evidence:1";

/// The JSON document (`"schema": 1`).
pub fn json(tl: &PlanTimeline) -> String {
    let (ticked, without) = counts(tl);
    super::pretty_doc(&Document {
        header: super::doc::Header::new(ID),
        path: &tl.path,
        ticked,
        without_evidence: without,
        items: &tl.items,
    })
}

/// One screen: per item, its tick, the commits behind it and a summary of
/// the files they changed (how many, lines added and removed, the largest
/// few); `all_files` lists every file instead, in path order.
pub fn human(tl: &PlanTimeline, all_files: bool) -> String {
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
        let ids: Vec<&str> = e
            .commits
            .iter()
            .take(COMMIT_IDS)
            .map(|c| short(c))
            .collect();
        let more = e.commits.len().saturating_sub(COMMIT_IDS);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        s.push_str(&format!("    commits {}{more}\n", ids.join(" ")));
        if e.is_empty() {
            s.push_str("    nothing outside the plans folders changed\n");
            if e.plan_records {
                s.push_str("    the plan's own records changed with the tick (Decision Log, Surprises or Outcomes)\n");
            }
        }
        if let Some(why) = &e.unknown {
            s.push_str(&format!("    unknown in part: {}\n", term::escape(why)));
        }
        if e.files.is_empty() {
            continue;
        }
        s.push_str(&format!("    {}\n", summary(e)));
        match e.named.as_deref() {
            None => {}
            Some([]) => s.push_str(
                "    only something changed: no file the item or the plan's Context names\n",
            ),
            Some(named) => {
                let shown: Vec<String> = named
                    .iter()
                    .take(TOP_FILES)
                    .map(|p| term::escape(p))
                    .collect();
                let more = named.len().saturating_sub(TOP_FILES);
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                s.push_str(&format!(
                    "    named by the plan: {}{more}\n",
                    shown.join(", ")
                ));
            }
        }
        let shown: Vec<&FileChange> = if all_files || e.files.len() <= TOP_FILES {
            e.files.iter().collect()
        } else {
            largest(&e.files, TOP_FILES)
        };
        let width = shown
            .iter()
            .map(|f| term::text_width(&term::escape(&f.path)))
            .max()
            .unwrap_or(0);
        for f in &shown {
            let path = term::escape(&f.path);
            let pad = " ".repeat(width.saturating_sub(term::text_width(&path)));
            s.push_str(&format!("    {path}{pad}  {}\n", lines(e, f)));
        }
        let hidden = e.files.len() - shown.len();
        if hidden > 0 {
            s.push_str(&format!(
                "    …and {hidden} more file{} (`--files` lists every one)\n",
                if hidden == 1 { "" } else { "s" }
            ));
        }
    }
    s
}

/// `3 files changed, +12 -4` (lines left out when an object is missing).
fn summary(e: &Evidence) -> String {
    let n = e.files.len();
    let files = format!("{n} file{} changed", if n == 1 { "" } else { "s" });
    if e.unknown.is_some() {
        return format!("{files}, lines unknown in part");
    }
    let (a, r) = e.totals();
    let binary = e.files.iter().filter(|f| f.binary).count();
    let binary = if binary > 0 {
        format!(" ({binary} binary)")
    } else {
        String::new()
    };
    format!("{files}, +{a} -{r}{binary}")
}

/// The `n` files with the most lines changed, largest first (a binary file,
/// whose lines are not counted, after those with lines; ties in path order).
fn largest(files: &[FileChange], n: usize) -> Vec<&FileChange> {
    let mut v: Vec<&FileChange> = files.iter().collect();
    v.sort_by_key(|f| (f.binary, std::cmp::Reverse(f.added + f.removed)));
    v.truncate(n);
    v
}

fn lines(e: &Evidence, f: &FileChange) -> String {
    if e.unknown.is_some() && !f.binary && f.added + f.removed == 0 {
        "lines unknown".to_string()
    } else if f.binary {
        "binary".to_string()
    } else {
        format!("+{} -{}", f.added, f.removed)
    }
}

/// Text safe inside a markdown table cell.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// A markdown table for a pull-request comment.
pub fn markdown(tl: &PlanTimeline, all_files: bool) -> String {
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
                let keep = if all_files {
                    e.files.len()
                } else {
                    MARKDOWN_FILES
                };
                let mut names: Vec<String> = e
                    .files
                    .iter()
                    .take(keep)
                    .map(|f| format!("`{}`", cell(&f.path)))
                    .collect();
                if e.files.len() > keep {
                    names.push(format!("and {} more", e.files.len() - keep));
                }
                if e.named.as_deref() == Some(&[]) {
                    names.push("(none where the plan said)".to_string());
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
