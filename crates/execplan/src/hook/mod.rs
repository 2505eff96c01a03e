//! The pre-commit hook: what is staged, and installing the hook script.
//!
//! The hook judges the **staged** blob of each plan, read from the index that
//! git hands the hook (`GIT_INDEX_FILE` for `git commit -a` and
//! `git commit <paths>`), never the working file. Fixing dates edits the
//! index entry and the working file only when the two are equal, so unstaged
//! work is never touched and `git add` is never run.

mod fill;
mod install;
mod judge;
mod runner;

use std::path::{Path, PathBuf};

use crate::history::{HistoryError, ObjectId, Replaced, Repo};

pub use fill::{reload, StagedFill};
pub use install::{hooks_dir, install, sh_quote, uninstall, Installed, Uninstalled};
pub use judge::{mends, Mend, Mends};
pub use runner::{HookProgram, Runner};

/// The commit being made changes every staged plan today: a staged plan
/// whose Last Updated names today is earned by this very commit, which the
/// history rules cannot see yet, so `last-updated-contradicted` (EP105) is
/// dropped for it.
pub fn count_staged_change(report: &mut crate::check::Checked, now: chrono::DateTime<chrono::Utc>) {
    let today = now.date_naive();
    for p in &mut report.plans {
        let says_today = p
            .plan
            .as_ref()
            .and_then(|plan| plan.meta(crate::model::MetaKey::LastUpdated))
            .and_then(|m| crate::parse::stamp::parse_meta_date(&m.value))
            == Some(today);
        if says_today {
            p.diagnostics.retain(|d| d.rule != "EP105");
        }
    }
}

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

/// A failed git read as ours: the step in our words, then why.
fn git(what: impl Into<String>, e: HistoryError) -> HookError {
    HookError::Git {
        what: what.into(),
        message: e.reason(),
    }
}

/// The repository at `dir` as git hands it to a hook (`GIT_DIR`,
/// `GIT_INDEX_FILE`, … honoured).
pub(crate) fn open(dir: &Path) -> Result<Repo, HookError> {
    Repo::open_with_env(dir).map_err(|_| HookError::NotARepository(dir.to_path_buf()))
}

/// The working tree root of the repository at `dir`.
pub fn workdir(dir: &Path) -> Result<PathBuf, HookError> {
    let repo = open(dir)?;
    repo.workdir()
        .map(Path::to_path_buf)
        .ok_or_else(|| HookError::NotARepository(dir.to_path_buf()))
}

/// A plan as it is staged.
#[derive(Debug, Clone)]
pub struct StagedPlan {
    /// Path relative to the repository root, `/`-separated.
    pub path: String,
    /// The staged blob id.
    pub blob: ObjectId,
    /// The staged content.
    pub bytes: Vec<u8>,
    /// The blob at the same path in `HEAD`, when there is one: the plan as
    /// it was before this commit, whose findings are not news.
    pub head: Option<ObjectId>,
}

/// The repository as the hook sees it.
pub struct Staged {
    repo: Repo,
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
    let repo = open(dir)?;
    let workdir = repo
        .workdir()
        .map(Path::to_path_buf)
        .ok_or_else(|| HookError::NotARepository(dir.to_path_buf()))?;
    let index = repo.index().map_err(|e| git("reading the index", e))?;
    // Unborn branch (or no readable HEAD commit): everything staged is new.
    let head_tree = repo
        .head()
        .and_then(|h| repo.commit(h).ok())
        .map(|c| c.tree);
    let under = |p: &[u8]| {
        p.ends_with(b".md")
            && prefixes.iter().any(|pre| {
                let pre = pre.trim_matches('/');
                pre.is_empty() || pre == "." || p.starts_with(format!("{pre}/").as_bytes())
            })
    };
    let mut plans = Vec::new();
    for entry in index.entries() {
        if !under(entry.path) || !entry.unconflicted || !entry.file {
            continue;
        }
        let path = String::from_utf8_lossy(entry.path);
        let in_head = match head_tree {
            Some(t) => repo
                .entry_at(t, &path)
                .map_err(|e| git(format!("looking up {path} in HEAD"), e))?
                .map(|e| e.id),
            None => None,
        };
        if in_head == Some(entry.id) {
            continue;
        }
        let bytes = repo
            .blob(entry.id)
            .map_err(|e| git(format!("reading the staged blob of {path}"), e))?;
        plans.push(StagedPlan {
            path: path.into_owned(),
            blob: entry.id,
            bytes,
            head: in_head,
        });
    }
    let merging = repo.git_dir().join("MERGE_HEAD").exists();
    Ok(Staged {
        repo,
        workdir,
        plans,
        merging,
    })
}

