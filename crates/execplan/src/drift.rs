//! Context drift: what history says happened to a path a plan names, since
//! a commit of the plan (its last change).
//!
//! Everything is read along HEAD's first-parent line, the history a reader of
//! the default branch sees. The plan's commit is placed on that line: itself
//! when it is on it, else the newest line commit no later (committer date)
//! than it, which is where a side branch's work is merged from. From there:
//!
//! - a path there then and gone at HEAD vanished in some line commit; a
//!   binary search over the line (tree lookups only) finds a commit whose
//!   first parent has the path and which does not. That commit's diff from
//!   its first parent, with git's default rename detection (50% similar),
//!   says whether it was renamed (and to what) or deleted; a new name that is
//!   gone at HEAD too is followed the same way, so a chain of renames ends at
//!   today's name, or in the commit that deleted it;
//! - a path there at both ends whose blob differs has the lines added and
//!   removed between the two (counted as `git diff --numstat` does) and the
//!   number of line commits that changed it (a merge counts once).
//!
//! A path absent at the plan's commit is one history never knew: nothing is
//! said about it. A line that ends at a shallow boundary before the plan's
//! commit gives nothing either.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::evidence::line_counts;
use crate::history::{HistoryError, ObjectId, Repo, TreeChange};

/// How many first-parent commits are read at most.
pub const MAX_LINE: usize = 100_000;

/// How many renames in a row are followed at most.
const MAX_CHAIN: usize = 32;

/// A commit on HEAD's first-parent line, as a finding names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Point {
    /// Full id.
    pub commit: String,
    /// Abbreviated id.
    pub short: String,
    /// Author date, UTC.
    pub time: DateTime<Utc>,
    /// The message's first line.
    pub summary: String,
}

impl Point {
    /// "3f2a9c1 on 2025-10-03 (\"Move the client\")".
    pub fn describe(&self) -> String {
        format!(
            "{} on {} (\"{}\")",
            self.short,
            self.time.format("%Y-%m-%d"),
            self.summary
        )
    }
}

/// One step of a path's fate: renamed to `to`, or deleted (`to` is `None`), in `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    /// The new name; `None` for a deletion.
    pub to: Option<String>,
    /// Where.
    pub at: Point,
}

/// A path that was there at the plan's commit and is not at HEAD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gone {
    /// Oldest first; the last step says where it ended.
    pub steps: Vec<Move>,
}

impl Gone {
    /// Today's name, when the chain ends in a rename.
    pub fn renamed_to(&self) -> Option<&str> {
        self.steps.last().and_then(|s| s.to.as_deref())
    }
}

/// A file changed since the plan's commit, still at its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Changed {
    /// Lines added from the plan's commit to HEAD.
    pub added: usize,
    /// Lines removed.
    pub removed: usize,
    /// First-parent commits that changed it.
    pub commits: usize,
}

/// Reads drift from one repository, remembering the first-parent line, tree
/// lookups and the rename diffs it made (plans share paths and commits).
pub struct Tracker<'r> {
    repo: &'r Repo,
    /// Trees decoded once for every plan's lookups.
    reads: crate::evidence::Reads<'r>,
    /// HEAD, then first parents.
    line: Vec<ObjectId>,
    /// Committer times of `line`, seconds.
    times: Vec<i64>,
    /// Trees of `line`.
    trees: Vec<ObjectId>,
    /// The line reached a root or a shallow boundary.
    ended: bool,
    blobs: HashMap<(usize, String), Option<ObjectId>>,
    renames: HashMap<usize, Vec<(String, String)>>,
    anchors: HashMap<ObjectId, Option<usize>>,
}

impl<'r> Tracker<'r> {
    /// A tracker from HEAD; `None` when there is no commit yet.
    pub fn new(repo: &'r Repo) -> Result<Option<Self>, HistoryError> {
        let Some(head) = repo.head() else {
            return Ok(None);
        };
        let mut t = Self {
            repo,
            reads: crate::evidence::Reads::new(repo),
            line: Vec::new(),
            times: Vec::new(),
            trees: Vec::new(),
            ended: false,
            blobs: HashMap::new(),
            renames: HashMap::new(),
            anchors: HashMap::new(),
        };
        t.push(head)?;
        Ok(Some(t))
    }

    fn push(&mut self, id: ObjectId) -> Result<(), HistoryError> {
        // A shallow clone ends the line where its commits end.
        let Ok(commit) = self.repo.commit(id) else {
            self.ended = true;
            return Ok(());
        };
        self.line.push(id);
        self.times.push(commit.committer_time);
        self.trees.push(commit.tree);
        Ok(())
    }

    /// Extend the line by one commit; false when it cannot grow.
    fn grow(&mut self) -> Result<bool, HistoryError> {
        if self.ended || self.line.len() >= MAX_LINE {
            return Ok(false);
        }
        let Some(&last) = self.line.last() else {
            return Ok(false);
        };
        let parent = self.repo.first_parent(last).ok().flatten();
        match parent {
            Some(p) => {
                self.push(p)?;
                Ok(!self.ended)
            }
            None => {
                self.ended = true;
                Ok(false)
            }
        }
    }

