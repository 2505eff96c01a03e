//! `cargo xtask plans hook install`, the mounted path, through real
//! `git commit`s: the hook calls `cargo xtask plans hook run` (never the
//! xtask build output), so it keeps working after `cargo clean`.
//!
//! A `cargo` earlier on `PATH` resolves `cargo xtask …` to this repository's
//! xtask binary, as the `xtask` alias does (`run --package xtask --`), without
//! building a second workspace; every other word goes to the real cargo.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use test_support::{combined, commit_command, TestRepo};

const NOW: &str = "2025-10-10T12:00:00Z";

const PLAN: &str = "# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n- [x] (2025-10-01 10:00Z) a\n- [ ] b\n\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nGoing well.\n";

/// A folder with a `cargo` that sends `xtask` to the xtask binary at
/// `xtask` (which may be missing: then it fails as cargo does).
fn fake_cargo(dir: &Path, xtask: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!(
        "#!/bin/sh\nif [ \"$1\" = xtask ]; then\n  shift\n  if [ ! -x '{x}' ]; then echo 'error: no such command: `xtask`' >&2; exit 101; fi\n  exec '{x}' \"$@\"\nfi\necho 'fake cargo: only xtask' >&2\nexit 101\n",
        x = xtask.display()
    );
    let cargo = bin.join("cargo");
    std::fs::write(&cargo, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

fn path_with(bin: &Path) -> String {
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn commit(dir: &Path, path: &str, args: &[&str]) -> Output {
    commit_command(dir, NOW)
        .args(args)
        .env("PATH", path)
        .output()
        .unwrap()
}

#[test]
fn cargo_xtask_install_runs_cargo_xtask_and_survives_a_clean() {
    let r = TestRepo::new();
    r.write(".agents/p.md", PLAN);
    r.commit("create", "2025-10-01T10:00:00Z");
    let tools = tempfile::tempdir().unwrap();
    // The xtask "build output": a copy we can delete, as `cargo clean` would.
    let built = tools.path().join("target-debug-xtask");
    std::fs::copy(env!("CARGO_BIN_EXE_xtask"), &built).unwrap();
    let path = path_with(&fake_cargo(tools.path(), &built));

    let out = Command::new(&built)
        .args(["plans", "hook", "install"])
        .current_dir(r.path())
        .env("PATH", &path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", combined(&out));
    let hook = std::fs::read_to_string(r.join(".git/hooks/pre-commit")).unwrap();
    assert!(hook.contains("\ncargo xtask plans hook run\n"), "{hook}");
    assert!(!hook.contains("target-debug-xtask"), "{hook}");

    // A broken plan is blocked, with advice in xtask's words.
    let broken = PLAN.replace("- [ ] b", "- [x] b");
    r.write(".agents/p.md", &broken);
    let out = commit(r.path(), &path, &["-a", "-m", "tick"]);
    assert!(!out.status.success());
    let said = combined(&out);
    assert!(said.contains("error[EP007]"), "{said}");
    assert!(
        said.contains("`cargo xtask plans fill .agents/p.md`"),
        "{said}"
    );
    // Not a plan: passes.
    r.git(&["checkout", "--", ".agents/p.md"]);
    r.write("notes.txt", "hello\n");
    r.git(&["add", "notes.txt"]);
    let out = commit(r.path(), &path, &["-m", "notes"]);
    assert!(out.status.success(), "{}", combined(&out));

    // `cargo clean`, then cargo builds the xtask again on the next commit.
    std::fs::remove_file(&built).unwrap();
    r.write("notes.txt", "again\n");
    let out = commit(r.path(), &path, &["-a", "-m", "notes"]);
    assert!(!out.status.success(), "no xtask: {}", combined(&out));
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        said.lines()
            .last()
            .is_some_and(|l| l.contains("could not run")
                && l.contains("cargo xtask plans hook install")
                && l.contains("--no-verify")),
        "{said}"
    );
    std::fs::copy(env!("CARGO_BIN_EXE_xtask"), &built).unwrap();
    let out = commit(r.path(), &path, &["-a", "-m", "notes"]);
    assert!(out.status.success(), "rebuilt: {}", combined(&out));
}
