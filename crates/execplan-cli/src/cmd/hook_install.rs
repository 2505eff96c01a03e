//! `plans hook install`: choose what the hook runs from how execplan was
//! started, try it (in the library), write it; `render::hook` says what was done.

use std::path::PathBuf;

use execplan::hook::{self, HookProgram, Runner};

use crate::env::Env;
use crate::exit::EXIT_OK;
use crate::{render, term};

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
    out!("{}", render::hook::installed(&done, &program));
    for note in render::hook::install_notes(&done, &program) {
        term::note(env.color, &note);
    }
    Ok(EXIT_OK)
}
