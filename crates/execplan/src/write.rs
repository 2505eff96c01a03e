//! Atomic file writes: a temporary file in the same folder, fsync, rename.
//! An interrupted write leaves the old file or the new one, never a torn one.

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Write `bytes` to `path` atomically, keeping the permission bits of an
/// existing file. Refuses to write through a symbolic link. With
/// `create_new`, fails if the file appears meanwhile instead of replacing it.
pub fn write_atomic(path: &Path, bytes: &[u8], create_new: bool) -> Result<(), Error> {
    let io = |source: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::symlink_metadata(path).ok();
    if meta.as_ref().is_some_and(|m| m.file_type().is_symlink()) {
        return Err(Error::Invalid(format!(
            "{}: is a symbolic link; refusing to write through it (edit the target instead)",
            path.display()
        )));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".execplan-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    if let Some(m) = &meta {
        tmp.as_file().set_permissions(m.permissions()).map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    // Fault injection for the no-data-loss test: die between writing the new
    // content and the rename, as a crash or `kill -9` would.
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
