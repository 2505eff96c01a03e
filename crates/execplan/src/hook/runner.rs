//! What an installed hook runs, and whether it can run.
//!
//! Three install paths exist: the standalone `cargo-plans` binary, this
//! repository's `cargo xtask plans`, and any other workspace's xtask that
//! mounts `execplan-cli`. A binary is called by absolute path (fast, and
//! independent of the shell's `PATH`); an xtask is called through cargo, so
//! `cargo clean` cannot take it away. Either way the hook is tried before it
//! is written: a hook that cannot run would block every commit.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::HookError;

/// The program the hook script calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runner {
    /// An installed binary, by absolute path: `<path> hook run`.
    Binary(PathBuf),
    /// Words after `cargo` that reach the `plans` tree, e.g. `["xtask", "plans"]`:
    /// cargo rebuilds the program when it is missing.
    Cargo(Vec<String>),
}

/// What the hook runs, and how a person puts it back.
#[derive(Debug, Clone)]
pub struct HookProgram {
    /// The program.
    pub runner: Runner,
    /// Run with `--fill`.
    pub fill: bool,
    /// The command line that installs this hook again (for messages).
    pub reinstall: String,
}

impl HookProgram {
    /// The `plans` command tree's prefix, quoted for /bin/sh.
    fn prefix(&self) -> String {
        match &self.runner {
            Runner::Binary(p) => super::sh_quote(&p.to_string_lossy()),
            Runner::Cargo(words) => std::iter::once("cargo".to_string())
                .chain(words.iter().map(|w| quote_word(w)))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// `… hook run [--fill]`, quoted for /bin/sh.
    pub fn command(&self) -> String {
        let flag = if self.fill { " --fill" } else { "" };
        format!("{} hook run{flag}", self.prefix())
    }

    /// The lines of the hook script that run execplan. A program that went
    /// away fails the commit with one line naming the way back.
    pub fn script_lines(&self) -> String {
        let way_out = format!(
            "reinstall with `{}`, or bypass once with `git commit --no-verify`",
            self.reinstall
        );
        match &self.runner {
            Runner::Binary(p) => {
                let gone = format!(
                    "execplan: the program this hook runs, {}, is gone; {way_out}",
                    p.display()
                );
                format!(
                    "if [ ! -x {prog} ]; then\n  echo {gone} >&2\n  exit 1\nfi\nexec {command}\n",
                    prog = super::sh_quote(&p.to_string_lossy()),
                    gone = super::sh_quote(&gone),
                    command = self.command(),
                )
            }
            Runner::Cargo(_) => {
                let no_cargo = format!("execplan: cargo is not on this hook's PATH; {way_out}");
                let failed = format!(
                    "execplan: `{}` could not run (see above); {way_out}",
                    self.command()
                );
                // Exit 1 is findings and 2 is execplan's own trouble, both
                // already explained; anything higher is cargo failing to
                // start the program (no such alias, a build error).
                format!(
                    "if ! command -v cargo >/dev/null 2>&1; then\n  echo {no_cargo} >&2\n  exit 1\nfi\n{command}\nstatus=$?\nif [ \"$status\" -gt 2 ]; then\n  echo {failed} >&2\nfi\nexit \"$status\"\n",
                    no_cargo = super::sh_quote(&no_cargo),
                    failed = super::sh_quote(&failed),
                    command = self.command(),
                )
            }
        }
    }

    /// The binary, when it lives in a cargo build folder (a `CACHEDIR.TAG`
    /// above it): `cargo clean` deletes it.
    pub fn build_output(&self) -> Option<&Path> {
        let Runner::Binary(p) = &self.runner else {
            return None;
        };
        p.ancestors()
            .skip(1)
            .any(|a| a.join("CACHEDIR.TAG").is_file())
            .then_some(p.as_path())
    }

    /// Try the program from `workdir` the way the hook will call it; refuse,
    /// naming the fix, when it cannot run.
    pub fn probe(&self, workdir: &Path) -> Result<(), HookError> {
        match &self.runner {
            Runner::Binary(p) => {
                if p.is_file() {
                    Ok(())
                } else {
                    Err(HookError::Refused(format!(
                        "the hook would run {}, which does not exist; install the `cargo-plans` binary (README: Install) and run `cargo plans hook install`",
                        p.display()
                    )))
                }
            }
            Runner::Cargo(words) => {
                let shown = format!("cargo {} --version", words.join(" "));
                let out = Command::new("cargo")
                    .args(words)
                    .arg("--version")
                    .current_dir(workdir)
                    .output()
                    .map_err(|e| {
                        HookError::Refused(format!(
                            "the hook would run cargo, which cannot be started here ({e}); install Rust's cargo, or install the standalone `cargo-plans` binary and run `cargo plans hook install`"
                        ))
                    })?;
                let stdout = String::from_utf8_lossy(&out.stdout);
                // `cargo-plans 0.1.0`; releases before it said `plans 0.1.0`.
                let ours = ["cargo-plans ", "plans "]
                    .iter()
                    .any(|name| stdout.starts_with(name));
                if out.status.success() && ours {
                    return Ok(());
                }
                let stderr = String::from_utf8_lossy(&out.stderr);
                let why = stderr
                    .lines()
                    .chain(stdout.lines())
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .unwrap_or("no output");
                let fix = if words.first().is_some_and(|w| w == "xtask") {
                    "add an `xtask` cargo alias whose program mounts execplan-cli (docs/hook.md, \"Installing\"), or install the standalone `cargo-plans` binary and run `cargo plans hook install`"
                } else {
                    "install the standalone `cargo-plans` binary (README: Install) and run `cargo plans hook install`"
                };
                Err(HookError::Refused(format!(
                    "the hook would run `{}`, but `{shown}` fails in {}: {why}; {fix}",
                    self.command(),
                    workdir.display()
                )))
            }
        }
    }
}

/// Quote a word for /bin/sh only when it needs it, so the usual
/// `cargo xtask plans hook run` reads as typed.
fn quote_word(w: &str) -> String {
    if !w.is_empty()
        && w.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=+:".contains(&b))
    {
        w.to_string()
    } else {
        super::sh_quote(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_words_read_as_typed_and_odd_ones_are_quoted() {
        let p = HookProgram {
            runner: Runner::Cargo(vec!["xtask".into(), "plans".into()]),
            fill: true,
            reinstall: "cargo xtask plans hook install".into(),
        };
        assert_eq!(p.command(), "cargo xtask plans hook run --fill");
        let odd = HookProgram {
            runner: Runner::Cargo(vec!["my task".into()]),
            fill: false,
            reinstall: String::new(),
        };
        assert_eq!(odd.command(), "cargo 'my task' hook run");
    }
}
