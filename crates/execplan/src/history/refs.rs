//! Names for commits: revisions resolved, `HEAD`, tags, and what a commit
//! reaches.

use std::collections::HashSet;

use super::{BoxError, HistoryError, ObjectId, Repo};

impl Repo {
    /// The commit `rev` names (`HEAD`, a branch, a tag, `HEAD~3`, an id),
    /// peeled through annotated tags. Anything else is
    /// [`HistoryError::BadRevision`].
    pub fn resolve(&self, rev: &str) -> Result<ObjectId, HistoryError> {
        let bad = |source: BoxError| HistoryError::BadRevision {
            rev: rev.to_owned(),
            source,
        };
        let id = self
            .gix()
            .rev_parse_single(rev)
            .map_err(|e| bad(e.into()))?;
        let commit = id
            .object()
            .map_err(|e| bad(e.into()))?
            .peel_to_commit()
            .map_err(|e| bad(e.into()))?;
        Ok(commit.id)
    }

    /// [`Repo::resolve`], with `None` for `HEAD` (or `@`) on an unborn
    /// branch: an empty repository is a normal state, not an error.
    pub fn resolve_or_unborn(&self, rev: &str) -> Result<Option<ObjectId>, HistoryError> {
        match self.resolve(rev) {
            Ok(id) => Ok(Some(id)),
            Err(_) if matches!(rev, "HEAD" | "@") && self.is_unborn() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `HEAD` has no commit yet.
    fn is_unborn(&self) -> bool {
        self.gix().head().map(|h| h.is_unborn()).unwrap_or(false)
    }

    /// The commit `HEAD` points at; `None` on an unborn branch or when it
    /// cannot be read.
    pub fn head(&self) -> Option<ObjectId> {
        self.gix().head_id().ok().map(|id| id.detach())
    }

    /// Every tag that names a commit, with its short name (`v1.0`); tags of
    /// trees and blobs, and unreadable ones, are left out.
    pub fn tags(&self) -> Result<Vec<(String, ObjectId)>, HistoryError> {
        let refs = self
            .gix()
            .references()
            .map_err(|e| HistoryError::git("listing tags", e))?;
        let tags = refs
            .tags()
            .map_err(|e| HistoryError::git("listing tags", e))?;
        let mut out = Vec::new();
        for r in tags {
            let Ok(mut r) = r else { continue };
            let name = r.name().shorten().to_string();
            if let Ok(commit) = r.peel_to_commit() {
                out.push((name, commit.id));
            }
        }
        Ok(out)
    }

    /// Every commit reachable from `tip`, itself included.
    pub fn ancestors(&self, tip: ObjectId) -> Result<HashSet<ObjectId>, HistoryError> {
        let what = || format!("walking the ancestry of {tip}");
        let walk = self
            .gix()
            .rev_walk([tip])
            .all()
            .map_err(|e| HistoryError::git(what(), e))?;
        let mut out = HashSet::new();
        for info in walk {
            out.insert(info.map_err(|e| HistoryError::git(what(), e))?.id);
        }
        Ok(out)
    }
}
