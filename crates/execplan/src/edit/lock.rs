//! One writer at a time per plan: an exclusive advisory lock on the plan file
//! itself, held around read, edit and atomic write.
//!
//! No lock file is left beside the plan. Because an atomic write renames a new
//! file over the old one, a waiter may wake up holding the lock of a file that
//! is no longer the plan; it then lets go and locks the new one.

use std::fs::File;
use std::path::Path;

use crate::error::Error;

/// How often a waiter may find the plan replaced before giving up; each retry
/// means another writer finished, so this is only reached under a storm.
const MAX_RETRIES: usize = 10_000;

/// Lock `path` exclusively, waiting for other writers. The lock lasts as long
/// as the returned file is open.
pub(crate) fn lock(path: &Path) -> Result<File, Error> {
    let io = |source: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    for _ in 0..MAX_RETRIES {
        let file = File::open(path).map_err(io)?;
        file.lock().map_err(io)?;
        let held = same_file::Handle::from_file(file.try_clone().map_err(io)?).map_err(io)?;
        let now = same_file::Handle::from_path(path).map_err(io)?;
        if held == now {
            return Ok(file);
        }
    }
    Err(Error::Invalid(format!(
        "{}: could not lock the plan: it kept being replaced by other writers; try again",
        path.display()
    )))
}
