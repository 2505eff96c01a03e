//! The reads the history rules repeat across plans, each done once per run:
//! a tree's entries, a path looked up in a tree, and the line counts of a
//! blob pair. Plans of one repository name the same paths and tick against
//! the same commits, so a check of many plans asks the same questions many
//! times; each answer is kept for the whole run (shared by every plan).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use crate::history::{HistoryError, ObjectId, Repo, TreeEntry};

/// Decoded trees kept before the memo starts over: a decoded entry takes
/// about 80 bytes, so 1,024 trees of 100 entries hold 8 MB; neighbouring
/// ticks read neighbouring trees, so a small memo keeps nearly every hit.
const MAX_TREES: usize = 1024;

/// Line-count pairs kept before the memo starts over.
const MAX_COUNTS: usize = 1 << 16;

/// A map keyed by object ids (or keys made of them). Ids are already
/// uniformly distributed, so hashing their leading bytes is enough; SipHash
/// over 20 bytes was a visible part of walking a first-parent line.
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// The hasher of [`IdMap`]: folds in the leading eight bytes of each write.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut word = [0u8; 8];
        let n = bytes.len().min(8);
        word[..n].copy_from_slice(&bytes[..n]);
        self.0 = self.0.rotate_left(5) ^ u64::from_le_bytes(word);
    }
}

/// A memo over one repository's trees and line counts (see the module doc).
pub struct Reads<'r> {
    repo: &'r Repo,
    trees: RefCell<IdMap<ObjectId, Rc<[TreeEntry]>>>,
    counts: RefCell<IdMap<BlobPair, Numstat>>,
}

/// The two sides of a file's change: its blob before and after.
type BlobPair = (Option<ObjectId>, Option<ObjectId>);

/// Lines added and removed, or a binary file (either side), as
/// `git diff --numstat` tells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numstat {
    /// Lines added (0 for a binary file).
    pub added: usize,
    /// Lines removed (0 for a binary file).
    pub removed: usize,
    /// Binary on either side: a NUL byte in its first 8000 bytes.
    pub binary: bool,
}

impl<'r> Reads<'r> {
    /// A memo over `repo`, empty.
    pub fn new(repo: &'r Repo) -> Self {
        Self {
            repo,
            trees: Default::default(),
            counts: Default::default(),
        }
    }

    /// The entries of the tree `id`, in the tree's order.
    pub fn entries(&self, id: ObjectId) -> Result<Rc<[TreeEntry]>, HistoryError> {
        if let Some(e) = self.trees.borrow().get(&id) {
            return Ok(Rc::clone(e));
        }
        let entries: Rc<[TreeEntry]> = self.repo.tree_entries(id)?.into();
        let mut trees = self.trees.borrow_mut();
        if trees.len() >= MAX_TREES {
            trees.clear();
        }
        trees.insert(id, Rc::clone(&entries));
        Ok(entries)
    }

    /// The entry at `path` (`/`-separated, from the tree `tree`), or `None`
    /// when nothing is there; what [`Repo::entry_at`] answers, through the memo.
    pub fn entry_at(&self, tree: ObjectId, path: &str) -> Result<Option<TreeEntry>, HistoryError> {
        let mut at = tree;
        let mut parts = path.split('/').filter(|p| !p.is_empty()).peekable();
        while let Some(name) = parts.next() {
            let entries = self.entries(at)?;
            let Some(entry) = entries
                .iter()
                .find(|e| e.name.as_slice() == name.as_bytes())
            else {
                return Ok(None);
            };
            if parts.peek().is_none() {
                return Ok(Some(entry.clone()));
            }
            if !entry.kind.is_tree() {
                return Ok(None);
            }
            at = entry.id;
        }
        Ok(None)
    }

    /// What changed from blob `old` to blob `new` (either may be absent: no
    /// lines), lines counted as [`super::line_counts`] counts them.
    pub fn numstat(
        &self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
    ) -> Result<Numstat, HistoryError> {
        if let Some(c) = self.counts.borrow().get(&(old, new)) {
            return Ok(*c);
        }
        let (old_bytes, new_bytes) = (self.blob(old)?, self.blob(new)?);
        let c = if super::is_binary(&old_bytes) || super::is_binary(&new_bytes) {
            Numstat {
                added: 0,
                removed: 0,
                binary: true,
            }
        } else {
            let (added, removed) = super::line_counts(&old_bytes, &new_bytes);
            Numstat {
                added,
                removed,
                binary: false,
            }
        };
        let mut counts = self.counts.borrow_mut();
        if counts.len() >= MAX_COUNTS {
            counts.clear();
        }
        counts.insert((old, new), c);
        Ok(c)
    }

    /// The bytes of blob `id` (none for no blob).
    fn blob(&self, id: Option<ObjectId>) -> Result<Vec<u8>, HistoryError> {
        match id {
            None => Ok(Vec::new()),
            Some(id) => self.repo.blob(id),
        }
    }
}
