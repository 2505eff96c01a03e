//! Snapshots of what people and machines read: `check` in all three formats,
//! `list`, `new`, and `timeline` over a fixed history.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

const PLAN: &str = "\
# Add a retry budget

## Metadata
- **Owner:** <name or team>
- **Created:** 2025-10-05
- **Last Updated:** 2025-10-03

## Purpose / Big Picture
Fewer retries under load.

## Context and Orientation
See `crates/client/src/retry.rs`.

## Progress
- [x] Wrote the budget.
- [x] (2025-10-11 09:00Z) Wired it in.
- [ ] (YYYY-MM-DD HH:MMZ) Tests.

## Decision Log
- **Decision:** Token bucket.

## Outcomes & Retrospective
";

/// stdout and the exit code, with the temporary folder written `[ROOT]`.
fn run(dir: &Path, args: &[&str]) -> String {
    let (mut s, _, code) = test_support::run(dir, args);
    s.push_str(&format!("[exit {code}]\n"));
    s.replace(&dir.display().to_string(), "[ROOT]")
}

fn plans_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".agents")).unwrap();
    std::fs::write(dir.path().join(".agents/retry-budget.md"), PLAN).unwrap();
    std::fs::write(
        dir.path().join(".agents/done.md"),
        "# Done plan\n\n## Metadata\n- **Owner:** Bo\n- **Last Updated:** 2025-10-09\n\n## Progress\n- [x] (2025-10-09 10:00Z) All of it.\n\n## Outcomes & Retrospective\nShipped.\n",
    )
    .unwrap();
    dir
}

#[test]
fn check_human() {
    let d = plans_dir();
    insta::assert_snapshot!(run(d.path(), &["check", "--no-history"]));
}

#[test]
fn check_json() {
    let d = plans_dir();
    insta::assert_snapshot!(run(
        d.path(),
        &["check", "--no-history", "--format", "json"]
    ));
}

#[test]
fn check_github() {
    let d = plans_dir();
    insta::assert_snapshot!(run(
        d.path(),
        &["check", "--no-history", "--format", "github"]
    ));
}

#[test]
fn list_human_and_json() {
    let d = plans_dir();
    insta::assert_snapshot!("list_human", run(d.path(), &["list"]));
    insta::assert_snapshot!("list_json", run(d.path(), &["list", "--format", "json"]));
}

#[test]
fn new_plan_text() {
    let d = tempfile::tempdir().unwrap();
    let out = run(
        d.path(),
        &[
            "new",
            "add-retry-budget",
            "--owner",
            "Ana",
            "--title",
            "Add a retry budget",
        ],
    );
    let text = std::fs::read_to_string(d.path().join(".agents/add-retry-budget.md")).unwrap();
    insta::assert_snapshot!("new_output", out);
    insta::assert_snapshot!("new_plan", text);

    // It passes check but for its guidance lines, which are there to be replaced.
    let json = run(d.path(), &["check", "--no-history", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(json.trim_end_matches("[exit 0]\n")).unwrap();
    let rules: Vec<&str> = doc["plans"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(
        !rules.is_empty() && rules.iter().all(|r| *r == "EP016"),
        "{rules:?}"
    );

    // A second `new` refuses and leaves the file alone; a bad slug is refused.
    let again = run(d.path(), &["new", "add-retry-budget"]);
    assert!(again.ends_with("[exit 2]\n"), "{again}");
    assert_eq!(
        std::fs::read_to_string(d.path().join(".agents/add-retry-budget.md")).unwrap(),
        text
    );
    assert!(run(d.path(), &["new", "../escape"]).ends_with("[exit 2]\n"));
    assert!(!d.path().join("escape.md").exists());
}

#[test]
fn timeline_human() {
    let r = test_support::TestRepo::new();
    r.write(".agents/p.md", "# P\n\n## Progress\n- [ ] one\n- [ ] two\n");
    r.commit("create", "2025-10-01T09:00:00Z");
    r.write(
        ".agents/p.md",
        "# P\n\n## Progress\n- [x] one\n- [ ] two, reworded\n",
    );
    r.commit("tick", "2025-10-02T10:30:00Z");
    r.write(
        ".agents/p.md",
        "# P\n\n## Progress\n- [x] one\n- [x] two, reworded\n- [ ] three\n",
    );
    let out = run(r.path(), &["timeline"]);
    // Commit ids depend on nothing but the fixed content, dates and names.
    insta::assert_snapshot!(out);
}
