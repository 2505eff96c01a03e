//! EP106 on the shapes real repositories showed: work committed with the
//! item still open and ticked in a later commit, work that is the plan
//! itself, an item that carries its own figures, and a plan moved in whose
//! old path is not code. Each is a minimal repository in our own words; the
//! phantom tick (nothing at all behind it) is still reported.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use serde_json::Value;
use test_support::{diagnostics, run, TestRepo};

const PLAN: &str = ".agents/budget.md";

/// A Decision Log with one entry.
const DECIDED: &str =
    "- **Decision:** A token bucket.\n- **Rationale:** Bursts.\n- **Date/Author:** 2025-05-03 — Ana";

fn plan(items: &[(&str, bool)], decisions: &str) -> String {
    let items: String = items
        .iter()
        .map(|(t, done)| format!("- [{}] {t}\n", if *done { "x" } else { " " }))
        .collect();
    format!(
        "# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-05-01\n- **Last Updated:** 2025-05-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client is `src/client.rs`; the budget goes in `src/budget.rs` (new).\n\n## Plan of Work\n1. Add the budget.\n\n## Progress\n{items}\n## Surprises & Discoveries\nNone yet.\n\n## Decision Log\n{decisions}\n\n## Outcomes & Retrospective\nNot started yet.\n"
    )
}

fn ep106(dir: &Path) -> Vec<u64> {
    let (out, err, _) = run(dir, &["check", "--format", "json"]);
    let doc: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n{err}"));
    diagnostics(&doc)
        .into_iter()
        .filter(|(r, _)| r == "EP106")
        .map(|(_, l)| l)
        .collect()
}

/// The line of `text` in the plan file now.
fn line_of(r: &TestRepo, text: &str) -> u64 {
    let plan = std::fs::read_to_string(r.join(PLAN)).unwrap();
    plan.lines().position(|l| l.contains(text)).unwrap() as u64 + 1
}

/// A plan with one open item, then `steps` of (files, item ticked, decisions).
fn repo() -> TestRepo {
    let r = TestRepo::new();
    r.write("src/client.rs", "// client\n");
    r.write(PLAN, &plan(&[("Add the budget.", false)], "None yet."));
    r.commit("budget plan", "2025-05-01T09:00:00Z");
    r
}

#[test]
fn work_committed_before_the_tick_is_behind_it() {
    let r = repo();
    // The code, with the plan edited but the item still open…
    r.write("src/budget.rs", "pub struct Budget;\n");
    r.write(
        PLAN,
        &plan(
            &[("Add the budget.", false), ("Wire it in.", false)],
            "None yet.",
        ),
    );
    r.commit("budget", "2025-05-02T09:00:00Z");
    // …then a commit that only ticks.
    r.write(
        PLAN,
        &plan(
            &[("Add the budget.", true), ("Wire it in.", false)],
            "None yet.",
        ),
    );
    r.commit("tick", "2025-05-03T09:00:00Z");
    assert_eq!(ep106(r.path()), Vec::<u64>::new());

    // The evidence names the file the plan's Context names.
    let (out, err, code) = run(r.path(), &["evidence", PLAN, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let items = doc["items"]
        .as_array()
        .or(doc["plans"][0]["items"].as_array())
        .unwrap_or_else(|| panic!("{out}"));
    let e = &items[0]["evidence"];
    assert_eq!(e["named"], serde_json::json!(["src/budget.rs"]), "{out}");
}

#[test]
fn a_tick_with_nothing_since_the_item_appeared_is_reported() {
    let r = repo();
    r.write(
        PLAN,
        &plan(
            &[("Add the budget.", false), ("Wire it in.", false)],
            "None yet.",
        ),
    );
    r.commit("second item", "2025-05-02T09:00:00Z");
    r.write(
        PLAN,
        &plan(
            &[("Add the budget.", false), ("Wire it in.", true)],
            "None yet.",
        ),
    );
    r.commit("tick", "2025-05-03T09:00:00Z");
    assert_eq!(ep106(r.path()), vec![line_of(&r, "Wire it in.")]);
}

#[test]
fn unrelated_work_is_only_something_changed() {
    let r = repo();
    r.write("docs/notes.txt", "unrelated\n");
    r.write(PLAN, &plan(&[("Add the budget.", true)], "None yet."));
    r.commit("tick with unrelated work", "2025-05-02T09:00:00Z");
    let (out, _, _) = run(r.path(), &["evidence", PLAN, "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let items = doc["items"]
        .as_array()
        .or(doc["plans"][0]["items"].as_array())
        .unwrap_or_else(|| panic!("{out}"));
    let e = &items[0]["evidence"];
    assert_eq!(e["files"][0]["path"], "docs/notes.txt", "{out}");
    assert_eq!(
        e["named"],
        serde_json::json!([]),
        "named paths, none changed: {out}"
    );
    let (human, _, _) = run(r.path(), &["evidence", PLAN]);
    assert!(
        human.contains("only something changed: no file the item or the plan's Context names"),
        "{human}"
    );
    let (timeline, _, _) = run(r.path(), &["timeline"]);
    assert!(
        timeline.contains("in 1 commit, none where the plan said"),
        "{timeline}"
    );
}

#[test]
fn work_that_is_the_plan_itself_is_not_a_phantom() {
    let r = repo();
    let items = |d: bool, e: bool, f: bool| {
        vec![
            ("Add the budget.", false),
            ("Settle the bucket shape.", d),
            (
                "Measure the retry rate (p99 retries fell from 14 to 3 per minute).",
                e,
            ),
            ("Wire it in.", f),
        ]
    };
    r.write(PLAN, &plan(&items(false, false, false), "None yet."));
    r.commit("more items", "2025-05-02T09:00:00Z");
    // A decision captured: the item's work is the plan's own record.
    r.write(PLAN, &plan(&items(true, false, false), DECIDED));
    r.commit("decided", "2025-05-03T09:00:00Z");
    // A figure in the item itself.
    r.write(PLAN, &plan(&items(true, true, false), DECIDED));
    r.commit("measured", "2025-05-04T09:00:00Z");
    // A bare claim: still reported.
    r.write(PLAN, &plan(&items(true, true, true), DECIDED));
    r.commit("wired", "2025-05-05T09:00:00Z");
    assert_eq!(ep106(r.path()), vec![line_of(&r, "Wire it in.")]);
}

#[test]
fn a_plan_moved_in_is_not_its_own_evidence() {
    // The plan began outside the plans folder; its move deletes the old path,
    // which is no work on the item.
    let r = TestRepo::new();
    r.write("src/client.rs", "// client\n");
    r.write(
        "notes/budget.md",
        &plan(&[("Add the budget.", false)], "None yet."),
    );
    r.commit("budget notes", "2025-05-01T09:00:00Z");
    r.write(
        "notes/budget.md",
        &plan(
            &[("Add the budget.", false), ("Wire it in.", false)],
            "None yet.",
        ),
    );
    r.commit("second item", "2025-05-02T09:00:00Z");
    r.mv("notes/budget.md", PLAN);
    r.write(
        PLAN,
        &plan(
            &[("Add the budget.", false), ("Wire it in.", true)],
            "None yet.",
        ),
    );
    r.commit("move in and tick", "2025-05-03T09:00:00Z");
    assert_eq!(ep106(r.path()), vec![line_of(&r, "Wire it in.")]);
}
