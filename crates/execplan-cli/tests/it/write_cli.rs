//! The write verbs through the real binary on real repositories: exact bytes
//! written, matching and its failures, refusals that leave the file alone,
//! and two processes writing one plan at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

use test_support::{cargo_plans, plans_command, TestRepo, NOW};

fn plan(progress: &str) -> String {
    format!(
        "# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n{progress}\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nNone yet.\n"
    )
}

fn plans(dir: &Path, args: &[&str]) -> Output {
    plans_command(dir, NOW).args(args).output().unwrap()
}

fn setup(progress: &str) -> TestRepo {
    let r = TestRepo::new();
    r.write(".agents/retry.md", &plan(progress));
    r
}

fn read(r: &TestRepo) -> String {
    std::fs::read_to_string(r.join(".agents/retry.md")).unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn tick_flips_the_box_stamps_it_and_dates_the_plan_nothing_else() {
    let r = setup("- [x] (2025-10-01 10:00Z) Write the parser\n- [ ] Write the tests\n");
    let out = plans(r.path(), &["tick", "retry", "write the tests"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("tick_human", stdout(&out));
    let want = plan(
        "- [x] (2025-10-01 10:00Z) Write the parser\n- [x] (2025-10-10 12:00Z) Write the tests\n",
    )
    .replace(
        "**Last Updated:** 2025-10-01",
        "**Last Updated:** 2025-10-10",
    );
    assert_eq!(read(&r), want);
    // Ticking it again changes nothing, not even Last Updated.
    let again = plans(r.path(), &["tick", ".agents/retry.md", "Write the tests"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(stdout(&again).contains("unchanged"), "{}", stdout(&again));
    assert!(
        stderr(&again).contains("already ticked"),
        "{}",
        stderr(&again)
    );
    assert_eq!(read(&r), want);
    // Undo drops the stamp: the item reads as before.
    let undo = plans(r.path(), &["tick", "retry", "tests", "--undo"]);
    assert_eq!(undo.status.code(), Some(0), "{}", stderr(&undo));
    assert_eq!(
        read(&r),
        plan("- [x] (2025-10-01 10:00Z) Write the parser\n- [ ] Write the tests\n").replace(
            "**Last Updated:** 2025-10-01",
            "**Last Updated:** 2025-10-10"
        )
    );
}

#[test]
fn an_ambiguous_or_unknown_item_is_exit_2_with_the_candidates() {
    let r = setup("- [ ] Write the parser\n- [ ] Write the tests\n");
    let before = read(&r);
    let out = plans(r.path(), &["tick", "retry", "write"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("matches several Progress items"), "{err}");
    assert!(
        err.contains("line 18: [ ] Write the parser")
            && err.contains("line 19: [ ] Write the tests"),
        "{err}"
    );
    let out = plans(
        r.path(),
        &["tick", "retry", "deploy to staging", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["error"]["candidates"].as_array().map(Vec::len),
        Some(2),
        "{doc}"
    );
    assert_eq!(read(&r), before);
    // A close match that is unique is taken.
    let out = plans(r.path(), &["tick", "retry", "the parsr"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(read(&r).contains("- [x] (2025-10-10 12:00Z) Write the parser\n"));
}

#[test]
fn an_unknown_or_ambiguous_plan_is_exit_2_listing_the_plans() {
    let r = setup("- [ ] a\n");
    r.write(".agents/retry-later.md", &plan("- [ ] b\n"));
    let out = plans(r.path(), &["add", "nothing-like-it", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("no plan named `nothing-like-it`"), "{err}");
    assert!(
        err.contains(".agents/retry.md") && err.contains(".agents/retry-later.md"),
        "{err}"
    );
    let out = plans(r.path(), &["add", "retr", "x", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["error"]["message"]
            .as_str()
            .unwrap()
            .contains("several plans"),
        "{doc}"
    );
    // The exact slug wins over the longer one it is part of.
    let out = plans(r.path(), &["add", "retry", "x"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn every_verb_in_turn_then_close_and_move() {
    let r = setup("- [ ] Write the parser\n");
    let run = |args: &[&str]| {
        let o = plans(r.path(), args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        o
    };
    run(&["add", "retry", "Measure the budget", "--done"]);
    run(&[
        "split",
        "retry",
        "parser",
        "--done",
        "Parse the happy path",
        "--remaining",
        "Parse the errors",
    ]);
    run(&[
        "decide",
        "retry",
        "--decision",
        "Cap retries at three",
        "--rationale",
        "Beyond three the error rate does not fall",
        "--author",
        "Bo",
    ]);
    run(&[
        "surprise",
        "retry",
        "--observation",
        "Retries doubled the load",
        "--evidence",
        "load test run 12",
    ]);
    let refused = plans(r.path(), &["close", "retry"]);
    assert_eq!(refused.status.code(), Some(1));
    let err = stderr(&refused);
    assert!(
        err.contains("open item, line 19: Parse the errors"),
        "{err}"
    );
    assert!(
        err.contains("Outcomes & Retrospective (line 37): empty"),
        "{err}"
    );
    run(&["tick", "retry", "errors"]);
    run(&[
        "outcome",
        "retry",
        "Retries are capped; load fell by a third.",
    ]);
    let closed = run(&[
        "close",
        "retry",
        "--move-to",
        ".agents/done",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&closed.stdout).unwrap();
    assert_eq!(doc["moved_to"], ".agents/done/retry.md");
    assert!(!r.join(".agents/retry.md").exists());
    let text = std::fs::read_to_string(r.join(".agents/done/retry.md")).unwrap();
    let want = plan(
        "- [x] (2025-10-10 12:00Z) Parse the happy path\n- [ ] Parse the errors\n- [x] (2025-10-10 12:00Z) Measure the budget\n",
    )
    .replace("- [ ] Parse the errors", "- [x] (2025-10-10 12:00Z) Parse the errors")
    .replace("**Last Updated:** 2025-10-01", "**Last Updated:** 2025-10-10")
    .replace(
        "  Evidence: n/a.\n",
        "  Evidence: n/a.\n- Observation: Retries doubled the load\n  Evidence: load test run 12\n",
    )
    .replace(
        "- **Date/Author:** 2025-10-01 — Ana\n",
        "- **Date/Author:** 2025-10-01 — Ana\n\n- **Decision:** Cap retries at three\n- **Rationale:** Beyond three the error rate does not fall\n- **Date/Author:** 2025-10-10 — Bo\n",
    )
    .replace("None yet.\n", "Retries are capped; load fell by a third.\n");
    assert_eq!(text, want);
    let check = plans(r.path(), &["check", "--no-history"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn a_refused_write_leaves_the_file_untouched() {
    let r = setup("- [ ] a\n");
    let before = read(&r);
    // A link to a file that does not exist would add a broken-link error.
    let out = plans(r.path(), &["add", "retry", "see [notes](missing.md)"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("refused, nothing written"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("broken-link"), "{}", stderr(&out));
    // Empty text, and splitting a done item, are refused too.
    assert_eq!(
        plans(r.path(), &["outcome", "retry", "  \n "])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(read(&r), before);
    let names: Vec<_> = std::fs::read_dir(r.join(".agents"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary or lock file left: {names:?}");
}

#[test]
fn missing_sections_and_fields_are_created_in_the_plans_style() {
    let r = TestRepo::new();
    r.write(
        ".agents/bare.md",
        "# Bare\n\nOwner: Ana\n\n---\n\n## Purpose\nWhy.\n\n---\n\n## Progress\n- [ ] a\n\n---\n\n## Outcomes & Retrospective\nSoon.\n",
    );
    let out = plans(
        r.path(),
        &[
            "decide",
            "bare",
            "--decision",
            "D",
            "--rationale",
            "R",
            "--author",
            "Ana",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(r.join(".agents/bare.md")).unwrap(),
        "# Bare\n\nOwner: Ana\nLast Updated: 2025-10-10\n\n---\n\n## Purpose\nWhy.\n\n---\n\n## Progress\n- [ ] a\n\n---\n\n## Decision Log\n\n- **Decision:** D\n- **Rationale:** R\n- **Date/Author:** 2025-10-10 — Ana\n\n---\n\n## Outcomes & Retrospective\nSoon.\n"
    );
}

#[test]
fn two_processes_writing_one_plan_lose_nothing() {
    let r = setup("- [ ] first\n");
    let bin = cargo_plans();
    let n = 12;
    let spawn = |who: &str| {
        let script = format!(
            "for i in $(seq 1 {n}); do \"$0\" -C \"$1\" add retry \"{who} item $i\" >/dev/null || exit 1; done"
        );
        Command::new("sh")
            .args(["-c", &script])
            .arg(&bin)
            .arg(r.path())
            .env("EXECPLAN_NOW", NOW)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn("left"), spawn("right"));
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let text = read(&r);
    for who in ["left", "right"] {
        for i in 1..=n {
            assert!(
                text.contains(&format!("- [ ] {who} item {i}\n")),
                "{who} item {i} lost:\n{text}"
            );
        }
    }
    assert_eq!(text.matches("- [ ] ").count(), 2 * n + 1);
}

#[test]
fn status_follows_the_boxes_and_close_sets_it_done() {
    let r = TestRepo::new();
    r.write(
        ".agents/retry.md",
        &plan("- [ ] Write the parser\n- [ ] Write the tests\n").replace(
            "- **Last Updated:** 2025-10-01\n",
            "- **Last Updated:** 2025-10-01\n- **Status:** Not started\n",
        ),
    );
    let out = plans(r.path(), &["tick", "retry", "parser"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Status Not started → In progress"),
        "{}",
        stdout(&out)
    );
    assert!(read(&r).contains("- **Status:** In progress\n"));
    let out = plans(r.path(), &["tick", "retry", "tests"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("write Outcomes & Retrospective with `plans outcome`"),
        "{}",
        stderr(&out)
    );
    plans(r.path(), &["outcome", "retry", "Parsed."]);
    let out = plans(r.path(), &["close", "retry"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(read(&r).contains("- **Status:** Done\n"));
    assert!(
        r.join(".agents/retry.md").exists(),
        "close without --move-to leaves the file"
    );
}

#[test]
fn decide_signs_with_gits_user_name() {
    let r = setup("- [ ] a\n");
    r.git(&["config", "user.name", "Cy Config"]);
    let out = plans(
        r.path(),
        &["decide", "retry", "--decision", "D", "--rationale", "R"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        read(&r).contains("- **Date/Author:** 2025-10-10 — Cy Config\n"),
        "{}",
        read(&r)
    );
}
