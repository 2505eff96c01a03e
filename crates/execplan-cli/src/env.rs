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
