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
    /// The file may not be written (read-only, or not this user's to
    /// write), or its owner could not be kept; an editor would refuse too.
    #[error("{}: {why}; refused, nothing written", path.display())]
    NotWritable {
        /// The file.
        path: std::path::PathBuf,
        /// What stands in the way, and the way out.
        why: String,
    },
}

/// Write `bytes` to `path` atomically, keeping the permission bits and the
/// owner of an existing file; a new file gets `0o666` less the process
/// umask, as git and cargo create files (a temporary file alone would be
/// `0o600`). Refuses to write through a symbolic link, to replace a file
/// that is read-only or that this user could not write in place (the rename
/// would get around both), and when the owner cannot be kept. With
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
    if let Some(m) = &meta {
        writable_in_place(path, m)?;
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
        keep_owner(path, tmp.as_file(), m)?;
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

/// The existing file could be written where it is: not read-only, and open
/// for writing to this user. An atomic write replaces the file by a rename,
/// which needs only the folder's permission; asking the file first keeps the
/// promise its mode makes.
fn writable_in_place(path: &Path, meta: &std::fs::Metadata) -> Result<(), WriteError> {
    let refuse = |why: String| WriteError::NotWritable {
        path: path.to_path_buf(),
        why,
    };
    if meta.permissions().readonly() {
        return Err(refuse(
            "is read-only; make it writable first (`chmod u+w`) if it should change".to_string(),
        ));
    }
    if let Err(e) = std::fs::OpenOptions::new().write(true).open(path) {
        return Err(refuse(format!("cannot be opened for writing ({e})")));
    }
    Ok(())
}

/// Give the temporary file the owner and group of the file it replaces.
#[cfg(unix)]
fn keep_owner(
    path: &Path,
    tmp: &std::fs::File,
    meta: &std::fs::Metadata,
) -> Result<(), WriteError> {
    use std::os::unix::fs::MetadataExt;
    let now = tmp.metadata().map_err(|source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if now.uid() == meta.uid() && now.gid() == meta.gid() {
        return Ok(());
    }
    std::os::unix::fs::fchown(tmp, Some(meta.uid()), Some(meta.gid())).map_err(|e| {
        WriteError::NotWritable {
            path: path.to_path_buf(),
            why: format!(
                "belongs to uid {} gid {}, which a rewrite could not keep ({e}); write it as its owner",
                meta.uid(),
                meta.gid()
            ),
        }
    })
}

#[cfg(not(unix))]
fn keep_owner(_: &Path, _: &std::fs::File, _: &std::fs::Metadata) -> Result<(), WriteError> {
    Ok(())
}
