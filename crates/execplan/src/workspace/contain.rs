//! Containment: what the workspace may read and write. A caller (an agent
//! through MCP, a pull request through CI) is not trusted, and neither are the
//! repository's files: a path given to a verb, a configured plans folder or a
//! plan file reached through a symbolic link must stay inside the root, inside
//! a configured plans folder, and out of `.git/`. Every check here is made
//! before anything is read or written, and says why it refused.

use std::path::{Component, Path, PathBuf};

use super::Workspace;
use crate::error::Error;

fn refused(name: &Path, why: impl std::fmt::Display) -> Error {
    Error::Refused {
        path: name.to_path_buf(),
        reason: why.to_string(),
    }
}

/// `path` with `.` and `..` taken away without touching the file system;
/// `None` when a `..` climbs above where it started.
fn lexical(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            other => out.push(other),
        }
    }
    Some(out)
}

impl Workspace {
    /// `name` (relative to [`Workspace::cwd`], or absolute) as a path
    /// relative to the root, if it stays inside the root: lexically (no `..`
    /// out of it), out of `.git/`, and through the file system (a symbolic
    /// link on the way must land inside the root, and not in `.git/`). The
    /// path need not exist; the part of it that does is resolved.
    pub fn inside(&self, name: &Path) -> Result<PathBuf, Error> {
        let full = lexical(&self.cwd.join(name))
            .ok_or_else(|| refused(name, "climbs above the file system's root"))?;
        let root = lexical(&self.root).unwrap_or_else(|| self.root.clone());
        let rel = full
            .strip_prefix(&root)
            .map_err(|_| {
                refused(
                    name,
                    format!("is outside the repository ({})", self.root.display()),
                )
            })?
            .to_path_buf();
        let in_git = |p: &Path| p.components().any(|c| c.as_os_str() == ".git");
        if in_git(&rel) {
            return Err(refused(
                name,
                "is inside `.git/`, which holds git's own files, never a plan",
            ));
        }
        // Resolve the part that exists (links followed) and hold it to the
        // same bounds: a link out of the root is refused before anything is
        // read through it.
        let canon_root = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
        let mut existing = full.clone();
        let mut rest = Vec::new();
        let resolved = loop {
            match std::fs::canonicalize(&existing) {
                Ok(c) => break Some(c),
                Err(_) => {
                    let Some(last) = existing.file_name().map(ToOwned::to_owned) else {
                        break None;
                    };
                    rest.push(last);
                    if !existing.pop() {
                        break None;
                    }
                }
            }
        };
        if let Some(mut resolved) = resolved {
            resolved.extend(rest.iter().rev());
            match resolved.strip_prefix(&canon_root) {
                Ok(r) if !in_git(r) => {}
                Ok(_) => {
                    return Err(refused(
                        name,
                        "leads through a symbolic link into `.git/`; refused",
                    ))
                }
                Err(_) => {
                    return Err(refused(
                        name,
                        format!(
                            "leads through a symbolic link to {}, outside the repository; never followed",
                            resolved.display()
                        ),
                    ))
                }
            }
        }
        Ok(rel)
    }

    /// Whether the root-relative `rel` lies in a configured plans folder: a
    /// folder entry of `plans`, or the folder a glob entry starts from
    /// (`notes/` for `notes/*.adoc`), as [`crate::config::Config::plan_folders`]
    /// names them.
    pub fn in_plans(&self, rel: &Path) -> bool {
        self.config.plan_folders().iter().any(|folder| {
            let folder = Path::new(folder.trim_end_matches('/'));
            folder.as_os_str().is_empty() || folder == Path::new(".") || rel.starts_with(folder)
        })
    }

    /// [`Workspace::inside`], and in a plans folder: what a plan argument may
    /// name.
    pub fn plan_path(&self, name: &Path) -> Result<PathBuf, Error> {
        let rel = self.inside(name)?;
        if !self.in_plans(&rel) {
            return Err(refused(
                name,
                format!(
                    "is not in a plans folder (`{}`); name a plan there, or set `plans` in execplan.toml",
                    self.config.plan_folders().join("`, `")
                ),
            ));
        }
        Ok(rel)
    }

    /// The absolute path a write may go to for the root-relative `rel`,
    /// checked again right before writing (a link may have appeared since the
    /// plan was named). The file itself must not be a link: an atomic write
    /// would replace the link, not write where it points.
    pub fn writable(&self, rel: &Path) -> Result<PathBuf, Error> {
        let rel = self.plan_path(&self.root.join(rel))?;
        let path = self.root.join(&rel);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(refused(
                &rel,
                "is a symbolic link; refusing to write through it (edit the target instead)",
            ));
        }
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_never_climbs_out_lexically() {
        assert_eq!(lexical(Path::new("/a/b/../c")), Some(PathBuf::from("/a/c")));
        assert_eq!(lexical(Path::new("a/../../b")), None);
        assert_eq!(lexical(Path::new("/a/./b/")), Some(PathBuf::from("/a/b")));
    }
}
