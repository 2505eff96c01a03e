//! [`Repo`], the one door to git: opening a repository, where it lives, its
//! configuration and hash kind. Reads of objects, trees, the index and refs
//! are methods too, grouped in `objects.rs`, `trees.rs`, `index.rs` and
//! `refs.rs`; gix stays behind this module.

use std::path::Path;

use super::{HistoryError, ObjectId};

/// The object hash a repository uses (SHA-1 or SHA-256).
pub use gix::hash::Kind as HashKind;

/// An open git repository. Cheap to clone; not shareable between threads
/// (see [`SharedRepo`]).
#[derive(Debug, Clone)]
pub struct Repo {
    inner: gix::Repository,
}

/// A repository handle that threads share: each thread takes its own
/// [`Repo`] with [`SharedRepo::to_local`].
#[derive(Debug, Clone)]
pub struct SharedRepo {
    inner: gix::ThreadSafeRepository,
}

impl SharedRepo {
    /// This thread's handle.
    pub fn to_local(&self) -> Repo {
        Repo {
            inner: self.inner.to_thread_local(),
        }
    }
}

/// Discovery's error as ours: no repository found, or one found and not opened.
fn open_error(dir: &Path, err: gix::discover::Error) -> HistoryError {
    match err {
        err @ gix::discover::Error::Discover(_) => HistoryError::NotARepository {
            path: dir.to_path_buf(),
            source: Box::new(err),
        },
        err => HistoryError::Open {
            path: dir.to_path_buf(),
            source: Box::new(err),
        },
    }
}

impl Repo {
    /// Open the repository containing `dir`, searching upward like git does.
    ///
    /// Works for worktrees, linked worktrees (`git worktree add`) and bare repositories.
    pub fn open(dir: &Path) -> Result<Repo, HistoryError> {
        gix::discover(dir)
            .map(|inner| Repo { inner })
            .map_err(|e| open_error(dir, e))
    }

    /// [`Repo::open`], honouring git's environment (`GIT_DIR`, `GIT_WORK_TREE`,
    /// `GIT_INDEX_FILE`, …) as a hook that git runs must: `git commit -a` and
    /// `git commit <paths>` hand it a temporary index.
    pub fn open_with_env(dir: &Path) -> Result<Repo, HistoryError> {
        gix::ThreadSafeRepository::discover_with_environment_overrides(dir)
            .map(|r| Repo {
                inner: r.to_thread_local(),
            })
            .map_err(|e| open_error(dir, e))
    }

    /// A handle for other threads (parallel blob reads).
    pub fn into_shared(self) -> SharedRepo {
        SharedRepo {
            inner: self.inner.into_sync(),
        }
    }

    /// gix itself, for the walk and the rest of this module.
    pub(super) fn gix(&self) -> &gix::Repository {
        &self.inner
    }

    /// The repository's own git directory (a linked worktree's private one).
    pub fn git_dir(&self) -> &Path {
        self.inner.git_dir()
    }

    /// The git directory that linked worktrees share: where caches and hooks live.
    pub fn common_dir(&self) -> &Path {
        self.inner.common_dir()
    }

    /// The working tree root; `None` for a bare repository.
    pub fn workdir(&self) -> Option<&Path> {
        self.inner.workdir()
    }

    /// The repository is a shallow clone (`.git/shallow` exists).
    pub fn is_shallow(&self) -> bool {
        self.inner.is_shallow()
    }

    /// The object hash of the repository.
    pub fn hash_kind(&self) -> HashKind {
        self.inner.object_hash()
    }

    /// A configuration value as text (`user.name`, `core.hooksPath`), from
    /// every level git reads: repository, user, system.
    pub fn config_string(&self, key: &str) -> Option<String> {
        self.inner
            .config_snapshot()
            .string(key)
            .map(|s| s.to_string())
    }

    /// Keep up to `bytes` of decoded objects, unless a cache is configured:
    /// work that reads the same trees and commits again (neighbouring ticks)
    /// would otherwise resolve their delta chains each time.
    pub fn object_cache_size_if_unset(&mut self, bytes: usize) {
        self.inner.object_cache_size_if_unset(bytes);
    }
}

/// The id `bytes` have as a blob in a repository of hash `kind`; `None` only
/// when the hash reports a collision attack (SHA-1's detection).
pub fn blob_id(kind: HashKind, bytes: &[u8]) -> Option<ObjectId> {
    gix::objs::compute_hash(kind, gix::objs::Kind::Blob, bytes).ok()
}

/// The SHA-256 of `bytes` as hex (gix's own hasher, hardware-accelerated
/// where the CPU has it); `None` should the hasher ever refuse.
pub fn sha256_hex(bytes: &[u8]) -> Option<String> {
    let mut h = gix::hash::hasher(HashKind::Sha256);
    h.update(bytes);
    h.try_finalize().ok().map(|id| id.to_string())
}
