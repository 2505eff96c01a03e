//! Finding plan files: configured folders and globs, walked with walkdir.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

use crate::config::Config;
use crate::error::Error;

/// Folders real repositories keep plans in, for the hint when none is configured.
pub const KNOWN_FOLDERS: &[&str] = &[
    ".agents",
    ".agents/plans",
    ".agents/execplans",
    ".agent/plans",
    ".agent/execplans",
    ".agent",
    "docs/execplans",
    "docs/exec-plans",
    "docs/plans",
    "plans",
];

/// What discovery found.
#[derive(Debug, Default)]
pub struct Found {
    /// Candidate plan files, sorted, relative to the root when under it.
    pub files: Vec<PathBuf>,
    /// Things passed over, with the reason (symlinks, unreadable folders).
    pub skipped: Vec<(PathBuf, String)>,
}

fn globset(patterns: &[String]) -> Result<GlobSet, Error> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let g = Glob::new(p).map_err(|e| Error::Invalid(format!("bad glob `{p}`: {e}")))?;
        b.add(g);
    }
    b.build()
        .map_err(|e| Error::Invalid(format!("bad glob set: {e}")))
}

/// Find plans. `paths` given explicitly (files or folders) replace the
/// configured folders; explicit files are always taken.
pub fn discover(root: &Path, config: &Config, paths: &[PathBuf]) -> Result<Found, Error> {
    let mut found = Found::default();
    let mut folders: Vec<PathBuf> = Vec::new();
    let mut globs: Vec<String> = Vec::new();
    if paths.is_empty() {
        for p in &config.plans {
            if crate::config::is_glob(p) {
                globs.push(p.clone());
            } else {
                folders.push(root.join(p));
            }
        }
    } else {
        for p in paths {
            let full = if p.is_absolute() {
                p.clone()
            } else {
                root.join(p)
            };
            if full.is_file() {
                found.files.push(full);
            } else if full.is_dir() {
                folders.push(full);
            } else {
                return Err(Error::Io {
                    path: p.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "no such file or folder",
                    ),
                });
            }
        }
    }
    let mut any_folder = !paths.is_empty() || !globs.is_empty();
    let canon_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for folder in &folders {
        // A plans folder (or a folder on the way to it) may be a link; one
        // that leads out of the repository is never walked.
        if let Ok(target) = std::fs::canonicalize(folder) {
            if !target.starts_with(&canon_root) {
                any_folder = true;
                found.skipped.push((
                    rel(root, folder).to_path_buf(),
                    format!(
                        "a symbolic link to {}, outside the repository; not followed",
                        target.display()
                    ),
                ));
                continue;
            }
        }
        match std::fs::metadata(folder) {
            Ok(m) if m.is_dir() => any_folder = true,
            Ok(_) => {
                return Err(Error::NoPlansFolder {
                    message: format!(
                        "`{}` is a file, not a folder; set `plans` in execplan.toml to the folder holding your plans",
                        rel(root, folder).display()
                    ),
                })
            }
            Err(_) => continue,
        }
        walk(root, folder, config, &mut found, true);
    }
    if !globs.is_empty() {
        let set = globset(&globs)?;
        let mut all = Found::default();
        // A glob names its own files (`RelNotes/*.adoc`): not only Markdown.
        walk(root, root, config, &mut all, false);
        found
            .files
            .extend(all.files.into_iter().filter(|f| set.is_match(rel(root, f))));
    }
    if !any_folder {
        let seen: Vec<&str> = KNOWN_FOLDERS
            .iter()
            .copied()
            .filter(|f| root.join(f).is_dir())
            .collect();
        let wanted = config.plans.join("`, `");
        let bare = root.join("HEAD").is_file()
            && root.join("objects").is_dir()
            && !root.join(".git").exists();
        let message = if bare {
            format!("{} is a bare repository: it has no working tree to check; read plans from history with `plans timeline --rev <REV>`", root.display())
        } else if seen.is_empty() {
            format!("`{wanted}` does not exist in {}; create it (`plans new <slug>` does) or set `plans` in execplan.toml", root.display())
        } else {
            format!(
                "`{wanted}` does not exist in {}, but {} does; set `plans = [\"{}\"]` in execplan.toml or pass the folder as an argument",
                root.display(),
                seen.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "),
                seen[0]
            )
        };
        return Err(Error::NoPlansFolder { message });
    }
    found.files.sort();
    found.files.dedup();
    found.files = found
        .files
        .iter()
        .map(|f| rel(root, f).to_path_buf())
        .collect();
    Ok(found)
}

/// Collect the files under `folder`: `*.md` only when `only_md`.
fn walk(root: &Path, folder: &Path, config: &Config, found: &mut Found, only_md: bool) {
    let it = WalkDir::new(folder)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(e.file_type().is_dir()
                    && (name == ".git" || name == "target" || name == "node_modules"))
        });
    for entry in it {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| folder.to_path_buf(), Path::to_path_buf);
                found.skipped.push((
                    rel(root, &path).to_path_buf(),
                    format!("not readable: {err}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let is_md = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        let r = rel(root, path);
        // A linked folder is said even when it is not named like a plan: the
        // plans it may hold are passed over, and the reader should know.
        if entry.path_is_symlink() && entry.depth() > 0 && (is_md || (only_md && path.is_dir())) {
            if !config.excluded(r) {
                found
                    .skipped
                    .push((r.to_path_buf(), "symbolic link, not followed".to_string()));
            }
            continue;
        }
        if only_md && !is_md {
            continue;
        }
        if config.excluded(r) {
            continue;
        }
        if entry.path_is_symlink() {
            continue;
        }
        if entry.file_type().is_file() {
            found.files.push(path.to_path_buf());
        }
    }
}

/// `path` relative to `root` when it is under it.
pub fn rel<'a>(root: &Path, path: &'a Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}
