//! A plan's revisions: its bytes at a revision, in the index, or in the
//! working tree (with gix), following the plan across renames; every
//! revision of its lineage read and parsed once ([`snapshots`]); and the
//! two workflows built on them, [`compare`] (`plans diff`) and [`log`]
//! (`plans log`).

use std::path::Path;

use chrono::{DateTime, Utc};
use gix::bstr::ByteSlice;

use crate::config::Config;
use crate::error::Error;
use crate::history::{ChangeKind, CommitInfo, FileLineage, FileRevision, History, HistoryError};
use crate::model::Plan;
use crate::parse::{parse, ParseOptions};
use crate::revdiff::PlanDiff;
use crate::source::Source;

/// Where to read a plan from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A revision gix can parse: `HEAD`, `v1.0`, `HEAD~3`, an id.
    Rev(String),
    /// The index (what is staged).
    Index,
    /// The working tree.
    WorkTree,
}

impl Side {
    /// How to show it.
    pub fn label(&self) -> String {
        match self {
            Side::Rev(r) => r.clone(),
            Side::Index => "index".into(),
            Side::WorkTree => "working tree".into(),
        }
    }
}

fn git(what: String, e: impl std::fmt::Display) -> Error {
    Error::History(HistoryError::git(what, e.to_string()))
}

/// The bytes of `path` (repository-relative, `/`-separated) at `side`, or
/// `None` if it does not exist there.
pub fn read(
    repo: &gix::Repository,
    root: &Path,
    path: &str,
    side: &Side,
) -> Result<Option<Vec<u8>>, Error> {
    match side {
        Side::WorkTree => match std::fs::read(root.join(path)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Io {
                path: root.join(path),
                source,
            }),
        },
        Side::Index => {
            let index = repo
                .open_index()
                .map_err(|e| git("reading the index".into(), e))?;
            let Some(entry) = index.entry_by_path(path.as_bytes().as_bstr()) else {
                return Ok(None);
            };
            let blob = repo
                .find_blob(entry.id)
                .map_err(|e| git(format!("reading {path} from the index"), e))?;
            Ok(Some(blob.data.clone()))
        }
        Side::Rev(rev) => {
            let id = repo.rev_parse_single(rev.as_str()).map_err(|e| {
                Error::History(HistoryError::BadRevision {
                    rev: rev.clone(),
                    source: Box::new(e),
                })
            })?;
            let commit = id
                .object()
                .map_err(|e| git(format!("reading {rev}"), e))?
                .peel_to_commit()
                .map_err(|e| git(format!("{rev} is not a commit"), e))?;
            let tree = commit
                .tree()
                .map_err(|e| git(format!("reading the tree of {rev}"), e))?;
            let Some(entry) = tree
                .lookup_entry_by_path(path)
                .map_err(|e| git(format!("looking up {path} at {rev}"), e))?
            else {
                return Ok(None);
            };
            let blob = repo
                .find_blob(entry.object_id())
                .map_err(|e| git(format!("reading {path} at {rev}"), e))?;
            Ok(Some(blob.data.clone()))
        }
    }
}

/// The history (from `HEAD`) of the plans folders and of `path`'s own folder: what
/// `log` and [`aliases`] follow a plan through.
pub fn history_for(
    repo: &gix::Repository,
    config: &crate::config::Config,
    path: &str,
) -> Result<crate::history::History, HistoryError> {
    let mut prefixes = config.plan_folders();
    if let Some((dir, _)) = path.rsplit_once('/') {
        prefixes.push(dir.to_string());
    }
    let opts = crate::history::WalkOptions {
        rev: "HEAD".into(),
        prefixes,
        only_md: true,
    };
    crate::history::walk_cached(repo, &opts)
}

/// Every path the plan at `path` has had, newest first (renames joined by the
/// history walk); just `path` when history knows nothing else.
pub fn aliases(repo: &gix::Repository, config: &crate::config::Config, path: &str) -> Vec<String> {
    let mut out = vec![path.to_string()];
    if let Ok(h) = history_for(repo, config, path) {
        if let Some(l) = h.lineage(path) {
            for r in l.revisions.iter().rev() {
                let p = r.path.to_str_lossy().into_owned();
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
    }
    out
}

/// One revision of a plan in history, read and parsed once: what timelines,
/// reports and `plans log` all start from.
#[derive(Debug)]
pub struct Snapshot<'h> {
    /// The lineage entry (path, blob, kind of change).
    pub revision: &'h FileRevision,
    /// The commit that made it.
    pub commit: &'h CommitInfo,
    /// The decoded and parsed text; for a deletion, the text as it was when
    /// deleted. An error when the bytes do not decode.
    pub content: Result<(Source, Plan), Error>,
}

impl Snapshot<'_> {
    /// The revision deletes the plan.
    pub fn deleted(&self) -> bool {
        matches!(self.revision.change, ChangeKind::Deleted)
    }

    /// The parsed text, when it decoded.
    pub fn parsed(&self) -> Option<(&Source, &Plan)> {
        self.content.as_ref().ok().map(|(s, p)| (s, p))
    }

    /// The plan exists here (not deleted) and decoded.
    pub fn present(&self) -> Option<(&Source, &Plan)> {
        if self.deleted() {
            None
        } else {
            self.parsed()
        }
    }
}

/// Every revision of `lineage` (oldest first), each blob read and parsed once.
/// Revisions whose commit the walk does not know are left out.
pub fn snapshots<'h>(
    repo: &gix::Repository,
    history: &'h History,
    lineage: &'h FileLineage,
    opts: &ParseOptions,
) -> Result<Vec<Snapshot<'h>>, HistoryError> {
    let mut out = Vec::with_capacity(lineage.revisions.len());
    for revision in &lineage.revisions {
        let Some(commit) = history.commit(revision) else {
            continue;
        };
        let bytes = history.blob(repo, revision.blob)?;
        let path = revision.path.to_str_lossy();
        let content = Source::from_bytes(Path::new(path.as_ref()), bytes).map(|source| {
            let plan = parse(&source, opts);
            (source, plan)
        });
        out.push(Snapshot {
            revision,
            commit,
            content,
        });
    }
    Ok(out)
}

/// The exact bytes a decoded source was read from.
pub(crate) fn source_bytes(source: &Source) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(source.text.len() + 3);
    if source.bom {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    bytes.extend_from_slice(source.text.as_bytes());
    bytes
}

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
    repo: &gix::Repository,
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
pub fn compare(
    root: &Path,
    config: &Config,
    path: &str,
    old: &Side,
    new: &Side,
) -> Result<Comparison, Error> {
    let repo = crate::history::open(root)?;
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
    let before = parsed_at(old_path.as_deref().unwrap_or(path), before, &opts)?;
    let after = parsed_at(new_path.as_deref().unwrap_or(path), after, &opts)?;
    let diff = crate::revdiff::diff(
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
pub fn log(
    root: &Path,
    config: &Config,
    path: &str,
    now: DateTime<Utc>,
) -> Result<Vec<LogEntry>, Error> {
    let repo = crate::history::open(root)?;
    let history = history_for(&repo, config, path)?;
    let opts = config.parse_options();
    let mut snaps = match history.lineage(path) {
        Some(l) => snapshots(&repo, &history, l, &opts)?,
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
        Some(bytes) if last.as_ref() != Some(&bytes) => parsed_at(path, Some(bytes), &opts)?,
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
        entry.diff = crate::revdiff::diff(prev.as_ref().and_then(|(_, p)| *p), plan);
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