    /// Where `base` sits on the line: its own position, or the newest line
    /// commit no later than it. `None` when the line ends first.
    fn anchor(&mut self, base: ObjectId) -> Result<Option<usize>, HistoryError> {
        if let Some(a) = self.anchors.get(&base) {
            return Ok(*a);
        }
        let when = match self.repo.commit(base) {
            Ok(c) => c.committer_time,
            Err(_) => return Ok(None),
        };
        // A rebased series shares one committer second: the plan's own commit
        // wins over an equal time, so look past those before settling.
        let mut fallback = None;
        let mut i = 0;
        let found = loop {
            if i == self.line.len() && !self.grow()? {
                break fallback;
            }
            if self.line[i] == base {
                break Some(i);
            }
            if self.times[i] <= when && fallback.is_none() {
                fallback = Some(i);
            }
            if self.times[i] < when {
                break fallback;
            }
            i += 1;
        };
        self.anchors.insert(base, found);
        Ok(found)
    }

    /// The blob at `path` in the tree of line commit `i`.
    fn blob(&mut self, i: usize, path: &str) -> Result<Option<ObjectId>, HistoryError> {
        if let Some(b) = self.blobs.get(&(i, path.to_string())) {
            return Ok(*b);
        }
        let b = self
            .reads
            .entry_at(self.trees[i], path)?
            .filter(|e| e.kind.is_blob())
            .map(|e| e.id);
        self.blobs.insert((i, path.to_string()), b);
        Ok(b)
    }

    /// What became of `path`, there at `base`, when it is gone at HEAD;
    /// `None` when it is still there, history never knew it, or the line
    /// does not reach `base`.
    pub fn gone(&mut self, base: ObjectId, path: &str) -> Result<Option<Gone>, HistoryError> {
        if self.blob(0, path)?.is_some() {
            return Ok(None);
        }
        let Some(mut old) = self.anchor(base)? else {
            return Ok(None);
        };
        if self.blob(old, path)?.is_none() {
            return Ok(None);
        }
        let mut name = path.to_string();
        let mut steps = Vec::new();
        while steps.len() < MAX_CHAIN {
            // Invariant: `name` is at `old`, not at 0 (HEAD).
            let mut new = 0;
            while old - new > 1 {
                let mid = new + (old - new) / 2;
                if self.blob(mid, &name)?.is_some() {
                    old = mid;
                } else {
                    new = mid;
                }
            }
            let to = self
                .renames(new)?
                .iter()
                .find(|(from, _)| *from == name)
                .map(|(_, to)| to.clone());
            steps.push(Move {
                to: to.clone(),
                at: self.point(new)?,
            });
            match to {
                Some(to) if self.blob(0, &to)?.is_none() && new > 0 => {
                    name = to;
                    old = new;
                }
                _ => break,
            }
        }
        Ok(Some(Gone { steps }))
    }

    /// Renames (from, to) in line commit `i` against its first parent.
    fn renames(&mut self, i: usize) -> Result<&[(String, String)], HistoryError> {
        if !self.renames.contains_key(&i) {
            let found = self.diff_renames(i)?;
            self.renames.insert(i, found);
        }
        Ok(self.renames.get(&i).map(Vec::as_slice).unwrap_or_default())
    }

    fn diff_renames(&self, i: usize) -> Result<Vec<(String, String)>, HistoryError> {
        let changes = self.repo.diff_trees(self.trees[i + 1], self.trees[i])?;
        Ok(changes
            .into_iter()
            .filter_map(|c| match c {
                TreeChange::Renamed { from, to } => Some((
                    String::from_utf8_lossy(&from).into_owned(),
                    String::from_utf8_lossy(&to).into_owned(),
                )),
                _ => None,
            })
            .collect())
    }

    /// How `path` changed from `base` to HEAD, when it is at both and more
    /// than `over` lines (added plus removed) differ.
    pub fn changed(
        &mut self,
        base: ObjectId,
        path: &str,
        over: usize,
    ) -> Result<Option<Changed>, HistoryError> {
        let Some(now) = self.blob(0, path)? else {
            return Ok(None);
        };
        let Some(at) = self.anchor(base)? else {
            return Ok(None);
        };
        let then = match self.repo.commit(base) {
            Ok(c) => self
                .reads
                .entry_at(c.tree, path)?
                .filter(|e| e.kind.is_blob())
                .map(|e| e.id),
            Err(_) => None,
        };
        let Some(then) = then else {
            return Ok(None);
        };
        if then == now {
            return Ok(None);
        }
        let (added, removed) = line_counts(&self.repo.blob(then)?, &self.repo.blob(now)?);
        // The commit count walks the line: only for what will be reported.
        if added + removed <= over {
            return Ok(None);
        }
        let mut commits = 0;
        for i in 0..at {
            if self.blob(i, path)? != self.blob(i + 1, path)? {
                commits += 1;
            }
        }
        Ok(Some(Changed {
            added,
            removed,
            commits,
        }))
    }

    fn point(&self, i: usize) -> Result<Point, HistoryError> {
        let id = self.line[i];
        let commit = self.repo.commit(id)?;
        let time = DateTime::from_timestamp(commit.author_time, 0).unwrap_or_default();
        let summary = commit.summary;
        Ok(Point {
            commit: id.to_string(),
            short: id.to_hex_with_len(7).to_string(),
            time,
            summary,
        })
    }
}
