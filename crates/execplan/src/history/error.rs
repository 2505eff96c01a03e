//! Errors of the history walk.

use std::path::PathBuf;

/// A boxed source error from gix; kept opaque so gix's many error types stay out of our API.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can stop [`walk`](super::walk()), [`Repo::open`](super::Repo::open) or a read through [`Repo`](super::Repo).
///
/// Each message says what happened and what the user can do about it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HistoryError {
    /// `path` is not inside a git repository (no `.git` found walking upward).
    #[error("{} is not inside a git repository: run this inside a git checkout, or `git init` first", path.display())]
    NotARepository {
        /// The directory discovery started from.
        path: PathBuf,
        /// gix's discovery error.
        #[source]
        source: BoxError,
    },
    /// The repository exists but could not be opened (permissions, corrupt config, ...).
    #[error("cannot open the git repository at {}: {source}", path.display())]
    Open {
        /// The directory discovery started from.
        path: PathBuf,
        /// gix's open error.
        #[source]
        source: BoxError,
    },
    /// `rev` does not name a commit.
    #[error("cannot resolve revision `{rev}` to a commit: {source}; check the name with `git rev-parse {rev}`")]
    BadRevision {
        /// The revision as given.
        rev: String,
        /// gix's parse or peel error.
        #[source]
        source: BoxError,
    },
    /// A commit that the history needs is missing and the repository does not declare
    /// it as a shallow boundary: the repository is incomplete or corrupt.
    #[error("commit {missing} (parent of {child}) is missing and {child} is not a shallow boundary: the repository is incomplete; run `git fsck`, or `git fetch --unshallow` if it was cloned partially")]
    MissingCommit {
        /// The missing object.
        missing: gix::ObjectId,
        /// The commit that names it as parent.
        child: gix::ObjectId,
    },
    /// A prefix given in [`WalkOptions::prefixes`](super::WalkOptions::prefixes) is unusable.
    #[error("invalid folder prefix `{prefix}`: {reason}")]
    BadPrefix {
        /// The prefix as given.
        prefix: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// An object the read needs is not in the repository: a partial (blobless,
    /// treeless) clone that has not fetched it yet, or a damaged repository.
    #[error("git object {id} ({what}) is missing: a partial clone fetches it on demand (`git cat-file -p {id}`); in a complete clone, `git fsck` shows the damage")]
    MissingObject {
        /// The missing object.
        id: gix::ObjectId,
        /// What it was read as ("a blob", "the staged blob of x").
        what: String,
    },
    /// Any other failure while reading objects; `what` names the step.
    #[error("git read failed while {what}: {source}")]
    Git {
        /// What the walk was doing.
        what: String,
        /// The underlying gix error.
        #[source]
        source: BoxError,
    },
}

impl HistoryError {
    /// An object was missing ([`HistoryError::MissingObject`]), the one
    /// failure a partial clone makes on purpose.
    pub fn is_missing_object(&self) -> bool {
        matches!(self, HistoryError::MissingObject { .. })
    }

    /// The failure without the step it stopped: the underlying error of
    /// [`HistoryError::Git`], else the whole message. For callers that name
    /// the step in their own words.
    pub fn reason(&self) -> String {
        match self {
            HistoryError::Git { source, .. } => source.to_string(),
            other => other.to_string(),
        }
    }

    /// Wrap a gix error with a short description of the step that failed.
    pub(crate) fn git(what: impl Into<String>, source: impl Into<BoxError>) -> Self {
        HistoryError::Git {
            what: what.into(),
            source: source.into(),
        }
    }
}