/// CRLF line ends as LF (git's `autocrlf` conversion into the index).
fn crlf_to_lf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// LF line ends as CRLF (an LF already after a CR stays as it is).
fn lf_to_crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' && (i == 0 || bytes[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

impl Staged {
    /// `core.autocrlf` is on (`true` or `input`): git turns CRLF into LF
    /// when it stages a text file. (`.gitattributes` `eol`/`text` settings are
    /// not read; a file they convert is refused as partially staged.)
    fn converts_crlf(&self) -> bool {
        self.repo.config_string("core.autocrlf").is_some_and(|v| {
            matches!(
                v.to_ascii_lowercase().as_str(),
                "true" | "yes" | "on" | "1" | "input"
            )
        })
    }

    /// Replace a plan's staged content in the index and in the working file,
    /// only if the working file equals the staged blob (else refuse: the edit
    /// would have to land on unstaged work).
    pub fn rewrite(&self, plan: &StagedPlan, new: &[u8]) -> Result<(), HookError> {
        let file = self.workdir.join(&plan.path);
        // The work tree's folders are the repository's, not the index's: a
        // plans folder that is a link out of the work tree is never written.
        let inside = |p: &Path| {
            let root =
                std::fs::canonicalize(&self.workdir).unwrap_or_else(|_| self.workdir.clone());
            p.parent()
                .and_then(|d| std::fs::canonicalize(d).ok())
                .is_some_and(|d| d.starts_with(root))
        };
        if !inside(&file) {
            return Err(HookError::Refused(format!(
                "{} is reached through a symbolic link that leaves the work tree; not written",
                plan.path
            )));
        }
        let on_disk = std::fs::read(&file).map_err(|e| HookError::Io {
            path: file.clone(),
            message: e.to_string(),
        })?;
        // Compared in the repository's normalized form: with `core.autocrlf`
        // a fully staged CRLF file is LF in the index.
        let crlf = self.converts_crlf() && on_disk.windows(2).any(|w| w == b"\r\n");
        let normalized = if crlf {
            crlf_to_lf(&on_disk)
        } else {
            on_disk.clone()
        };
        if normalized != plan.bytes {
            return Err(HookError::Refused(format!(
                "{} is partially staged (the working file differs from what is staged): --fill would have to edit unstaged work; stage the whole file (or stash the rest) and commit again, or fix the dates by hand",
                plan.path
            )));
        }
        let id = self
            .repo
            .write_blob(new)
            .map_err(|e| git(format!("writing the new blob of {}", plan.path), e))?;
        // The working file keeps its own line endings; the index records its
        // size, as git does.
        let worktree = if crlf { lf_to_crlf(new) } else { new.to_vec() };
        let mut index = self.repo.index().map_err(|e| git("reading the index", e))?;
        match index.replace_blob(plan.path.as_bytes(), plan.blob, id, worktree.len()) {
            Replaced::Done => {}
            Replaced::Missing => {
                return Err(HookError::Refused(format!(
                    "{} left the index while the hook ran",
                    plan.path
                )))
            }
            Replaced::Changed => {
                return Err(HookError::Refused(format!(
                    "{} changed in the index while the hook ran",
                    plan.path
                )))
            }
        }
        index.write().map_err(|e| git("writing the index", e))?;
        crate::write::write_atomic(&file, &worktree, false).map_err(|e| HookError::Io {
            path: file.clone(),
            message: e.to_string(),
        })
    }
}
