//! Reading plan history from git, and the one door to git for the whole
//! library: [`Repo`]. Nothing outside this module names gix (a test in
//! `xtask/src/tidy.rs` holds that); the product never runs the `git` CLI.
//!
//! # API
//!
//! ```text
//! // The repository (repo.rs, objects.rs, trees.rs, index.rs, refs.rs)
//! pub struct Repo;                                   // Clone; one thread (SharedRepo for many)
//! impl Repo {
//!     fn open(dir: &Path) -> Result<Repo, HistoryError>;           // discovery upward
//!     fn open_with_env(dir: &Path) -> Result<Repo, HistoryError>;  // + GIT_DIR, GIT_INDEX_FILE, … (the hook)
//!     fn into_shared(self) -> SharedRepo;                          // SharedRepo::to_local(&self) -> Repo
//!     fn git_dir(&self) -> &Path;  fn common_dir(&self) -> &Path;  fn workdir(&self) -> Option<&Path>;
//!     fn is_shallow(&self) -> bool;  fn hash_kind(&self) -> HashKind;
//!     fn config_string(&self, key: &str) -> Option<String>;
//!     fn object_cache_size_if_unset(&mut self, bytes: usize);
//!     fn resolve(&self, rev: &str) -> Result<ObjectId, HistoryError>;                // BadRevision
//!     fn resolve_or_unborn(&self, rev: &str) -> Result<Option<ObjectId>, HistoryError>;
//!     fn head(&self) -> Option<ObjectId>;
//!     fn tags(&self) -> Result<Vec<(String, ObjectId)>, HistoryError>;   // tags of commits
//!     fn ancestors(&self, tip: ObjectId) -> Result<HashSet<ObjectId>, HistoryError>;
//!     fn commit(&self, id: ObjectId) -> Result<CommitFacts, HistoryError>;
//!     fn first_parent(&self, id: ObjectId) -> Result<Option<ObjectId>, HistoryError>;
//!     fn blob(&self, id: ObjectId) -> Result<Vec<u8>, HistoryError>;
//!     fn write_blob(&self, bytes: &[u8]) -> Result<ObjectId, HistoryError>;
//!     fn tree_entries(&self, tree: ObjectId) -> Result<Vec<TreeEntry>, HistoryError>;
//!     fn entry_at(&self, tree: ObjectId, path: &str) -> Result<Option<TreeEntry>, HistoryError>;
//!     fn file_at(&self, rev: &str, path: &str) -> Result<Option<Vec<u8>>, HistoryError>;
//!     fn diff_trees(&self, old: ObjectId, new: ObjectId) -> Result<Vec<TreeChange>, HistoryError>; // renames as git
//!     fn index(&self) -> Result<Index, HistoryError>;      // Index::{blob, entries, replace_blob, write}
//!     fn staged(&self, path: &str) -> Result<Option<Vec<u8>>, HistoryError>;
//! }
//! pub struct CommitFacts { id, tree, parents, author_time, committer_time, summary }
//! pub struct TreeEntry { name: BString, id: ObjectId, kind: EntryKind }
//! pub enum EntryKind { Blob, Executable, Link, Tree, Commit }
//! pub enum TreeChange { Added, Deleted, Modified, Renamed { from, to }, Copied { from, to } }
//! pub fn blob_id(kind: HashKind, bytes: &[u8]) -> Option<ObjectId>;   // the id `bytes` have as a blob
//! pub fn sha256_hex(bytes: &[u8]) -> Option<String>;
//! pub use ObjectId, HashKind, BString;                                 // plain data, from gix
//!
//! // The walk
//! pub fn walk(repo: &Repo, opts: &WalkOptions) -> Result<History, HistoryError>;
//! pub fn walk_cached(repo, opts) -> Result<History, HistoryError>;     // == walk, from/extending .git/execplan/
//! pub fn walk_cached_with_outcome(repo, opts) -> Result<(History, CacheOutcome), HistoryError>;
//! pub fn staged_origin<'h>(repo, history: &'h History, path: &[u8]) -> Option<&'h FileLineage>; // an uncommitted `git mv`
//! pub struct WalkOptions { rev: String, prefixes: Vec<String>, only_md: bool }   // Default: HEAD, [".agents"], true
//! pub struct History { head, shallow, commits: Vec<CommitInfo>, files: Vec<FileLineage>, .. }
//! impl History {
//!     fn lineage(&self, path: &str) -> Option<&FileLineage>;
//!     fn created(&self, l: &FileLineage) -> Option<Created<'_>>;        // commit + Certainty
//!     fn last_updated(&self, l: &FileLineage) -> Option<&CommitInfo>;
//!     fn path_revisions(&self, path: &str) -> &[FileRevision];          // == git log -- <path>
//!     fn tracked_paths(&self) -> impl Iterator<Item = &BString>;
//!     fn commit(&self, r: &FileRevision) -> Option<&CommitInfo>;
//!     fn blob(&self, repo: &Repo, id: ObjectId) -> Result<Vec<u8>, HistoryError>;
//! }
//! pub struct CommitInfo { id, short, author, email, time /* author date, UTC */, offset, committed, summary, is_merge, at_shallow_boundary }
//! pub struct FileLineage { path: BString, deleted: bool, revisions: Vec<FileRevision> /* oldest first */ }
//! pub struct FileRevision { commit: usize, path: BString, blob: ObjectId, change: ChangeKind }
//! pub enum ChangeKind { Added, Modified, Renamed { from }, RenamedAway { to }, Deleted }
//! pub struct Created<'a> { commit: &'a CommitInfo, certainty: Certainty }
//! pub enum Certainty { Exact, ShallowBoundary, RenamedFromUntracked { from } }
//! pub enum HistoryError { NotARepository, Open, BadRevision, MissingCommit, MissingObject, BadPrefix, Git }
//! ```
//!
//! Every read of a blob, tree or commit through [`Repo`] turns an object the
//! repository lacks into [`HistoryError::MissingObject`]
//! ([`HistoryError::is_missing_object`]), any other failure into
//! [`HistoryError::Git`].
//!
//! # Definitions
//!
//! The walk starts at `rev` and visits commits once, children before parents (Kahn's
//! topological order; among ready commits the newest committer date first, like
//! `git log --date-order`). [`History::commits`] and all revision lists are the
//! reverse of that: oldest first. For each commit it compares the subtree ids of the
//! tracked folders with those of its parents and only diffs the folder subtrees that
//! differ, so most commits cost one commit and one root-tree decode.
//!
//! **Merges follow `git log`'s default history simplification, per path.** For a path
//! `p`, a merge that is TREESAME for `p` to some parent (same blob, or absent in both)
//! contributes no change to `p`, and only the *first* such parent is followed for `p`;
//! a merge that differs from *every* parent in `p` is a revision of `p` and all parents
//! are followed. A merge whose whole tracked folder equals that of a parent is
//! therefore skipped entirely, and only the first such parent is visited. Change kinds
//! at a merge are taken from the diff against the first parent.
//!
//! This gives these equalities (tested against the git CLI in `tests/it/history_walk.rs`):
//!
//! - the commits of [`History::path_revisions`]`(p)` == `git log --format=%H -- p` (the
//!   same set; git's default order can differ under clock skew), for any tracked path,
//!   including deleted and renamed-away ones, through merges and cherry-picks.
//! - [`History::last_updated`] == first line of `git log -1 --format=%H -- p` (for a
//!   plan present at `rev`).
//! - `lineage(p).revisions` == `git log --format=%H -- p` (as a set) when `p` was never renamed;
//!   with renames and linear history == `git log --follow --format=%H -- p`, and then
//!   [`History::created`] == last line of `git log --follow --format=%H -- p`.
//! - [`CommitInfo::time`] == `git log -1 --format=%aI <id>` converted to UTC: the
//!   **author** date (rebases rewrite committer dates, not author dates).
//!
//! **Renames.** Folder diffs track renames with gix's defaults: 50 % similarity, exact
//! blob-id matches always win, at most 1,000 candidates, empty files never paired
//! (`track_empty: false`: any two empty files would match). So `active/x.md` ->
//! `completed/x.md` is a rename even for a one-line file if the content is unchanged;
//! a tiny file that is renamed *and* edited below 50 % similarity is a delete plus an
//! add, as in `git log --follow`. A file added to a tracked folder in a commit that
//! also deletes a similar file elsewhere (a move into the folder) is a
//! `Renamed { from }` whose `from` lies outside the tracked folders. That old name
//! is followed on by a walk of its own (`follow.rs`: a path lookup per commit, a
//! whole-tree rename diff only where the old name appears), through further moves,
//! and its revisions join the lineage as for any rename, so [`History::created`]
//! equals the last line of `git log --follow`. Only when that older history cannot
//! be read (a clone lacks its objects) does [`History::created`] stop at the move
//! and say so with [`Certainty::RenamedFromUntracked`].
//!
//! **Following, as `git log --follow` does.** A rename's old name is followed into the
//! commits below it even where per-path simplification would not look for that name
//! (a plan created and moved on a branch: at the merge the old name is absent on both
//! sides, TREESAME to the first parent); those revisions join the lineage but not
//! [`History::path_revisions`], which stays `git log -- p`. An addition that copies a
//! tracked file of the parent (same blob, or same file name and at least half its
//! lines) is a `Renamed { from }` whose source stays: the first half of a move done in
//! two commits, which `git log --follow` also follows (it looks for copies).
//!
//! A lineage is the history of one path at `rev` (or of a deleted path), joined through
//! `Renamed { from }` to the history of `from` in commits older (later in walk order)
//! than the rename. A path re-created after it was renamed away starts a new lineage;
//! a path deleted and re-created keeps one lineage (as `git log -- p` does).
//!
//! **Shallow clones.** Commits listed in `.git/shallow` are treated as parentless, as
//! git does; every tracked file seems to be *added* there, which is not a creation:
//! [`CommitInfo::at_shallow_boundary`] marks them, [`History::shallow`] is set and
//! [`History::created`] reports [`Certainty::ShallowBoundary`]. A parent missing from
//! any *other* commit is an error ([`HistoryError::MissingCommit`]), never a quiet stop.
//!
//! **Repository shapes.** An unborn `HEAD` (no commits yet) gives an empty history.
//! Bare repositories, detached `HEAD` and linked worktrees work; `rev` is resolved in
//! the repository that [`Repo::open`] found. Replace refs (`git replace`, `--graft`) are
//! honoured by the walk as `git log` honours them (off with `GIT_NO_REPLACE_OBJECTS`
//! or `core.useReplaceRefs = false`; see `packed.rs`); the deprecated `info/grafts`
//! file is ignored.
//!
//! **Changed-path filters.** Where the repository has a commit-graph with
//! changed-path Bloom filters (`git commit-graph write --changed-paths`, `git
//! maintenance`), a commit whose filter says a tracked folder certainly did not
//! change against its first parent takes that parent's subtree id without a tree
//! read (the ids are resolved lazily, parent after child), and the rename follow
//! steps to the first parent the same way (`bloom.rs`). A filter only ever saves
//! reads: "maybe", no filter, a stale graph or one that disagrees with the commit
//! read means reading the trees, so every answer above is the same with or
//! without a graph (`tests/it/history_bloom.rs`). Where the graph holds a commit,
//! its parents, root tree and committer time come from the graph's commit data
//! instead of the commit object, as in git's own walk (`walk.rs`, `commit_data`:
//! not in a shallow clone or with replace refs, and not for a date the graph's 34
//! bits cannot hold); the same test holds the walk equal with and without it.
//!
//! **The cache** ([`walk_cached`]) gives exactly [`walk`]'s answer. After new commits
//! it walks only those when the cached start commit is an ancestor and a fresh walk
//! would reach the cached commits only through it, inheriting every path there (see
//! `cache.rs`); otherwise (amend, rebase, reset, a merged branch that changed plans
//! and forked earlier, shallow clones, replace refs) it walks from scratch.
//! `tests/it/history_extend.rs` holds the extension equal to a fresh walk.
//!
//! Paths are kept as bytes ([`BString`]); use [`FileLineage::display_path`] to print.

