//! A plan's changes between two sides and along its history: the workflows
//! behind `plans diff` and `plans log`, built on [`crate::revision`]'s reads
//! and [`crate::plandiff`]'s semantic diff.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::error::Error;
use crate::model::Plan;
use crate::parse::{parse, ParseOptions};
use crate::plandiff::PlanDiff;
use crate::revision::{aliases, history_for, read, snapshots, source_bytes, Side};
use crate::source::Source;
use crate::workspace::Workspace;

fn parsed_at(
    path: &str,
    bytes: Option<Vec<u8>>,
    opts: &ParseOptions,
) -> Result<Option<(Source, Plan)>, Error> {
    let Some(bytes) = bytes else { return Ok(None) };
    let source = Source::from_bytes(Path::new(path), bytes)?;
    let plan = parse(&source, opts);
    Ok(Some((source, plan)))
}

/// Read the plan at `side`, trying the names it had before (renames).
fn read_any(
    repo: &crate::history::Repo,
    root: &Path,
    names: &[String],
    side: &Side,
) -> Result<Option<(String, Vec<u8>)>, Error> {
    for name in names {
        if let Some(bytes) = read(repo, root, name, side)? {
            return Ok(Some((name.clone(), bytes)));
        }
    }
    Ok(None)
}

/// A plan compared at two sides: what `plans diff` shows.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The path it had at the earlier side, if it existed there.
    pub old_path: Option<String>,
    /// The path it has at the later side, if it exists there.
    pub new_path: Option<String>,
    /// The semantic diff.
    pub diff: PlanDiff,
}

/// Compare the plan at `path` (repository-relative) between two sides,
/// following it across renames; an error when it exists at neither.
pub fn compare(ws: &Workspace, path: &str, old: &Side, new: &Side) -> Result<Comparison, Error> {
    let (root, config) = (ws.root.as_path(), &ws.config);
    let repo = crate::history::Repo::open(root)?;
    let names = aliases(&repo, config, path);
    let before = read_any(&repo, root, &names, old)?;
    let after = read_any(&repo, root, &names, new)?;
    if before.is_none() && after.is_none() {
        return Err(Error::Invalid(format!(
            "{path} exists neither at {} nor at {} (under any name history knows)",
            old.label(),
            new.label()
        )));
    }
    let (old_path, before) = before.map_or((None, None), |(p, b)| (Some(p), Some(b)));
    let (new_path, after) = after.map_or((None, None), |(p, b)| (Some(p), Some(b)));
    let opts = config.parse_options();
    let before = parsed_at(old_path.as_deref().unwrap_or(path), before, opts)?;
    let after = parsed_at(new_path.as_deref().unwrap_or(path), after, opts)?;
    let diff = crate::plandiff::diff(
        before.as_ref().map(|(s, p)| (s, p)),
        after.as_ref().map(|(s, p)| (s, p)),
    );
    Ok(Comparison {
        old_path,
        new_path,
        diff,
    })
}

/// One revision in a plan's log.
#[derive(Debug, Clone)]
pub struct LogEntry {
    /// Full commit id; `None` for uncommitted work.
    pub commit: Option<String>,
    /// Abbreviated id, or `working tree`.
    pub short: String,
    /// Author name (empty for uncommitted work).
    pub author: String,
    /// Author date in UTC (now, for uncommitted work).
    pub time: DateTime<Utc>,
    /// The plan's path at this revision.
    pub path: String,
    /// The path before, when this revision moved the plan.
    pub moved_from: Option<String>,
    /// What changed from the revision before.
    pub diff: PlanDiff,
}

/// The revisions of the plan at `path` (repository-relative), newest first,
/// uncommitted work included, each with its semantic diff from the one
/// before: what `plans log` shows.
pub fn log(ws: &Workspace, path: &str) -> Result<Vec<LogEntry>, Error> {
    let (root, config, now) = (ws.root.as_path(), &ws.config, ws.now);
    let repo = crate::history::Repo::open(root)?;
    let history = history_for(&repo, config, path)?;
    let opts = config.parse_options();
    // A plan moved in the index only (`git mv`, not yet committed) keeps its past.
    let lineage = history
        .lineage(path)
        .or_else(|| crate::history::staged_origin(&repo, &history, path.as_bytes()));
    let mut snaps = match lineage {
        Some(l) => snapshots(&repo, &history, l, opts)?,
        None => Vec::new(),
    };
    // A revision that does not decode cannot be shown: say which.
    if let Some(i) = snaps
        .iter()
        .position(|s| !s.deleted() && s.content.is_err())
    {
        snaps.swap_remove(i).content?;
    }
    // Each revision's plan (None where deleted), oldest first; then uncommitted work.
    let mut revs: Vec<(LogEntry, Option<(&Source, &Plan)>)> = snaps
        .iter()
        .map(|snap| {
            let entry = LogEntry {
                commit: Some(snap.commit.id.to_string()),
                short: snap.commit.short.clone(),
                author: snap.commit.author.clone(),
                time: snap.commit.time,
                path: snap.revision.path.to_string(),
                moved_from: None,
                diff: PlanDiff::default(),
            };
            (entry, snap.present())
        })
        .collect();
    let last = revs
        .last()
        .and_then(|(_, p)| p.map(|(s, _)| source_bytes(s)));
    let work = match read(&repo, root, path, &Side::WorkTree)? {
        Some(bytes) if last.as_ref() != Some(&bytes) => parsed_at(path, Some(bytes), opts)?,
        _ => None,
    };
    if let Some((s, p)) = &work {
        let entry = LogEntry {
            commit: None,
            short: "working tree".into(),
            author: String::new(),
            time: now,
            path: path.to_string(),
            moved_from: None,
            diff: PlanDiff::default(),
        };
        revs.push((entry, Some((s, p))));
    }
    if revs.is_empty() {
        return Err(Error::Invalid(format!(
            "{path}: no history and no file; is the path right?"
        )));
    }
    let mut entries: Vec<LogEntry> = Vec::with_capacity(revs.len());
    let mut prev: Option<(String, Option<(&Source, &Plan)>)> = None;
    for (mut entry, plan) in revs {
        entry.diff = crate::plandiff::diff(prev.as_ref().and_then(|(_, p)| *p), plan);
        entry.moved_from = prev
            .as_ref()
            .map(|(p, _)| p.clone())
            .filter(|p| *p != entry.path);
        prev = Some((entry.path.clone(), plan));
        entries.push(entry);
    }
    entries.reverse();
    Ok(entries)
}
