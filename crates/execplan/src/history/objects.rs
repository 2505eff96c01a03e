//! Reading and writing single objects: blobs and commits. An object the
//! repository does not have is [`HistoryError::MissingObject`], never a
//! generic read failure, so that callers can tell a partial clone from damage.

use gix::bstr::ByteSlice;

use super::{HistoryError, ObjectId, Repo};

/// What the history-reading code needs from one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitFacts {
    /// The commit's id.
    pub id: ObjectId,
    /// Its root tree.
    pub tree: ObjectId,
    /// Parents in order (the first parent first); empty for a root commit.
    pub parents: Vec<ObjectId>,
    /// Author date, seconds since 1970 (0 when unreadable, as git shows it).
    pub author_time: i64,
    /// Committer date, seconds since 1970 (0 when unreadable).
    pub committer_time: i64,
    /// The message's first paragraph on one line (lossily decoded).
    pub summary: String,
}

/// A failed lookup as ours: missing, or any other read failure.
pub(super) fn find_error(
    missing: &str,
    what: impl FnOnce() -> String,
    err: gix::object::find::existing::with_conversion::Error,
) -> HistoryError {
    use gix::object::find::existing::with_conversion::Error as Find;
    match err {
        Find::Find(err) => lookup_error(missing, what, err),
        err => HistoryError::git(what(), err),
    }
}

/// [`find_error`] for reads that expect no particular kind (a subtree met
/// while looking up a path).
pub(super) fn lookup_error(
    missing: &str,
    what: impl FnOnce() -> String,
    err: gix::object::find::existing::Error,
) -> HistoryError {
    match err {
        gix::object::find::existing::Error::NotFound { oid } => HistoryError::MissingObject {
            id: oid,
            what: missing.to_owned(),
        },
        err => HistoryError::git(what(), err),
    }
}

impl Repo {
    /// The bytes of the blob `id`.
    pub fn blob(&self, id: ObjectId) -> Result<Vec<u8>, HistoryError> {
        self.blob_as(id, "a blob", || format!("reading blob {id}"))
    }

    /// [`Repo::blob`], naming the read as the caller knows it: `missing`
    /// (a noun: "the staged blob of x") for a missing object, `what` for any
    /// other failure.
    pub(super) fn blob_as(
        &self,
        id: ObjectId,
        missing: &str,
        what: impl FnOnce() -> String,
    ) -> Result<Vec<u8>, HistoryError> {
        let mut blob = self
            .gix()
            .find_blob(id)
            .map_err(|e| find_error(missing, what, e))?;
        Ok(blob.take_data())
    }

    /// The facts of the commit `id`.
    pub fn commit(&self, id: ObjectId) -> Result<CommitFacts, HistoryError> {
        let commit = self
            .gix()
            .find_commit(id)
            .map_err(|e| find_error("a commit", || format!("reading commit {id}"), e))?;
        let decoded = commit
            .decode()
            .map_err(|e| HistoryError::git(format!("decoding commit {id}"), e))?;
        let author_time = decoded.author().map(|s| s.seconds()).unwrap_or_default();
        let committer_time = decoded.committer().map(|s| s.seconds()).unwrap_or_default();
        Ok(CommitFacts {
            id,
            tree: decoded.tree(),
            parents: decoded.parents().collect(),
            author_time,
            committer_time,
            summary: decoded.message().summary().to_str_lossy().into_owned(),
        })
    }

    /// The first parent of the commit `id`; `None` for a root commit.
    pub fn first_parent(&self, id: ObjectId) -> Result<Option<ObjectId>, HistoryError> {
        Ok(self.commit(id)?.parents.first().copied())
    }

    /// Store `bytes` as a loose blob and return its id.
    pub fn write_blob(&self, bytes: &[u8]) -> Result<ObjectId, HistoryError> {
        self.gix()
            .write_blob(bytes)
            .map(|id| id.detach())
            .map_err(|e| HistoryError::git("writing a blob", e))
    }
}
