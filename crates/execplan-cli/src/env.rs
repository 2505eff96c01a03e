//! What every verb runs with: the library's [`Workspace`] (root, validated
//! configuration, clock), and what only the command line has: colour, and
//! the command a person typed to get here.

use std::path::{Path, PathBuf};

use execplan::workspace::Workspace;

use crate::term::ColorChoice;

/// The environment of one command.
pub struct Env {
    /// Root, configuration, time, and the names a caller may give plans.
    pub ws: Workspace,
    /// Colour choice.
    pub color: ColorChoice,
    /// The command prefix a person types to reach this tree (`cargo plans`,
    /// `cargo xtask plans`), for messages that name a command.
    pub invoked_as: String,
}

impl std::ops::Deref for Env {
    type Target = Workspace;

    fn deref(&self) -> &Workspace {
        &self.ws
    }
}

/// The folder a command runs in: the current directory, or `chdir` (`-C`)
/// relative to it.
pub fn cwd(chdir: Option<&Path>) -> Result<PathBuf, execplan::Error> {
    let here = std::env::current_dir()
        .map_err(|e| execplan::Error::Invalid(format!("cannot read the current directory: {e}")))?;
    match chdir {
        Some(d) => {
            let d = here.join(d);
            if !d.is_dir() {
                return Err(execplan::Error::Invalid(format!(
                    "-C {}: no such directory",
                    d.display()
                )));
            }
            Ok(d)
        }
        None => Ok(here),
    }
}

impl Env {
    /// The environment for a command started in the current directory, or in
    /// `chdir` (`-C`, like `git -C`).
    pub fn new(
        chdir: Option<&Path>,
        color: ColorChoice,
        invoked_as: Option<&str>,
    ) -> Result<Self, execplan::Error> {
        Ok(Self {
            ws: Workspace::open(&cwd(chdir)?)?,
            color,
            invoked_as: invoked_as
                .filter(|s| !s.trim().is_empty())
                .unwrap_or("cargo plans")
                .to_string(),
        })
    }
}

impl Env {
    /// The command prefix a person can type in a shell to reach this tree
    /// again, for advice such as "run `… fill`": a mounted xtask's words as
    /// given; for this binary, `cargo plans` only when cargo would find this
    /// very file (cargo's own `bin` folder, then `PATH`), `cargo-plans` when
    /// the shell would but there is no cargo, else its absolute path. The
    /// pre-commit framework runs a build kept in its cache, off `PATH`: its
    /// users get that path, never a command they do not have.
    pub fn runnable(&self) -> String {
        if self.invoked_as != "cargo plans" {
            return self.invoked_as.clone();
        }
        let Ok(exe) = std::env::current_exe() else {
            return self.invoked_as.clone();
        };
        let me = std::fs::canonicalize(&exe).unwrap_or_else(|_| exe.clone());
        let name = format!("cargo-plans{}", std::env::consts::EXE_SUFFIX);
        let path_dirs: Vec<PathBuf> = std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).collect())
            .unwrap_or_default();
        let cargo_bin = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
            .map(|h| h.join("bin"));
        let first = |dirs: &mut dyn Iterator<Item = &PathBuf>, file: &str| {
            dirs.map(|d| d.join(file)).find(|p| p.is_file())
        };
        let is_me = |p: Option<PathBuf>| {
            p.and_then(|p| std::fs::canonicalize(p).ok())
                .is_some_and(|p| p == me)
        };
        let cargo = format!("cargo{}", std::env::consts::EXE_SUFFIX);
        let has_cargo = first(&mut path_dirs.iter(), &cargo).is_some();
        let found_by_cargo = first(&mut cargo_bin.iter().chain(path_dirs.iter()), &name);
        if has_cargo && is_me(found_by_cargo) {
            return "cargo plans".to_string();
        }
        if is_me(first(&mut path_dirs.iter(), &name)) {
            return "cargo-plans".to_string();
        }
        let shown = exe.to_string_lossy();
        if shown
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+:=@".contains(&b))
        {
            shown.into_owned()
        } else {
            execplan::hook::sh_quote(&shown)
        }
    }
}
