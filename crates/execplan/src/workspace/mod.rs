//! The front door: every caller (each verb, the MCP server, the hook, xtask)
//! starts from a [`Workspace`]: the repository root, the validated
//! configuration and the clock, built by one constructor. Plans are found,
//! named and read here and nowhere else: [`Workspace::plan`] and
//! [`Workspace::targets`] turn what a caller typed (a path or a slug) into a
//! plan inside the root; [`Workspace::select`] and [`Workspace::load`] read
//! and parse them with the configuration's parse options.

mod contain;
mod discover;
mod names;
mod read;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::error::Error;
use crate::parse::ParseOptions;

pub use discover::{rel, Found, KNOWN_FOLDERS};
pub use read::{Loaded, ReadPlan, Selection};

/// Where a command runs: the folder it was started in, the repository root,
/// the configuration (validated against the rule registry) and the time.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The folder the command runs in; names a caller types are relative to it.
    pub cwd: PathBuf,
    /// The repository root (the nearest ancestor with `.git`), else `cwd`.
    pub root: PathBuf,
    /// The configuration, its rule names checked.
    pub config: Config,
    /// Now: the clock, or `EXECPLAN_NOW` (reproducible runs and tests).
    pub now: DateTime<Utc>,
}

impl Workspace {
    /// The workspace around `cwd`, at the time [`now`] reads.
    pub fn open(cwd: &Path) -> Result<Self, Error> {
        Self::open_at(cwd, now()?)
    }

    /// The workspace around `cwd` at a given time.
    pub fn open_at(cwd: &Path, now: DateTime<Utc>) -> Result<Self, Error> {
        let root = find_root(cwd);
        let config = crate::rules::validate(Config::load(&root)?)?;
        Ok(Self {
            cwd: cwd.to_path_buf(),
            root,
            config,
            now,
        })
    }

    /// A workspace from parts already known (the hook's work tree, tests).
    pub fn new(root: &Path, config: Config, now: DateTime<Utc>) -> Self {
        Self {
            cwd: root.to_path_buf(),
            root: root.to_path_buf(),
            config,
            now,
        }
    }

    /// The parse options of the configuration.
    pub fn parse_options(&self) -> &ParseOptions {
        self.config.parse_options()
    }

    /// `path` relative to the root when it is under it.
    pub fn rel<'a>(&self, path: &'a Path) -> &'a Path {
        rel(&self.root, path)
    }
}

/// Now, or `EXECPLAN_NOW` when set (reproducible runs and tests).
pub fn now() -> Result<DateTime<Utc>, Error> {
    Ok(match std::env::var("EXECPLAN_NOW") {
        Ok(v) if !v.is_empty() => DateTime::parse_from_rfc3339(&v)
            .map_err(|e| {
                Error::Invalid(format!(
                    "EXECPLAN_NOW={v}: not an RFC 3339 time ({e}); e.g. 2025-10-01T13:00:00Z"
                ))
            })?
            .with_timezone(&Utc),
        _ => Utc::now(),
    })
}

/// The nearest ancestor holding `.git` (a folder, or a file in linked
/// worktrees and submodules); `dir` itself when there is none.
pub fn find_root(dir: &Path) -> PathBuf {
    dir.ancestors()
        .find(|a| a.join(".git").exists())
        .map_or_else(|| dir.to_path_buf(), Path::to_path_buf)
}
