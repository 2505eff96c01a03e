//! Reading a plan's bytes at a revision, in the index, or in the working
//! tree (with gix), following the plan across renames.

use std::path::Path;

use gix::bstr::ByteSlice;

use crate::error::Error;
use crate::history::HistoryError;

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
        only_md: config.only_markdown() && path.ends_with(".md"),
    };
    crate::history::walk_cached(repo, &opts)
}

/// Every path the plan at `path` has had, newest first (renames joined by the
/// history walk); just `path` when history knows nothing else.
pub fn aliases(repo: &gix::Repository, config: &crate::config::Config, path: &str) -> Vec<String> {
    let mut out = vec![path.to_string()];
    if let Ok(h) = history_for(repo, config, path) {
        let staged = || crate::history::staged_origin(repo, &h, path.as_bytes());
        if let Some(l) = h.lineage(path).or_else(staged) {
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
