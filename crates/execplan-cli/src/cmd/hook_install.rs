//! `plans hook install`: choose what the hook runs from how execplan was
//! started, try it, write it, and say what was done.

use std::path::PathBuf;

use execplan::hook::{self, HookProgram, Runner};

use super::Env;
use crate::{term, EXIT_OK};

/// What the hook runs when installed from here.
///
/// `cargo xtask plans` (any `cargo <words> plans` other than `cargo plans`)
/// is a mounted xtask: the hook calls the same cargo words, because the
/// xtask binary is a build output that `cargo clean` deletes. Anything else
/// is a binary, called by absolute path.
pub fn program(env: &Env, cargo_xtask: bool, fill: bool) -> Result<HookProgram, execplan::Error> {
    let flag = if fill { " --fill" } else { "" };
    let words: Vec<&str> = env.invoked_as.split_whitespace().collect();
    if cargo_xtask {
        return Ok(HookProgram {
            runner: Runner::Cargo(vec!["xtask".into(), "plans".into()]),
            fill,
            reinstall: format!("cargo xtask plans hook install{flag}"),
        });
    }
    if words.len() >= 2 && words[0] == "cargo" && words[1..] != ["plans"] {
        return Ok(HookProgram {
            runner: Runner::Cargo(words[1..].iter().map(|w| (*w).to_string()).collect()),
            fill,
            reinstall: format!("{} hook install{flag}", words.join(" ")),
        });
    }
    let exe = std::env::current_exe().map_err(|source| execplan::Error::Io {
        path: PathBuf::from("current executable"),
        source,
    })?;
    Ok(HookProgram {
        runner: Runner::Binary(exe),
        fill,
        reinstall: format!("{} hook install{flag}", env.invoked_as),
    })
}

/// Run `plans hook install`.
pub fn run(env: &Env, force: bool, cargo_xtask: bool, fill: bool) -> Result<u8, execplan::Error> {
    let program = program(env, cargo_xtask, fill)?;
    let done = hook::install(&env.cwd, &program, force)
        .map_err(|e| execplan::Error::Invalid(e.to_string()))?;
    println!(
        "installed {}: runs `{}`",
        term::escape(&done.path.display().to_string()),
        term::escape(&program.command())
    );
    if let Some(c) = &done.chained {
        println!(
            "the hook that was there runs first, from {}",
            term::escape(&c.display().to_string())
        );
    }
    if let Some(b) = &done.backup {
        println!(
            "the hook that was there is set aside as {} (not run)",
            term::escape(&b.display().to_string())
        );
    }
    if let Some(exe) = program.build_output() {
        term::note(
            env.color,
            &format!(
                "{} is a build output: `cargo clean` deletes it, and the hook then stops every commit until it is reinstalled; install the binary (`cargo install --locked --path crates/execplan-cli`) or, in a workspace with an xtask, use `cargo xtask plans hook install`",
                exe.display()
            ),
        );
    }
    if let Some(p) = &done.hooks_path_config {
        let manager = if p.contains(".husky") {
            " (husky's folder: husky may rewrite it; prefer the snippet in docs/hook.md)"
        } else if p.contains("lefthook") {
            " (lefthook's folder: prefer the snippet in docs/hook.md)"
        } else {
            ""
        };
        term::note(
            env.color,
            &format!("core.hooksPath is `{p}`, so the hook went there{manager}"),
        );
    }
    Ok(EXIT_OK)
}
