//! Progress is drawn for people on a terminal, never into JSON, pipes or CI logs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use test_support::{cargo_plans, TestRepo};

fn repo() -> TestRepo {
    let r = TestRepo::new();
    for i in 0..30 {
        r.write(
            &format!(".agents/p{}.md", i % 5),
            &format!("# P\n\n## Progress\n\n- [ ] step {i}\n"),
        );
        r.commit(
            &format!("c{i}"),
            &format!("2025-10-01T{:02}:00:00Z", i % 24),
        );
    }
    r
}

/// `cargo-plans -C dir args` on a pseudo-terminal (util-linux `script`), progress
/// drawn at once; everything the terminal received.
fn on_a_terminal(dir: &std::path::Path, args: &str) -> Option<String> {
    if Command::new("script").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "`script` (util-linux) is needed for the terminal test"
        );
        eprintln!("skipped: no `script` to make a terminal");
        return None;
    }
    let line = format!(
        "'{}' -C '{}' {args}",
        cargo_plans().display(),
        dir.display()
    );
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_remove("CI")
        .env("EXECPLAN_PROGRESS_AFTER_MS", "0")
        .env("EXECPLAN_NO_CACHE", "1")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("script runs");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_terminal_sees_progress_and_json_never_does() {
    let r = repo();
    let Some(human) = on_a_terminal(r.path(), "check") else {
        return;
    };
    assert!(
        human.contains("checking plans"),
        "no progress drawn: {human:?}"
    );
    let json = on_a_terminal(r.path(), "check --format json").unwrap();
    assert!(
        !json.contains("checking plans"),
        "progress in JSON: {json:?}"
    );
    assert!(
        !json.contains('\u{1b}'),
        "escape sequences in JSON: {json:?}"
    );
    let timeline = on_a_terminal(r.path(), "timeline --format json").unwrap();
    assert!(!timeline.contains("reading history"), "{timeline:?}");
    serde_json::from_str::<serde_json::Value>(timeline.trim()).expect("only JSON");
}

#[test]
fn a_pipe_sees_no_progress() {
    let r = repo();
    let out = test_support::plans_command(r.path(), test_support::NOW)
        .arg("check")
        .env_remove("CI")
        .env("EXECPLAN_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("checking plans"), "{stderr}");
}
