//! A plan moved into a plans folder from a folder that is not configured keeps
//! its history, as `git log --follow` does: its creation and the ticks made
//! before the move are those commits, not the move. Where the older history
//! cannot be read, `fill` leaves the facts alone and says why. Expectations are
//! read from the git CLI on each fixture, not written by hand.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use serde_json::Value;
use test_support::{run, TestRepo};

const PLAN: &str = "docs/exec-plans/parser.md";

fn json(dir: &Path, args: &[&str]) -> Value {
    let (out, err, _) = run(dir, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n{err}"))
}

fn plan(first: &str, second: &str) -> String {
    format!(
        "# Parser\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-01-01\n- **Last Updated:** 2025-01-01\n\n## Purpose / Big Picture\nParse input.\n\n## Context and Orientation\nThe reader.\n\n## Plan of Work\n1. Parse.\n\n## Progress\n- [{first}] Write the tokenizer.\n- [{second}] Write the grammar.\n\n## Surprises & Discoveries\nNone yet.\n\n## Decision Log\nNone yet.\n\n## Outcomes & Retrospective\nNot started yet.\n"
    )
}

/// A repository whose plans folder is `docs/exec-plans` and whose plan began
/// in `old` (not configured), was ticked there, then moved in.
fn moved_in(old: &str) -> TestRepo {
    let r = TestRepo::new();
    r.write("execplan.toml", "plans = [\"docs/exec-plans\"]\n");
    r.write("src/lib.rs", "// start\n");
    r.write(old, &plan(" ", " "));
    r.commit("start the parser plan", "2025-03-01T09:00:00Z");
    r.write("src/lib.rs", "// tokenizer\n");
    r.write(old, &plan("x", " "));
    r.commit("tokenizer", "2025-03-03T10:00:00Z");
    r.write("src/other.rs", "// unrelated\n");
    r.commit("unrelated", "2025-03-05T11:00:00Z");
    r.mv(old, PLAN);
    r.commit("move plans into docs", "2025-03-07T12:00:00Z");
    r.write("src/lib.rs", "// grammar\n");
    r.write(PLAN, &plan("x", "x"));
    r.commit("grammar", "2025-03-09T13:00:00Z");
    r
}

/// `git log --follow` of the plan, oldest first: (commit, path at that commit).
/// (`--reverse` would stop git following.)
fn follow(r: &TestRepo) -> Vec<(String, String)> {
    let lines = r.lines(&["log", "--follow", "--name-only", "--format=%H", "--", PLAN]);
    let mut out: Vec<(String, String)> = lines
        .chunks(2)
        .map(|c| (c[0].clone(), c[1].clone()))
        .collect();
    out.reverse();
    out
}

/// The author date (UTC, `YYYY-MM-DDTHH:MM:SSZ`) of the first commit in which
/// git shows `line` in the plan, following renames.
fn first_showing(r: &TestRepo, line: &str) -> String {
    let (commit, _) = follow(r)
        .into_iter()
        .find(|(c, p)| r.git(&["show", &format!("{c}:{p}")]).contains(line))
        .unwrap_or_else(|| panic!("git never shows {line:?}"));
    author_date(r, &commit)
}

fn author_date(r: &TestRepo, commit: &str) -> String {
    let iso = r.git(&[
        "log",
        "-1",
        "--date=iso-strict-local",
        "--format=%ad",
        commit,
    ]);
    chrono::DateTime::parse_from_rfc3339(iso.trim())
        .unwrap()
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn timeline(r: &TestRepo) -> Value {
    let doc = json(r.path(), &["timeline", "--format", "json"]);
    doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"] == PLAN)
        .unwrap_or_else(|| panic!("no timeline for {PLAN}: {doc}"))
        .clone()
}

fn assert_follows_git(r: &TestRepo, tl: &Value) {
    let history = follow(r);
    let created = author_date(r, &history[0].0);
    assert_eq!(tl["created"]["time"], created.as_str(), "{tl:#}");
    assert_eq!(tl["created_certain"], true, "{tl:#}");
    let items = tl["items"].as_array().unwrap();
    for (item, line) in items
        .iter()
        .zip(["- [x] Write the tokenizer.", "- [x] Write the grammar."])
    {
        assert_eq!(
            item["checked_at"]["time"],
            first_showing(r, line).as_str(),
            "{line}: {tl:#}"
        );
    }
}

#[test]
fn a_plan_moved_in_keeps_its_creation_and_earlier_ticks() {
    let r = moved_in(".agent/plans/parser.md");
    assert_eq!(follow(&r).len(), 4, "fixture: git follows the move");
    let tl = timeline(&r);
    assert_follows_git(&r, &tl);
    // Served from the cache, and extended by a later commit: the same facts.
    assert_follows_git(&r, &timeline(&r));
    r.write("src/tail.rs", "// later\n");
    r.write(&format!("{PLAN}.notes"), "n\n");
    r.commit("later work", "2025-03-11T09:00:00Z");
    assert_follows_git(&r, &timeline(&r));
}

#[test]
fn a_move_from_the_repository_root_and_on_through_two_folders_is_followed() {
    // `notes.md` at the root → `.agent/plans/parser.md` → the plans folder.
    let r = TestRepo::new();
    r.write("execplan.toml", "plans = [\"docs/exec-plans\"]\n");
    r.write("parser-notes.md", &plan(" ", " "));
    r.commit("notes", "2025-02-01T08:00:00Z");
    r.write("parser-notes.md", &plan("x", " "));
    r.commit("tokenizer", "2025-02-02T08:00:00Z");
    r.mv("parser-notes.md", ".agent/plans/parser.md");
    r.commit("into the agent folder", "2025-02-03T08:00:00Z");
    r.mv(".agent/plans/parser.md", PLAN);
    r.commit("into docs", "2025-02-04T08:00:00Z");
    r.write(PLAN, &plan("x", "x"));
    r.commit("grammar", "2025-02-05T08:00:00Z");
    assert_eq!(follow(&r).len(), 5, "fixture: git follows both moves");
    assert_follows_git(&r, &timeline(&r));
}

#[test]
fn a_plan_edited_on_a_branch_before_its_move_is_followed_through_the_merge() {
    let r = TestRepo::new();
    let old = ".agent/plans/parser.md";
    r.write("execplan.toml", "plans = [\"docs/exec-plans\"]\n");
    r.write(old, &plan(" ", " "));
    r.write("src/a.rs", "a\n");
    r.commit("start", "2025-04-01T08:00:00Z");
    r.git(&["checkout", "-q", "-b", "side"]);
    r.write(old, &plan("x", " "));
    r.commit("tick on a branch", "2025-04-02T08:00:00Z");
    r.git(&["checkout", "-q", "main"]);
    r.write("src/a.rs", "b\n");
    r.commit("meanwhile", "2025-04-03T08:00:00Z");
    r.git_at(
        "2025-04-04T08:00:00Z",
        &["merge", "-q", "--no-ff", "-m", "merge side", "side"],
    );
    r.mv(old, PLAN);
    r.commit("move", "2025-04-05T08:00:00Z");
    r.write(PLAN, &plan("x", "x"));
    r.commit("grammar", "2025-04-06T08:00:00Z");
    assert_follows_git(&r, &timeline(&r));
}

#[test]
fn fill_writes_the_dates_of_the_old_history() {
    let r = moved_in(".agent/plans/parser.md");
    let (out, err, code) = run(r.path(), &["fill"]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(r.join(PLAN)).unwrap();
    assert!(text.contains("- **Created:** 2025-03-01"), "{text}");
    assert!(
        text.contains("- [x] (2025-03-03 10:00Z) Write the tokenizer."),
        "{text}"
    );
    assert!(
        text.contains("- [x] (2025-03-09 13:00Z) Write the grammar."),
        "{text}"
    );
}

/// The plan without any stamps or dates that fill could write.
fn unstamped(r: &TestRepo) -> String {
    std::fs::read_to_string(r.join(PLAN)).unwrap()
}

#[test]
fn where_the_old_history_cannot_be_read_fill_leaves_its_facts_and_says_why() {
    let r = moved_in(".agent/plans/parser.md");
    let before = unstamped(&r);
    let mut cmd = test_support::plans_command(r.path(), test_support::NOW);
    cmd.env("EXECPLAN_FAULT_FOLLOW", "1").arg("fill");
    let (out, err, code) = test_support::output(&mut cmd);
    assert_eq!(code, 0, "{out}{err}");
    let after = unstamped(&r);
    // Created is not the move's date, and the tick made before the move is not
    // stamped with it; the tick after the move is certain and is written.
    assert!(after.contains("- **Created:** 2025-01-01"), "{after}");
    assert!(after.contains("- [x] Write the tokenizer."), "{after}");
    assert!(
        after.contains("- [x] (2025-03-09 13:00Z) Write the grammar."),
        "{after}"
    );
    assert_ne!(before, after);
    assert!(
        err.contains("moved in from `.agent/plans/parser.md`")
            && err.contains("Created and the time of 1 item ticked before it left as written"),
        "{err}"
    );

    // check says the same: the tick's help does not send the user to fill.
    let mut cmd = test_support::plans_command(r.path(), test_support::NOW);
    cmd.env("EXECPLAN_FAULT_FOLLOW", "1")
        .args(["check", "--format", "json"]);
    let (out, _, _) = test_support::output(&mut cmd);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let ep007: Vec<&Value> = doc["plans"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "EP007")
        .collect();
    assert_eq!(ep007.len(), 1, "{doc:#}");
    let help = ep007[0]["help"].as_str().unwrap();
    assert!(help.contains("fill` leaves it"), "{help}");
    let notes = ep007[0]["notes"].to_string();
    assert!(
        notes.contains("moved in from `.agent/plans/parser.md`"),
        "{notes}"
    );
}

#[test]
fn a_tick_before_a_shallow_boundary_is_left_to_the_author() {
    let r = moved_in(".agent/plans/parser.md");
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    test_support::git_in(
        clone.path(),
        None,
        &["clone", "-q", "--depth", "2", &url, "c"],
    );
    let c = clone.path().join("c");
    let (out, err, code) = run(&c, &["fill"]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(c.join(PLAN)).unwrap();
    assert!(text.contains("- [x] Write the tokenizer."), "{text}");
    assert!(text.contains("- **Created:** 2025-01-01"), "{text}");
    let (out, _, _) = run(&c, &["check", "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let help = doc["plans"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "EP007")
        .map(|d| d["help"].as_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(help.contains("fill` leaves it"), "{doc:#}");
}
