//! The pre-commit hook, exercised through real `git commit`s.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

use test_support::{git_command, plans_command, TestRepo, NOW};

fn plan(updated: &str, progress: &str) -> String {
    format!(
        "# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** {updated}\n\n## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n{progress}\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nGoing well.\n"
    )
}

fn plans(dir: &Path, args: &[&str]) -> Output {
    plans_command(dir, NOW).args(args).output().unwrap()
}

/// `git commit` as a person runs it: hooks on, today's date fixed for the hook.
/// `git commit` at [`NOW`], which runs the installed hook (and `cargo-plans`).
fn commit(dir: &Path, args: &[&str]) -> Output {
    git_command(dir, Some(NOW))
        .args(["commit", "-q"])
        .args(args)
        .env("EXECPLAN_NOW", NOW)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A repository whose plan was committed on 2025-10-01, with the hook installed.
fn setup(install: &[&str]) -> (TestRepo, String) {
    let r = TestRepo::new();
    r.write(
        ".agents/p.md",
        &plan("2025-10-01", "- [x] (2025-10-01 10:00Z) a\n- [ ] b\n"),
    );
    let head = r.commit("create", "2025-10-01T10:00:00Z");
    let mut args = vec!["hook", "install"];
    args.extend_from_slice(install);
    let out = plans(r.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (r, head)
}

fn head(r: &TestRepo) -> String {
    r.git(&["rev-parse", "HEAD"]).trim().to_string()
}

#[test]
fn a_broken_staged_plan_blocks_the_commit() {
    let (r, before) = setup(&[]);
    // Ticked without a time, and Last Updated not today.
    r.write(
        ".agents/p.md",
        &plan("2025-10-01", "- [x] (2025-10-01 10:00Z) a\n- [x] b\n"),
    );
    r.git(&["add", "-A"]);
    let out = commit(r.path(), &["-m", "bad"]);
    assert!(!out.status.success());
    // git sends a hook's output to stderr.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[EP007]") && stderr.contains("error[EP102]"),
        "{stderr}"
    );
    assert!(stderr.contains("--no-verify"), "{stderr}");
    assert_eq!(head(&r), before);
}

#[test]
fn a_good_staged_plan_with_a_broken_unstaged_edit_passes() {
    let (r, before) = setup(&[]);
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-10",
            "- [x] (2025-10-01 10:00Z) a\n- [x] (2025-10-10 09:00Z) b\n",
        ),
    );
    r.git(&["add", "-A"]);
    // Broken on disk, never staged.
    r.write(".agents/p.md", &plan("2025-13-40", "- [x] a\n- [x] b\n"));
    let out = commit(r.path(), &["-m", "good"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(head(&r), before);
    // The unstaged edit is still there, untouched.
    assert!(std::fs::read_to_string(r.join(".agents/p.md"))
        .unwrap()
        .contains("2025-13-40"));
    // A clean run prints nothing.
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn commit_all_is_judged_by_the_temporary_index() {
    let (r, before) = setup(&[]);
    // Staged: good. Working file: broken. `commit -a` commits the working file.
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-10",
            "- [x] (2025-10-01 10:00Z) a\n- [x] (2025-10-10 09:00Z) b\n",
        ),
    );
    r.git(&["add", "-A"]);
    r.write(
        ".agents/p.md",
        &plan("2025-10-10", "- [x] (2025-10-01 10:00Z) a\n- [x] b\n"),
    );
    let out = commit(r.path(), &["-a", "-m", "all"]);
    assert!(
        !out.status.success(),
        "commit -a must see the broken working file"
    );
    assert_eq!(head(&r), before);
    // And the other way round: staged broken, working file fixed.
    r.git(&["add", "-A"]);
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-10",
            "- [x] (2025-10-01 10:00Z) a\n- [x] (2025-10-10 09:00Z) b\n",
        ),
    );
    let out = commit(r.path(), &["-a", "-m", "all"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // `git commit <path>` uses a temporary index too.
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-10",
            "- [x] (2025-10-01 10:00Z) a\n- [x] (2025-10-10 09:00Z) b\n- [x] c\n",
        ),
    );
    let out = commit(r.path(), &["-m", "path", "--", ".agents/p.md"]);
    assert!(!out.status.success());
}

#[test]
fn fill_refuses_partial_staging_and_changes_nothing() {
    let r = TestRepo::new();
    r.write(
        ".agents/p.md",
        &plan("2025-10-01", "- [x] (2025-10-01 10:00Z) a\n- [ ] b\n"),
    );
    r.commit("create", "2025-10-01T10:00:00Z");
    r.write(
        ".agents/p.md",
        &plan("2025-10-01", "- [x] (2025-10-01 10:00Z) a\n- [x] b\n"),
    );
    r.git(&["add", "-A"]);
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-01",
            "- [x] (2025-10-01 10:00Z) a\n- [x] b\n- [ ] unstaged idea\n",
        ),
    );
    let index_before = std::fs::read(r.join(".git/index")).unwrap();
    let file_before = std::fs::read(r.join(".agents/p.md")).unwrap();
    let out = plans(r.path(), &["hook", "run", "--fill"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("partially staged"));
    assert_eq!(std::fs::read(r.join(".git/index")).unwrap(), index_before);
    assert_eq!(std::fs::read(r.join(".agents/p.md")).unwrap(), file_before);
}

