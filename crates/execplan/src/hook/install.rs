//! Installing and removing the hook script, next to any hook already there.
//!
//! An existing `pre-commit` that is not ours is moved to
//! `pre-commit.execplan-chained` and run first by our script (or, with
//! `force`, kept as `pre-commit.execplan-backup` and not run). `uninstall`
//! renames it back: the user's hook returns byte for byte, mode included.

use std::path::{Path, PathBuf};

use super::{HookError, HookProgram};

/// The line that marks a hook script as ours.
pub const MARKER: &str = "# installed by execplan (plans hook install)";
const CHAINED: &str = "pre-commit.execplan-chained";
const BACKUP: &str = "pre-commit.execplan-backup";

/// What `install` did.
#[derive(Debug)]
pub struct Installed {
    /// The hook file written.
    pub path: PathBuf,
    /// A user's hook now runs first, from here.
    pub chained: Option<PathBuf>,
    /// A user's hook was set aside (with `force`), here.
    pub backup: Option<PathBuf>,
    /// `core.hooksPath` chose the folder (a hook manager may own it).
    pub hooks_path_config: Option<String>,
}

/// What `uninstall` did.
#[derive(Debug)]
pub struct Uninstalled {
    /// Our hook was there and is gone.
    pub removed: bool,
    /// The user's hook that was put back.
    pub restored: Option<PathBuf>,
}

/// Where git runs hooks for the repository at `dir`: `core.hooksPath` when
/// set (relative to the working tree), else the common git dir's `hooks/`
/// (shared by linked worktrees).
pub fn hooks_dir(dir: &Path) -> Result<(PathBuf, Option<String>), HookError> {
    let repo = super::open(dir)?;
    let configured = repo
        .config_string("core.hooksPath")
        .filter(|s| !s.is_empty());
    let path = match &configured {
        Some(p) => {
            let p = PathBuf::from(p);
            if p.is_absolute() {
                p
            } else {
                repo.workdir().unwrap_or_else(|| repo.git_dir()).join(p)
            }
        }
        None => repo.common_dir().join("hooks"),
    };
    Ok((path, configured))
}

fn io(path: &Path, e: impl std::fmt::Display) -> HookError {
    HookError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn is_ours(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| t.contains(MARKER))
}

/// The script: run a chained hook first, then execplan.
fn script(program: &HookProgram) -> String {
    format!(
        "#!/bin/sh\n{MARKER}\n# Remove with `plans hook uninstall`; bypass once with `git commit --no-verify`.\nhook_dir=$(dirname \"$0\")\nif [ -x \"$hook_dir/{CHAINED}\" ]; then\n  \"$hook_dir/{CHAINED}\" \"$@\" || exit $?\nfi\n{}",
        program.script_lines()
    )
}

/// Quote for /bin/sh.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Install the hook for the repository at `dir`, after trying `program`
/// from the working tree root (where git runs hooks): a hook that cannot
/// run is refused, not written.
pub fn install(dir: &Path, program: &HookProgram, force: bool) -> Result<Installed, HookError> {
    let (hooks, configured) = hooks_dir(dir)?;
    program.probe(&super::workdir(dir)?)?;
    std::fs::create_dir_all(&hooks).map_err(|e| io(&hooks, e))?;
    let hook = hooks.join("pre-commit");
    let chained_path = hooks.join(CHAINED);
    let backup_path = hooks.join(BACKUP);
    let mut chained = chained_path.exists().then(|| chained_path.clone());
    let mut backup = backup_path.exists().then(|| backup_path.clone());
    let exists = hook.exists() || hook.is_symlink();
    if exists && !is_ours(&hook) {
        if chained.is_some() || backup.is_some() {
            return Err(HookError::Refused(format!(
                "{} is not execplan's, and an earlier hook is already set aside in {}; sort them out by hand",
                hook.display(),
                hooks.display()
            )));
        }
        let to = if force { &backup_path } else { &chained_path };
        std::fs::rename(&hook, to).map_err(|e| io(&hook, e))?;
        if force {
            backup = Some(backup_path.clone());
        } else {
            chained = Some(chained_path.clone());
        }
    }
    crate::write::write_atomic(&hook, script(program).as_bytes(), false)
        .map_err(|e| io(&hook, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| io(&hook, e))?;
    }
    Ok(Installed {
        path: hook,
        chained,
        backup,
        hooks_path_config: configured,
    })
}

/// Remove our hook and put back whatever was there before.
pub fn uninstall(dir: &Path) -> Result<Uninstalled, HookError> {
    let (hooks, _) = hooks_dir(dir)?;
    let hook = hooks.join("pre-commit");
    let mut removed = false;
    if hook.exists() {
        if !is_ours(&hook) {
            return Err(HookError::Refused(format!(
                "{} is not execplan's hook; left alone",
                hook.display()
            )));
        }
        std::fs::remove_file(&hook).map_err(|e| io(&hook, e))?;
        removed = true;
    }
    let mut restored = None;
    for name in [CHAINED, BACKUP] {
        let p = hooks.join(name);
        if p.exists() || p.is_symlink() {
            std::fs::rename(&p, &hook).map_err(|e| io(&p, e))?;
            restored = Some(hook.clone());
            break;
        }
    }
    Ok(Uninstalled { removed, restored })
}
