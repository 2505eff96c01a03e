//! `plans hook` output: what `install` did, and the last line of a blocked commit.

use execplan::hook::{HookProgram, Installed, Mends};

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

/// The end of a blocked commit, in the words of the install path
/// (`command`, from [`crate::env::Env::runnable`]): the fill command for the
/// errors fill mends (`plans fill` works on the working files whatever was
/// staged; `hook run --fill` would find nothing staged after a refused
/// `git commit -a`), each other error with its place and what to edit, and
/// the bypass.
pub fn blocked(command: &str, mends: &Mends) -> String {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let total = mends.by_fill.len() + mends.by_hand.len();
    let mut out = format!("execplan: commit blocked by {total} error{}.", s(total));
    if !mends.by_fill.is_empty() {
        let mut paths: Vec<String> = Vec::new();
        let mut rules: Vec<String> = Vec::new();
        for m in &mends.by_fill {
            let p = term::escape(&m.path.display().to_string());
            if !paths.contains(&p) {
                paths.push(p);
            }
            let r = format!("{} {}", m.rule, m.name);
            if !rules.contains(&r) {
                rules.push(r);
            }
        }
        let n = mends.by_fill.len();
        let which = if mends.by_hand.is_empty() {
            match n {
                1 => "it".to_string(),
                _ => "them".to_string(),
            }
        } else {
            format!("{n} of them")
        };
        out.push_str(&format!(
            "\n  `{command} fill {}` fixes {which} ({}): it sets dates and tick times from history; then stage the plans, or commit with -a again.",
            paths.join(" "),
            rules.join(", ")
        ));
    }
    if !mends.by_hand.is_empty() {
        let n = mends.by_hand.len();
        out.push_str(&if mends.by_fill.is_empty() {
            format!(
                "\n  fill cannot fix {}; edit by hand:",
                if n == 1 { "it" } else { "them" }
            )
        } else {
            format!("\n  fill cannot fix the other {n}; edit by hand:")
        });
        for m in &mends.by_hand {
            out.push_str(&format!(
                "\n    {}:{}: {} {}: {}",
                term::escape(&m.path.display().to_string()),
                m.line,
                m.rule,
                m.name,
                term::escape(&m.message)
            ));
            // A help that offers fill is for a plan fill can mend; this one
            // it could not.
            if let Some(h) = m.help.as_ref().filter(|h| !h.contains("fill")) {
                out.push_str(&format!(" ({})", term::escape(h)));
            }
        }
        out.push_str("\n  then stage the plans and commit again.");
    }
    out.push_str("\n  Or bypass once with `git commit --no-verify`.");
    out
}