#[test]
fn fill_on_commit_fixes_index_and_file() {
    let (r, before) = setup(&["--fill"]);
    r.write(
        ".agents/p.md",
        &plan("2025-10-01", "- [x] (2025-10-01 10:00Z) a\n- [x] b\n"),
    );
    r.git(&["add", "-A"]);
    let out = commit(r.path(), &["-m", "tick b"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(head(&r), before);
    let want = plan(
        "2025-10-10",
        "- [x] (2025-10-01 10:00Z) a\n- [x] (2025-10-10 12:00Z) b\n",
    );
    assert_eq!(r.git(&["show", "HEAD:.agents/p.md"]), want);
    assert_eq!(
        std::fs::read_to_string(r.join(".agents/p.md")).unwrap(),
        want
    );
    assert!(
        r.git(&["status", "--porcelain"]).trim().is_empty(),
        "nothing left unstaged"
    );
}

#[test]
fn a_merge_commit_is_not_stamped() {
    let (r, _) = setup(&["--fill"]);
    // The branch commits below are made without the hook; only the merge uses it.
    plans(r.path(), &["hook", "uninstall"]);
    r.git(&["checkout", "-q", "-b", "side"]);
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-05",
            "- [x] (2025-10-01 10:00Z) a\n- [x] (2025-10-05 10:00Z) b\n",
        ),
    );
    r.write("notes.txt", "side\n");
    r.commit("side", "2025-10-05T10:00:00Z");
    r.git(&["checkout", "-q", "main"]);
    r.write("notes.txt", "main\n");
    r.commit("main", "2025-10-06T10:00:00Z");
    // A conflict in notes.txt: the merge is finished by `git commit`, which runs pre-commit.
    let merge = git_command(r.path(), None)
        .args([
            "-c",
            "user.name=Ada",
            "-c",
            "user.email=a@x",
            "merge",
            "-q",
            "side",
        ])
        .output()
        .unwrap();
    assert!(
        !merge.status.success(),
        "expected a conflict: {}",
        String::from_utf8_lossy(&merge.stdout)
    );
    r.write("notes.txt", "both\n");
    r.git(&["add", "notes.txt"]);
    assert!(
        r.join(".git/MERGE_HEAD").exists(),
        "the merge stopped on the conflict"
    );
    assert!(plans(r.path(), &["hook", "install", "--fill"])
        .status
        .success());
    let out = commit(r.path(), &["-m", "merge side"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        r.git(&["rev-list", "--parents", "-1", "HEAD"])
            .split_whitespace()
            .count(),
        3,
        "a merge commit"
    );
    // The plan is exactly the side branch's: no Last Updated of "today".
    assert!(r
        .git(&["show", "HEAD:.agents/p.md"])
        .contains("**Last Updated:** 2025-10-05"));
}

#[test]
fn existing_hook_runs_first_and_comes_back_byte_for_byte() {
    use std::os::unix::fs::PermissionsExt;
    let r = TestRepo::new();
    r.write(".agents/p.md", &plan("2025-10-01", "- [ ] a\n"));
    r.commit("create", "2025-10-01T10:00:00Z");
    let hook = r.join(".git/hooks/pre-commit");
    let user = "#!/bin/sh\n# the user's own hook\necho ran > \"$(git rev-parse --show-toplevel)/marker\"\n";
    std::fs::write(&hook, user).unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o750)).unwrap();
    let out = plans(r.path(), &["hook", "install"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("runs first"));
    r.write("x.txt", "1");
    r.git(&["add", "-A"]);
    assert!(commit(r.path(), &["-m", "x"]).status.success());
    assert!(r.join("marker").exists(), "the user's hook did not run");
    // Installing twice changes nothing.
    plans(r.path(), &["hook", "install"]);
    let out = plans(r.path(), &["hook", "uninstall"]);
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&hook).unwrap(), user);
    assert_eq!(
        std::fs::metadata(&hook).unwrap().permissions().mode() & 0o777,
        0o750
    );
    assert!(!r.join(".git/hooks/pre-commit.execplan-chained").exists());
}

#[test]
fn core_hooks_path_is_respected() {
    let r = TestRepo::new();
    r.write(".agents/p.md", &plan("2025-10-01", "- [ ] a\n"));
    r.commit("create", "2025-10-01T10:00:00Z");
    r.git(&["config", "core.hooksPath", ".husky"]);
    let out = plans(r.path(), &["hook", "install"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("core.hooksPath"));
    assert!(r.join(".husky/pre-commit").exists());
    assert!(!r.join(".git/hooks/pre-commit").exists());
    r.write(".agents/p.md", &plan("2025-10-01", "- [x] a\n"));
    r.git(&["add", "-A"]);
    assert!(
        !commit(r.path(), &["-m", "x"]).status.success(),
        "the hook in core.hooksPath must run"
    );
}

#[test]
fn a_linked_worktree_installs_into_the_common_hooks_folder() {
    let (r, _) = setup(&[]);
    plans(r.path(), &["hook", "uninstall"]);
    let wt = tempfile::tempdir().unwrap();
    let wt_path = wt.path().join("wt");
    r.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "wt",
        wt_path.to_str().unwrap(),
    ]);
    let out = plans(&wt_path, &["hook", "install"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(r.join(".git/hooks/pre-commit").exists());
    std::fs::write(
        wt_path.join(".agents/p.md"),
        plan("2025-10-01", "- [x] (2025-10-01 10:00Z) a\n- [x] b\n"),
    )
    .unwrap();
    git_command(&wt_path, None)
        .args(["add", "-A"])
        .status()
        .unwrap();
    assert!(!commit(&wt_path, &["-m", "x"]).status.success());
}
