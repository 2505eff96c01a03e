//! Trees: their entries, a path looked up in one, a file at a revision, and
//! the diff of two trees with git's rename detection.

use super::objects::{find_error, lookup_error};
use super::{BString, HistoryError, ObjectId, Repo};

/// What a tree entry holds (git's file modes, discretised).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A regular file.
    Blob,
    /// An executable file.
    Executable,
    /// A symbolic link (its blob is the target).
    Link,
    /// A folder.
    Tree,
    /// A submodule's commit: nothing in this repository to read.
    Commit,
}

impl EntryKind {
    fn of(mode: gix::object::tree::EntryMode) -> Self {
        use gix::object::tree::EntryKind as K;
        match mode.kind() {
            K::Blob => EntryKind::Blob,
            K::BlobExecutable => EntryKind::Executable,
            K::Link => EntryKind::Link,
            K::Tree => EntryKind::Tree,
            K::Commit => EntryKind::Commit,
        }
    }

    /// A file's content: a regular or executable file (not a link).
    pub fn is_blob(self) -> bool {
        matches!(self, EntryKind::Blob | EntryKind::Executable)
    }

    /// A folder.
    pub fn is_tree(self) -> bool {
        self == EntryKind::Tree
    }
}

/// One entry of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    /// The file name (one path component, bytes as stored).
    pub name: BString,
    /// The object it names.
    pub id: ObjectId,
    /// What it is.
    pub kind: EntryKind,
}

/// One change between two trees, paths from the trees' root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeChange {
    /// `path` appeared.
    Added {
        /// The new path.
        path: BString,
    },
    /// `path` went away.
    Deleted {
        /// The old path.
        path: BString,
    },
    /// `path` changed content or mode in place.
    Modified {
        /// The path.
        path: BString,
    },
    /// `from` moved to `to` (possibly edited, at least 50 % similar).
    Renamed {
        /// The old path.
        from: BString,
        /// The new path.
        to: BString,
    },
    /// `to` is a copy of `from`, which stays.
    Copied {
        /// The source path.
        from: BString,
        /// The new path.
        to: BString,
    },
}

impl Repo {
    fn tree(&self, id: ObjectId) -> Result<gix::Tree<'_>, HistoryError> {
        self.gix()
            .find_tree(id)
            .map_err(|e| find_error("a tree", || format!("reading tree {id}"), e))
    }

    /// The entries of the tree `id`, in git's order.
    pub fn tree_entries(&self, id: ObjectId) -> Result<Vec<TreeEntry>, HistoryError> {
        let tree = self.tree(id)?;
        let decoded = tree
            .decode()
            .map_err(|e| HistoryError::git(format!("decoding tree {id}"), e))?;
        Ok(decoded
            .entries
            .iter()
            .map(|e| TreeEntry {
                name: e.filename.to_owned(),
                id: e.oid.to_owned(),
                kind: EntryKind::of(e.mode),
            })
            .collect())
    }

    /// The entry at `path` (`/`-separated, relative to the tree `tree`), or
    /// `None` when nothing is there.
    pub fn entry_at(&self, tree: ObjectId, path: &str) -> Result<Option<TreeEntry>, HistoryError> {
        let entry = self
            .tree(tree)?
            .lookup_entry_by_path(path)
            .map_err(|e| lookup_error("a tree", || format!("looking up {path}"), e))?;
        Ok(entry.map(|e| TreeEntry {
            name: e.filename().to_owned(),
            id: e.object_id(),
            kind: EntryKind::of(e.mode()),
        }))
    }

    /// The bytes of `path` (`/`-separated, from the root) at the revision
    /// `rev`, or `None` when it has no such path.
    pub fn file_at(&self, rev: &str, path: &str) -> Result<Option<Vec<u8>>, HistoryError> {
        let tree_id = self.commit(self.resolve(rev)?)?.tree;
        let tree = self.gix().find_tree(tree_id).map_err(|e| {
            find_error(
                &format!("the tree of {rev}"),
                || format!("reading the tree of {rev}"),
                e,
            )
        })?;
        let Some(entry) = tree.lookup_entry_by_path(path).map_err(|e| {
            lookup_error(
                &format!("a tree on the way to {path} at {rev}"),
                || format!("looking up {path} at {rev}"),
                e,
            )
        })?
        else {
            return Ok(None);
        };
        self.blob_as(entry.object_id(), &format!("{path} at {rev}"), || {
            format!("reading {path} at {rev}")
        })
        .map(Some)
    }

    /// The changes from the tree `old` to the tree `new`, renames found as git
    /// finds them by default (exact matches first, then at least 50 % similar
    /// content, at most 1,000 candidates).
    pub fn diff_trees(
        &self,
        old: ObjectId,
        new: ObjectId,
    ) -> Result<Vec<TreeChange>, HistoryError> {
        use gix::object::tree::diff::ChangeDetached as C;
        let (old_tree, new_tree) = (self.tree(old)?, self.tree(new)?);
        let opts =
            gix::diff::Options::default().with_rewrites(Some(gix::diff::Rewrites::default()));
        let changes = self
            .gix()
            .diff_tree_to_tree(Some(&old_tree), Some(&new_tree), opts)
            .map_err(|e| HistoryError::git(format!("diffing trees {old} and {new}"), e))?;
        Ok(changes
            .into_iter()
            .map(|c| match c {
                C::Addition { location, .. } => TreeChange::Added { path: location },
                C::Deletion { location, .. } => TreeChange::Deleted { path: location },
                C::Modification { location, .. } => TreeChange::Modified { path: location },
                C::Rewrite {
                    source_location,
                    location,
                    copy,
                    ..
                } => match copy {
                    false => TreeChange::Renamed {
                        from: source_location,
                        to: location,
                    },
                    true => TreeChange::Copied {
                        from: source_location,
                        to: location,
                    },
                },
            })
            .collect())
    }
}
