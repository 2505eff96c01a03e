//! Small things a new user meets in a first hour, each pinned down.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

use test_support::{plans_command, TestRepo, NOW};

fn plans(dir: &Path, args: &[&str]) -> Output {
    plans_command(dir, NOW).args(args).output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn plan(progress: &str) -> String {
    format!("# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n{progress}\n## Surprises & Discoveries\n- Observation: none.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nGoing.\n")
}

#[test]
fn an_unknown_rule_names_the_verb_and_the_near_miss() {
    let r = TestRepo::new();
    r.write(".agents/p.md", &plan("- [ ] a\n"));
    r.write(
        "execplan.toml",
        "[rules]\nunstamped-cheked-item = \"off\"\n",
    );
    let o = plans(r.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(
        e.contains("did you mean `unstamped-checked-item` (EP007)?"),
        "{e}"
    );
    assert!(e.contains("`plans rules` lists them"), "{e}");
    assert!(!e.contains("xtask"), "{e}");
    // Nothing near: no guess.
    r.write("execplan.toml", "[rules]\nbanana = \"off\"\n");
    let e = err(&plans(r.path(), &["check"]));
    assert!(!e.contains("did you mean"), "{e}");
}

#[test]
fn a_rev_that_does_not_resolve_is_not_reported_as_no_problems() {
    let r = TestRepo::new();
    r.write(".agents/p.md", &plan("- [ ] a\n"));
    r.commit("create", "2025-10-01T10:00:00Z");
    let o = plans(r.path(), &["check", "--rev", "nonsense"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out(&o).contains("no problems"), "{}", out(&o));
    assert!(out(&o).contains("incomplete, 1 failure"), "{}", out(&o));
    assert!(err(&o).contains("nonsense"), "{}", err(&o));
}

#[test]
fn a_binary_plan_is_an_error_in_every_verb_that_reads_plans() {
    let r = TestRepo::new();
    r.write(".agents/p.md", &plan("- [ ] a\n"));
    std::fs::write(r.join(".agents/blob.md"), b"PK\x03\x04\x00\x00binary").unwrap();
    r.commit("create", "2025-10-01T10:00:00Z");
    // `check` reports it as a finding (EP020); the others cannot show it.
    assert_eq!(plans(r.path(), &["check"]).status.code(), Some(1));
    for verb in [&["timeline"][..], &["list"], &["fill", "--check"]] {
        let o = plans(r.path(), verb);
        assert_eq!(o.status.code(), Some(2), "{verb:?}: {}", err(&o));
        assert!(err(&o).contains("blob.md"), "{verb:?}: {}", err(&o));
    }
    // The readable plan is still shown.
    assert!(out(&plans(r.path(), &["timeline"])).contains("p.md"));
}

#[test]
fn one_plan_is_one_plan() {
    let r = TestRepo::new();
    r.write(".agents/p.md", &plan("- [x] a\n"));
    let o = plans(r.path(), &["check", "--no-history", "--format", "github"]);
    assert!(
        out(&o).contains("checked 1 plan: 1 error, 0 warnings"),
        "{}",
        out(&o)
    );
    r.write(".agents/p.md", &plan("- [ ] a\n"));
    r.commit("create", "2025-10-01T10:00:00Z");
    let o = plans(r.path(), &["fill"]);
    assert!(out(&o).contains("1 plan: nothing to fill"), "{}", out(&o));
}

#[test]
fn fill_dry_run_on_a_crlf_plan_shows_lines_not_escapes() {
    let r = TestRepo::new();
    r.write(".agents/p.md", &plan("- [ ] a\n").replace('\n', "\r\n"));
    r.commit("create", "2025-10-01T10:00:00Z");
    r.write(".agents/p.md", &plan("- [x] a\n").replace('\n', "\r\n"));
    r.commit("tick", "2025-10-03T10:00:00Z");
    let o = plans(r.path(), &["fill", "--dry-run"]);
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert!(text.contains("+- [x] (2025-10-03 10:00Z) a\n"), "{text}");
    assert!(!text.contains("\\u{d}"), "{text}");
}

#[test]
fn log_prints_each_summary_once_and_calls_a_restamp_a_restamp() {
    let r = TestRepo::new();
    r.write(".agents/p.md", &plan("- [x] (2025-10-01 09:00Z) a\n"));
    r.commit("create", "2025-10-01T10:00:00Z");
    r.write(".agents/p.md", &plan("- [x] (2025-10-01 10:00Z) a\n"));
    r.commit("restamp", "2025-10-02T10:00:00Z");
    let o = plans(r.path(), &["log", ".agents/p.md", "-p"]);
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert_eq!(text.matches("Progress restamped").count(), 1, "{text}");
    assert!(!text.contains("Progress edited"), "{text}");
    assert_eq!(text.matches("created (").count(), 1, "{text}");
}

#[test]
fn a_reader_that_goes_away_is_not_a_crash() {
    // `plans list | head -1`: the pipe closes before the verb writes. Every
    // verb that prints must stop quietly with its own exit code, not panic.
    let r = TestRepo::new();
    r.write(".agents/p.md", &plan("- [x] a\n- [ ] b\n"));
    r.commit("plan", "2025-10-01T10:00:00Z");
    for args in [
        &["list"][..],
        &["timeline", "--format", "json"],
        &["timeline"],
        &["check"],
        &["rules"],
        &["completions", "bash"],
    ] {
        let mut child = plans_command(r.path(), NOW)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let stderr = err(&o);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?}: {:?} {stderr}",
            o.status
        );
    }
}
