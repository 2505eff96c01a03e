//! One module per verb. Each returns the exit code, or an error for exit 2.

pub mod check;
pub mod completions;
pub mod diff;
pub mod evidence;
pub mod fill;
pub mod hook;
pub mod hook_install;
pub mod init;
pub mod list;
pub mod mcp;
pub mod new;
pub mod report;
pub mod rules;
pub mod timeline;
pub mod write;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use execplan::config::Config;

use crate::{Cli, ColorChoice};

/// What every verb needs: where it runs, configuration, the time, colour.
pub struct Env {
    /// The directory the command runs in (`-C`).
    pub cwd: PathBuf,
    /// The repository root (the nearest ancestor with `.git`), else `cwd`.
    pub root: PathBuf,
    /// Loaded configuration.
    pub config: Config,
    /// Now, or `EXECPLAN_NOW` when set (reproducible runs and tests).
    pub now: DateTime<Utc>,
    /// Colour choice.
    pub color: ColorChoice,
    /// The command prefix a person types to reach this tree (`cargo plans`,
    /// `cargo xtask plans`), for messages that name a command.
    pub invoked_as: String,
}

impl Env {
    /// Resolve the environment for a parsed command line.
    pub fn new(cli: &Cli) -> Result<Self, String> {
        let here = std::env::current_dir()
            .map_err(|e| format!("cannot read the current directory: {e}"))?;
        let cwd = match &cli.chdir {
            Some(d) => {
                let d = here.join(d);
                if !d.is_dir() {
                    return Err(format!("-C {}: no such directory", d.display()));
                }
                d
            }
            None => here,
        };
        let root = find_root(&cwd);
        let config = Config::load(&root)
            .and_then(execplan::rules::validate)
            .map_err(|e| e.to_string())?;
        let now = now()?;
        Ok(Self {
            cwd,
            root,
            config,
            now,
            color: cli.color,
            invoked_as: cli
                .invoked_as
                .clone()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| "cargo plans".to_string()),
        })
    }

    /// Command-line paths, made absolute against `cwd`.
    pub fn paths(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        paths.iter().map(|p| self.cwd.join(p)).collect()
    }
}

/// Now, or `EXECPLAN_NOW` when set (reproducible runs and tests).
pub fn now() -> Result<DateTime<Utc>, String> {
    Ok(match std::env::var("EXECPLAN_NOW") {
        Ok(v) if !v.is_empty() => DateTime::parse_from_rfc3339(&v)
            .map_err(|e| {
                format!("EXECPLAN_NOW={v}: not an RFC 3339 time ({e}); e.g. 2025-10-01T13:00:00Z")
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
