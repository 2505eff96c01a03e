//! The index (what is staged): reading entries and staged blobs, and the
//! pre-commit hook's one write, a staged blob replaced in place.

use gix::bstr::ByteSlice;

use super::{HistoryError, ObjectId, Repo};

/// A snapshot of the repository's index (git's `GIT_INDEX_FILE` when the
/// repository was opened with [`Repo::open_with_env`]).
pub struct Index {
    inner: gix::index::File,
}

/// One entry of the index.
#[derive(Debug, Clone, Copy)]
pub struct IndexEntry<'a> {
    /// Repository-relative, `/`-separated path.
    pub path: &'a [u8],
    /// The staged blob.
    pub id: ObjectId,
    /// Not part of a merge conflict (git's stage 0).
    pub unconflicted: bool,
    /// A file's content: not a submodule's commit, not a sparse folder.
    pub file: bool,
    /// A symbolic link (its blob is the link's target).
    pub link: bool,
    /// The file's size when it was staged (truncated to 32 bits, as git keeps it).
    pub size: u32,
    /// The file's modification time when it was staged: seconds and nanoseconds.
    pub mtime: (u32, u32),
}

/// What [`Index::replace_blob`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaced {
    /// The entry now names the new blob.
    Done,
    /// No unconflicted entry at the path.
    Missing,
    /// The entry names another blob than expected: someone staged meanwhile.
    Changed,
}

impl Repo {
    /// The index as it is now.
    pub fn index(&self) -> Result<Index, HistoryError> {
        self.gix()
            .open_index()
            .map(|inner| Index { inner })
            .map_err(|e| HistoryError::git("reading the index", e))
    }

    /// The staged bytes of `path` (repository-relative, `/`-separated), or
    /// `None` when it is not in the index.
    pub fn staged(&self, path: &str) -> Result<Option<Vec<u8>>, HistoryError> {
        let index = self.index()?;
        let Some(id) = index.blob(path.as_bytes()) else {
            return Ok(None);
        };
        let what = format!("the staged blob of {path}");
        self.blob_as(id, &what, || format!("reading {path} from the index"))
            .map(Some)
    }
}

impl Index {
    /// The blob staged at `path` (stage 0, or "ours" in a conflict).
    pub fn blob(&self, path: &[u8]) -> Option<ObjectId> {
        self.inner.entry_by_path(path.as_bstr()).map(|e| e.id)
    }

    /// Every entry, in the index's (path) order.
    pub fn entries(&self) -> impl Iterator<Item = IndexEntry<'_>> {
        self.inner.entries().iter().map(|e| IndexEntry {
            path: e.path(&self.inner).as_bytes(),
            id: e.id,
            unconflicted: e.stage_raw() == 0,
            file: !e.mode.is_submodule() && !e.mode.is_sparse(),
            link: e.mode == gix::index::entry::Mode::SYMLINK,
            size: e.stat.size,
            mtime: (e.stat.mtime.secs, e.stat.mtime.nsecs),
        })
    }

    /// Make the unconflicted entry at `path` name `new` (of `len` bytes),
    /// provided it still names `old`. Only this snapshot changes: see
    /// [`Index::write`].
    pub fn replace_blob(
        &mut self,
        path: &[u8],
        old: ObjectId,
        new: ObjectId,
        len: usize,
    ) -> Replaced {
        let Some(entry) = self
            .inner
            .entry_mut_by_path_and_stage(path.as_bstr(), gix::index::entry::Stage::Unconflicted)
        else {
            return Replaced::Missing;
        };
        if entry.id != old {
            return Replaced::Changed;
        }
        entry.id = new;
        entry.stat.size = u32::try_from(len).unwrap_or(u32::MAX);
        Replaced::Done
    }

    /// Write this snapshot back to the index file it was read from.
    pub fn write(&mut self) -> Result<(), HistoryError> {
        // gix does not recompute the tree cache; git rebuilds it when absent.
        self.inner.remove_tree();
        self.inner
            .write(gix::index::write::Options::default())
            .map_err(|e| HistoryError::git("writing the index", e))
    }
}