mod bloom;
mod cache;
mod error;
mod files;
mod follow;
mod index;
mod lineage;
mod objects;
mod packed;
mod pathset;
mod refs;
mod repo;
mod seal;
mod staged;
mod trees;
mod walk;

pub use cache::{walk_cached, walk_cached_with_outcome, CacheOutcome};
pub use error::{BoxError, HistoryError};
pub use files::RepoFiles;
pub use gix::bstr::BString;
/// A git object id (SHA-1 or SHA-256).
pub use gix::ObjectId;
pub use index::{Index, IndexEntry, Replaced};
pub use objects::CommitFacts;
pub use repo::{blob_id, sha256_hex, HashKind, Repo, SharedRepo};
pub use seal::{seal, unseal};
pub use staged::staged_origin;
pub use trees::{EntryKind, TreeChange, TreeEntry};
pub use walk::walk;

/// What the commit-graph's changed-path filter of `commit` says of `path` against
/// the first parent: `Some(true)` certainly unchanged, `Some(false)` maybe changed,
/// `None` no filter to trust. For tests that hold the reader to git's writer; the
/// walk uses the filters itself.
#[doc(hidden)]
pub fn changed_path_filter_says_unchanged(
    repo: &Repo,
    commit: ObjectId,
    path: &str,
) -> Result<Option<bool>, HistoryError> {
    let facts = repo.commit(commit)?;
    let Some(&parent) = facts.parents.first() else {
        return Ok(None);
    };
    let parent_tree = repo.commit(parent)?.tree;
    let Some(graph) = bloom::ChangedPaths::open(repo.gix()) else {
        return Ok(None);
    };
    let Some(filter) = graph.commit(&commit, &facts.tree, &parent) else {
        return Ok(None);
    };
    if filter.parent_tree != parent_tree {
        return Ok(None);
    }
    Ok(bloom::PathKeys::new(path.as_bytes()).map(|k| filter.unchanged(&k)))
}

