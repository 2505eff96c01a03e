//! `plans hook` output: what `install` did, and the last line of a blocked commit.

use execplan::check::Checked;
use execplan::hook::{HookProgram, Installed};
use execplan::rules::Severity;

use crate::term;

/// Lines for stdout after `install`: where the hook went, what it runs, and
/// what happened to a hook that was there.
pub fn installed(done: &Installed, program: &HookProgram) -> String {
    let mut out = format!(
        "installed {}: runs `{}`\n",
        term::escape(&done.path.display().to_string()),
        term::escape(&program.command())
    );
    if let Some(c) = &done.chained {
        out.push_str(&format!(
            "the hook that was there runs first, from {}\n",
            term::escape(&c.display().to_string())
        ));
    }
    if let Some(b) = &done.backup {
        out.push_str(&format!(
            "the hook that was there is set aside as {} (not run)\n",
            term::escape(&b.display().to_string())
        ));
    }
    out
}

/// Notes for stderr after `install`: a binary `cargo clean` can delete, and a
/// `core.hooksPath` that a hook manager may own.
pub fn install_notes(done: &Installed, program: &HookProgram) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(exe) = program.build_output() {
        notes.push(format!(
            "{} is a build output: `cargo clean` deletes it, and the hook then stops every commit until it is reinstalled; install the binary (`cargo install --locked --path crates/execplan-cli`) or, in a workspace with an xtask, use `cargo xtask plans hook install`",
            exe.display()
        ));
    }
    if let Some(p) = &done.hooks_path_config {
        let manager = if p.contains(".husky") {
            " (husky's folder: husky may rewrite it; prefer the snippet in docs/hook.md)"
        } else if p.contains("lefthook") {
            " (lefthook's folder: prefer the snippet in docs/hook.md)"
        } else {
            ""
        };
        notes.push(format!(
            "core.hooksPath is `{p}`, so the hook went there{manager}"
        ));
    }
    notes
}

/// The last line of a blocked commit, in the words of the install path
/// (`invoked_as`). `plans fill` works on the working files whatever was
/// staged; `hook run --fill` would find nothing staged after a refused
/// `git commit -a`.
pub fn blocked(invoked_as: &str, report: &Checked) -> String {
    let paths: Vec<String> = report
        .plans
        .iter()
        .filter(|p| p.diagnostics.iter().any(|d| d.severity == Severity::Error))
        .map(|p| term::escape(&p.path.display().to_string()))
        .collect();
    format!(
        "execplan: commit blocked. `{invoked_as} fill {}` sets dates and tick times from history (then stage the plans, or commit with -a again); or bypass once with `git commit --no-verify`.",
        paths.join(" ")
    )
}
