//! The pre-commit hook: what is staged, and installing the hook script.
//!
//! The hook judges the **staged** blob of each plan, read from the index that
//! git hands the hook (`GIT_INDEX_FILE` for `git commit -a` and
//! `git commit <paths>`), never the working file. Fixing dates edits the
//! index entry and the working file only when the two are equal, so unstaged
//! work is never touched and `git add` is never run.

mod fill;
mod install;

use std::path::{Path, PathBuf};

use gix::bstr::{BStr, ByteSlice};

pub use fill::{reload, StagedFill};
pub use install::{hooks_dir, install, sh_quote, uninstall, Installed, Uninstalled};

/// Hook errors: the message says what happened and what to do.
#[derive(Debug, thiserror::Error)]
pub enum HookError {
    /// Not inside a git repository with a working tree.
    #[error(
        "{0}: not inside a git repository with a working tree; the hook runs from `git commit`"
    )]
    NotARepository(PathBuf),
    /// A git operation failed.
    #[error("{what}: {message}")]
    Git {
        /// What was being done.
        what: String,
        /// The underlying error.
        message: String,
    },
    /// A file operation failed.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Refused, with the reason and the way out.
    #[error("{0}")]
    Refused(String),
}

fn git(what: impl Into<String>, e: impl std::fmt::Display) -> HookError {
    HookError::Git {
        what: what.into(),
        message: e.to_string(),
    }
}

/// A plan as it is staged.
#[derive(Debug, Clone)]
pub struct StagedPlan {
    /// Path relative to the repository root, `/`-separated.
    pub path: String,
    /// The staged blob id.
    pub blob: gix::ObjectId,
    /// The staged content.
    pub bytes: Vec<u8>,
}

/// The repository as the hook sees it.
pub struct Staged {
    repo: gix::Repository,
    /// The working tree root.
    pub workdir: PathBuf,
    /// Plans added, modified or renamed in the index relative to `HEAD`.
    pub plans: Vec<StagedPlan>,
    /// A merge is being committed (`MERGE_HEAD` exists): nothing is stamped.
    pub merging: bool,
}

/// Open the repository at `dir` honouring git's environment (`GIT_DIR`,
/// `GIT_INDEX_FILE`, …) and list the staged plans under `prefixes`.
pub fn staged(dir: &Path, prefixes: &[String]) -> Result<Staged, HookError> {
    let repo = gix::ThreadSafeRepository::discover_with_environment_overrides(dir)
        .map_err(|_| HookError::NotARepository(dir.to_path_buf()))?
        .to_thread_local();
    let workdir = repo
        .workdir()
        .map(Path::to_path_buf)
        .ok_or_else(|| HookError::NotARepository(dir.to_path_buf()))?;
    let index = repo.open_index().map_err(|e| git("reading the index", e))?;
    let head_tree = match repo.head_commit() {
        Ok(c) => Some(c.tree().map_err(|e| git("reading HEAD's tree", e))?),
        Err(_) => None, // unborn branch: everything staged is new
    };
    let under = |p: &BStr| {
        p.ends_with(b".md")
            && prefixes.iter().any(|pre| {
                let pre = pre.trim_matches('/');
                pre.is_empty() || pre == "." || p.starts_with(format!("{pre}/").as_bytes())
            })
    };
    let mut plans = Vec::new();
    for entry in index.entries() {
        let path = entry.path(&index);
        if !under(path)
            || entry.stage_raw() != 0
            || entry.mode.is_submodule()
            || entry.mode.is_sparse()
        {
            continue;
        }
        let in_head = match &head_tree {
            Some(t) => t
                .lookup_entry_by_path(path.to_str_lossy().as_ref())
                .map_err(|e| git(format!("looking up {path} in HEAD"), e))?
                .map(|e| e.object_id()),
            None => None,
        };
        if in_head == Some(entry.id) {
            continue;
        }
        let bytes = repo
            .find_blob(entry.id)
            .map_err(|e| git(format!("reading the staged blob of {path}"), e))?
            .data
            .clone();
        plans.push(StagedPlan {
            path: path.to_str_lossy().into_owned(),
            blob: entry.id,
            bytes,
        });
    }
    let merging = repo.git_dir().join("MERGE_HEAD").exists();
    drop(head_tree);
    drop(index);
    Ok(Staged {
        repo,
        workdir,
        plans,
        merging,
    })
}

impl Staged {
    /// Replace a plan's staged content in the index and in the working file,
    /// only if the working file equals the staged blob (else refuse: the edit
    /// would have to land on unstaged work).
    pub fn rewrite(&self, plan: &StagedPlan, new: &[u8]) -> Result<(), HookError> {
        let file = self.workdir.join(&plan.path);
        let on_disk = std::fs::read(&file).map_err(|e| HookError::Io {
            path: file.clone(),
            message: e.to_string(),
        })?;
        if on_disk != plan.bytes {
            return Err(HookError::Refused(format!(
                "{} is partially staged (the working file differs from what is staged): --fill would have to edit unstaged work; stage the whole file (or stash the rest) and commit again, or fix the dates by hand",
                plan.path
            )));
        }
        let id = self
            .repo
            .write_blob(new)
            .map_err(|e| git(format!("writing the new blob of {}", plan.path), e))?
            .detach();
        let mut index = self
            .repo
            .open_index()
            .map_err(|e| git("reading the index", e))?;
        let path: &BStr = plan.path.as_bytes().as_bstr();
        let entry = index
            .entry_mut_by_path_and_stage(path, gix::index::entry::Stage::Unconflicted)
            .ok_or_else(|| {
                HookError::Refused(format!("{} left the index while the hook ran", plan.path))
            })?;
        if entry.id != plan.blob {
            return Err(HookError::Refused(format!(
                "{} changed in the index while the hook ran",
                plan.path
            )));
        }
        entry.id = id;
        entry.stat.size = u32::try_from(new.len()).unwrap_or(u32::MAX);
        // The tree cache is not recomputed by gix; git rebuilds it when absent.
        index.remove_tree();
        index
            .write(gix::index::write::Options::default())
            .map_err(|e| git("writing the index", e))?;
        crate::write::write_atomic(&file, new, false).map_err(|e| HookError::Io {
            path: file.clone(),
            message: e.to_string(),
        })
    }
}