/// What to walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkOptions {
    /// The revision to start from; anything gix can parse (`HEAD`, a tag, `HEAD~3`, an id).
    pub rev: String,
    /// Repository-relative folders, `/`-separated (e.g. `.agents`, `docs/execplans`).
    /// An empty string tracks the whole repository. Nested duplicates are dropped.
    pub prefixes: Vec<String>,
    /// Track only files whose name ends in `.md`.
    pub only_md: bool,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            rev: "HEAD".into(),
            prefixes: vec![".agents".into()],
            only_md: true,
        }
    }
}

/// One commit that changed at least one tracked file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// Full commit id.
    pub id: ObjectId,
    /// The first 7 hex digits of `id`.
    pub short: String,
    /// Author name (lossily decoded).
    pub author: String,
    /// Author email (lossily decoded).
    pub email: String,
    /// Author date, converted to UTC.
    pub time: chrono::DateTime<chrono::Utc>,
    /// The author's UTC offset in seconds east (the date's own zone): a date written
    /// in the author's local calendar is as true as the UTC one.
    pub offset: i32,
    /// Committer date, converted to UTC: when an amend or rebase last rewrote the
    /// commit, so a stamp between the author and committer dates is no error.
    pub committed: chrono::DateTime<chrono::Utc>,
    /// First line of the message (lossily decoded).
    pub summary: String,
    /// The commit has more than one parent.
    pub is_merge: bool,
    /// The commit is a shallow boundary: its parents are not in the repository, so its
    /// "additions" may be files that existed long before.
    pub at_shallow_boundary: bool,
}

