//! Atomic file writes: a temporary file in the same folder, fsync, rename.
//! An interrupted write leaves the old file or the new one, never a torn one.

use std::io::Write;
use std::path::Path;

/// Why a write failed. Its own type, not the crate's `Error`, so that the
/// lowest layer (the history cache writes through it too) depends on nothing.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file or its temporary sibling could not be written or renamed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file involved.
        path: std::path::PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The path is a symbolic link, which is never written through.
    #[error("{}: is a symbolic link; refusing to write through it (edit the target instead)", path.display())]
    Symlink {
        /// The link.
        path: std::path::PathBuf,
    },
}

/// Write `bytes` to `path` atomically, keeping the permission bits of an
/// existing file; a new file gets `0o666` less the process umask, as git
/// and cargo create files (a temporary file alone would be `0o600`). Refuses to write through a symbolic link. With
/// `create_new`, fails if the file appears meanwhile instead of replacing it.
pub fn write_atomic(path: &Path, bytes: &[u8], create_new: bool) -> Result<(), WriteError> {
    let io = |source: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::symlink_metadata(path).ok();
    if meta.as_ref().is_some_and(|m| m.file_type().is_symlink()) {
        return Err(WriteError::Symlink {
            path: path.to_path_buf(),
        });
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".execplan-").suffix(".tmp");
    #[cfg(unix)]
    if meta.is_none() {
        use std::os::unix::fs::PermissionsExt;
        // The kernel masks the mode with the umask when it creates the file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    if let Some(m) = &meta {
        tmp.as_file().set_permissions(m.permissions()).map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    // Fault injection for the no-data-loss test: die between writing the new
    // content and the rename, as a crash or `kill -9` would. Compiled only
    // into test builds: the shipped binary has no such switch.
    #[cfg(feature = "fault-injection")]
    if std::env::var_os("EXECPLAN_FAULT_BEFORE_RENAME").is_some() {
        std::process::abort();
    }
    if create_new {
        tmp.persist_noclobber(path).map_err(|e| io(e.error))?;
    } else {
        tmp.persist(path).map_err(|e| io(e.error))?;
    }
    // Make the rename itself durable.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
