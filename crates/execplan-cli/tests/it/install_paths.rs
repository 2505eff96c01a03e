//! Each way of installing the hook, through real `git commit`s: the
//! standalone binary, a hook whose program vanished, and refusals at install.
//! (The mounted-xtask path is tested in `xtask/tests/hook_install.rs`.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use test_support::{combined, commit_command, TestRepo};

const NOW: &str = "2025-10-10T12:00:00Z";

fn plan(progress: &str) -> String {
    format!(
        "# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n{progress}\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nGoing well.\n"
    )
}

fn run(program: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new(program)
        .current_dir(dir)
        .args(args)
        .env("EXECPLAN_NOW", NOW)
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap()
}

fn commit(dir: &Path, args: &[&str]) -> Output {
    commit_command(dir, NOW).args(args).output().unwrap()
}

/// A repository with one committed plan.
fn repo_with_plan() -> TestRepo {
    let r = TestRepo::new();
    r.write(
        ".agents/p.md",
        &plan("- [x] (2025-10-01 10:00Z) a\n- [ ] b\n"),
    );
    r.commit("create", "2025-10-01T10:00:00Z");
    r
}

/// `cargo install` puts the binary in a `bin` folder outside any build
/// folder; a copy there stands for it.
fn installed_binary(into: &Path) -> PathBuf {
    let bin = into.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let exe = bin.join("cargo-plans");
    std::fs::copy(env!("CARGO_BIN_EXE_cargo-plans"), &exe).unwrap();
    exe
}

#[test]
fn the_standalone_binary_gates_commits_and_a_vanished_one_says_how_back() {
    let r = repo_with_plan();
    let home = tempfile::tempdir().unwrap();
    let exe = installed_binary(home.path());
    let out = run(&exe, r.path(), &["hook", "install"]);
    assert!(out.status.success(), "{}", combined(&out));
    // Installed outside a build folder: nothing to warn about.
    assert!(out.stderr.is_empty(), "{}", combined(&out));
    assert!(combined(&out).contains("hook run`"), "{}", combined(&out));

    // A commit that touches no plan passes.
    r.write("notes.txt", "hello\n");
    r.git(&["add", "notes.txt"]);
    let out = commit(r.path(), &["-m", "notes"]);
    assert!(out.status.success(), "{}", combined(&out));

    // `git commit -a` with a broken plan is blocked, and the advice is a
    // command that works after it: `fill` on the working file.
    r.write(
        ".agents/p.md",
        &plan("- [x] (2025-10-01 10:00Z) a\n- [x] b\n"),
    );
    let out = commit(r.path(), &["-a", "-m", "tick"]);
    assert!(!out.status.success());
    let said = combined(&out);
    assert!(said.contains("error[EP007]"), "{said}");
    // Off `PATH`, the advice names the binary by its path: `cargo plans`
    // would not find it.
    assert!(
        said.contains(&format!("`{} fill .agents/p.md`", exe.display())),
        "advice should name fill: {said}"
    );
    // Where cargo finds it (its `bin` folder on `PATH`), `cargo plans`.
    let cargo = Path::new(env!("CARGO")).parent().unwrap().to_path_buf();
    let mut dirs = vec![exe.parent().unwrap().to_path_buf(), cargo];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let out = commit_command(r.path(), NOW)
        .args(["-a", "-m", "tick"])
        .env("PATH", std::env::join_paths(dirs).unwrap())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = combined(&out);
    assert!(
        said.contains("`cargo plans fill .agents/p.md`"),
        "advice should name fill: {said}"
    );
    let fixed = run(&exe, r.path(), &["fill", ".agents/p.md"]);
    assert!(fixed.status.success(), "{}", combined(&fixed));
    let out = commit(r.path(), &["-a", "-m", "tick"]);
    assert!(out.status.success(), "after fill: {}", combined(&out));

    // The program goes away: every commit fails with one line naming the way back.
    std::fs::remove_file(&exe).unwrap();
    r.write("notes.txt", "again\n");
    let out = commit(r.path(), &["-a", "-m", "notes"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("is gone")
            && stderr.contains("cargo plans hook install")
            && stderr.contains("git commit --no-verify"),
        "{stderr}"
    );
}

#[test]
fn a_binary_in_a_build_folder_is_installed_with_a_warning() {
    let r = repo_with_plan();
    let out = run(
        Path::new(env!("CARGO_BIN_EXE_cargo-plans")),
        r.path(),
        &["hook", "install"],
    );
    assert!(out.status.success(), "{}", combined(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is a build output: `cargo clean` deletes it"),
        "{stderr}"
    );
}

#[test]
fn cargo_xtask_without_an_xtask_alias_is_refused_with_the_fix() {
    if Command::new("cargo").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "cargo is needed in CI");
        return;
    }
    let r = repo_with_plan();
    let out = run(
        Path::new(env!("CARGO_BIN_EXE_cargo-plans")),
        r.path(),
        &["hook", "install", "--cargo-xtask"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", combined(&out));
    let said = combined(&out);
    assert!(
        said.contains("`cargo xtask plans --version` fails")
            && said.contains("no such command")
            && said.contains("add an `xtask` cargo alias"),
        "{said}"
    );
    // Nothing was written.
    assert!(!r.join(".git/hooks/pre-commit").exists());
}