/// How a revision changed a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// The path appeared.
    Added,
    /// Content (or mode) changed in place.
    Modified,
    /// The file arrived here from `from` (possibly outside the tracked folders).
    Renamed {
        /// The previous path.
        from: BString,
    },
    /// The file left this path for `to`; only in [`History::path_revisions`] of the
    /// old path, never inside a [`FileLineage`].
    RenamedAway {
        /// The new path.
        to: BString,
    },
    /// The path disappeared; `blob` is the last content.
    Deleted,
}

/// One change of one file in one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRevision {
    /// Index into [`History::commits`].
    pub commit: usize,
    /// The path after this change (before it, for deletions and renames away).
    pub path: BString,
    /// The blob after this change (the removed blob, for deletions).
    pub blob: ObjectId,
    /// What happened.
    pub change: ChangeKind,
}

/// The history of one logical plan, renames joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLineage {
    /// The path at `rev`, or the last path before deletion.
    pub path: BString,
    /// The file does not exist at `rev`.
    pub deleted: bool,
    /// Oldest first; one per commit that changed the content or the path.
    pub revisions: Vec<FileRevision>,
}

impl FileLineage {
    /// The path for display (invalid UTF-8 replaced).
    pub fn display_path(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.path)
    }
}

/// How sure [`History::created`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Certainty {
    /// The commit really introduced the content.
    Exact,
    /// The file first shows up at a shallow boundary; the real creation is older and
    /// unknown. Fetch full history (`git fetch --unshallow`, CI `fetch-depth: 0`).
    ShallowBoundary,
    /// The file was moved in from a path outside the tracked folders whose
    /// older history could not be read.
    RenamedFromUntracked {
        /// The untracked previous path.
        from: BString,
    },
}

