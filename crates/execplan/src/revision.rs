//! A plan's revisions: its bytes at a revision, in the index, or in the
//! working tree (through [`Repo`]), following the plan across renames; every
//! revision of its lineage read and parsed once ([`snapshots`]); and the
//! two workflows built on them, [`crate::changes::compare`] (`plans diff`)
//! and [`crate::changes::log`] (`plans log`).

use std::path::Path;

use crate::error::Error;
use crate::history::{
    ChangeKind, CommitInfo, FileLineage, FileRevision, History, HistoryError, Repo,
};
use crate::model::Plan;
use crate::parse::{parse, ParseOptions};
use crate::source::Source;

/// Where to read a plan from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A revision git can parse: `HEAD`, `v1.0`, `HEAD~3`, an id.
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

/// The bytes of `path` (repository-relative, `/`-separated) at `side`, or
/// `None` if it does not exist there.
pub fn read(repo: &Repo, root: &Path, path: &str, side: &Side) -> Result<Option<Vec<u8>>, Error> {
    match side {
        Side::WorkTree => match std::fs::read(root.join(path)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Io {
                path: root.join(path),
                source,
            }),
        },
        Side::Index => Ok(repo.staged(path)?),
        // Before the first commit `HEAD` holds nothing yet, as `git diff
        // --staged` takes it: every plan is new, not "rev-spec is malformed".
        Side::Rev(rev) => match repo.resolve_or_unborn(rev)? {
            None => Ok(None),
            Some(_) => Ok(repo.file_at(rev, path)?),
        },
    }
}

/// The one description of a plans walk, shared by every verb that reads
/// history: from `rev`, over the configured plans folders (the literal part of
/// each glob) and the folders of `paths` (repository-relative plan paths) that
/// lie outside them. Equal inputs give equal options, so verbs share the cache.
pub fn walk_options(
    config: &crate::config::Config,
    rev: &str,
    paths: &[String],
) -> crate::history::WalkOptions {
    let mut prefixes = config.plan_folders();
    for path in paths {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let covered = prefixes
            .iter()
            .any(|o| o.is_empty() || dir == *o || dir.starts_with(&format!("{o}/")));
        if !covered {
            prefixes.push(dir);
        }
    }
    prefixes.sort();
    prefixes.dedup();
    // Plans named by a non-Markdown glob or path need their own files recorded.
    crate::history::WalkOptions {
        rev: rev.to_string(),
        prefixes,
        only_md: config.only_markdown() && paths.iter().all(|p| p.ends_with(".md")),
    }
}

/// The history (from `HEAD`) of the plans folders and of `path`'s own folder: what
/// `log` and [`aliases`] follow a plan through.
pub fn history_for(
    repo: &Repo,
    config: &crate::config::Config,
    path: &str,
) -> Result<crate::history::History, HistoryError> {
    let opts = walk_options(config, "HEAD", &[path.to_string()]);
    crate::history::walk_cached(repo, &opts)
}

/// Every path the plan at `path` has had, newest first (renames joined by the
/// history walk); just `path` when history knows nothing else.
pub fn aliases(repo: &Repo, config: &crate::config::Config, path: &str) -> Vec<String> {
    let mut out = vec![path.to_string()];
    if let Ok(h) = history_for(repo, config, path) {
        let staged = || crate::history::staged_origin(repo, &h, path.as_bytes());
        if let Some(l) = h.lineage(path).or_else(staged) {
            for r in l.revisions.iter().rev() {
                let p = String::from_utf8_lossy(&r.path).into_owned();
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
    repo: &Repo,
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
        let path = String::from_utf8_lossy(&revision.path);
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