/// The creation of a lineage, with how much it can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Created<'a> {
    /// The oldest known revision's commit.
    pub commit: &'a CommitInfo,
    /// Whether that commit is really the creation.
    pub certainty: &'a Certainty,
}

/// The result of one [`walk`].
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The resolved start revision; `None` for an unborn branch (no commits).
    pub head: Option<ObjectId>,
    /// The repository is shallow and the walk reached a shallow boundary.
    pub shallow: bool,
    /// Every commit with a revision of a tracked file (or of a plan's old name
    /// outside the tracked folders), oldest first (reverse walk order).
    pub commits: Vec<CommitInfo>,
    /// One per plan path at `rev` plus one per deleted plan, sorted by path.
    pub files: Vec<FileLineage>,
    /// Per path, its revisions oldest first (the `git log -- <path>` view).
    by_path: std::collections::BTreeMap<BString, Vec<FileRevision>>,
    /// Certainty of each lineage's creation, parallel to `files`.
    certainty: Vec<Certainty>,
}

impl History {
    /// The lineage whose current (or last) path is `path`.
    pub fn lineage(&self, path: &str) -> Option<&FileLineage> {
        self.lineage_bytes(path.as_bytes())
    }

    /// [`History::lineage`] for a path given as bytes (paths need not be UTF-8).
    pub fn lineage_bytes(&self, path: &[u8]) -> Option<&FileLineage> {
        let idx = self
            .files
            .binary_search_by(|l| l.path.as_slice().cmp(path))
            .ok()?;
        self.files.get(idx)
    }

    /// The commit of a revision (`None` only for a revision from another history).
    pub fn commit(&self, rev: &FileRevision) -> Option<&CommitInfo> {
        self.commits.get(rev.commit)
    }

    /// Where `lineage` was created, and whether that is certain (see [`Certainty`]).
    pub fn created(&self, lineage: &FileLineage) -> Option<Created<'_>> {
        let first = lineage.revisions.first()?;
        let commit = self.commits.get(first.commit)?;
        let idx = self
            .files
            .binary_search_by(|l| l.path.cmp(&lineage.path))
            .ok()?;
        Some(Created {
            commit,
            certainty: self.certainty.get(idx)?,
        })
    }

    /// The newest revision's commit (for a deleted plan: the deletion).
    pub fn last_updated(&self, lineage: &FileLineage) -> Option<&CommitInfo> {
        self.commits.get(lineage.revisions.last()?.commit)
    }

    /// Revisions of exactly `path`, oldest first, without joining renames. Reversed,
    /// their commits equal `git log --format=%H -- <path>`.
    pub fn path_revisions(&self, path: &str) -> &[FileRevision] {
        self.by_path
            .get(path.as_bytes())
            .map_or(&[][..], |v| v.as_slice())
    }

    /// Every tracked path that has at least one revision, sorted.
    pub fn tracked_paths(&self) -> impl Iterator<Item = &BString> {
        self.by_path.keys()
    }

    /// Read a blob's bytes (e.g. [`FileRevision::blob`]).
    pub fn blob(&self, repo: &Repo, id: ObjectId) -> Result<Vec<u8>, HistoryError> {
        repo.blob(id)
    }
}
