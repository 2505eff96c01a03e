//! EP107 `context-drift` on a generated repository with fixed dates: a named
//! file renamed, one renamed twice, one deleted, one changed a lot after Last
//! Updated, and one history never knew (EP015's). Line counts are compared
//! with `git diff --numstat`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use test_support::{run, TestRepo};

const PLAN: &str = ".agents/p.md";

fn plan(open: bool) -> String {
    let tick = if open {
        "- [ ]"
    } else {
        "- [x] (2025-10-01 08:00Z)"
    };
    format!(
        "# Drift\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nKeep the map true.\n\n## Context and Orientation\n- `src/moved.rs` is moved once.\n- `src/twice.rs` is moved twice.\n- `src/gone.rs` is deleted.\n- `src/grown.rs` grows.\n- `src/never.rs` never existed.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n- [x] (2025-10-01 08:00Z) Map the code.\n{tick} Write it up.\n\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nThe map held.\n"
    )
}

fn body(name: &str, n: usize) -> String {
    (0..n).map(|i| format!("// {name} {i}\n")).collect()
}

/// The story: the plan, then each path's fate; `grow` lines added to
/// `src/grown.rs` over two commits. Returns the repository and its commits.
fn story(open: bool, grow: usize, config: &str) -> (TestRepo, Vec<String>) {
    let r = TestRepo::new();
    for name in ["moved", "twice", "gone", "grown"] {
        r.write(&format!("src/{name}.rs"), &body(name, 20));
    }
    if !config.is_empty() {
        r.write("execplan.toml", config);
    }
    r.write(PLAN, &plan(open));
    let mut ids = vec![r.commit("The plan and its code", "2025-10-01T09:00:00Z")];
    r.mv("src/moved.rs", "src/renamed.rs");
    ids.push(r.commit("Rename moved", "2025-10-02T09:00:00Z"));
    r.mv("src/twice.rs", "lib/twice.rs");
    ids.push(r.commit("Move twice to lib", "2025-10-03T09:00:00Z"));
    r.mv("lib/twice.rs", "lib/final.rs");
    ids.push(r.commit("Rename twice again", "2025-10-04T09:00:00Z"));
    r.remove("src/gone.rs");
    ids.push(r.commit("Drop the gone module", "2025-10-05T09:00:00Z"));
    r.write(
        "src/grown.rs",
        &(body("grown", 20) + &body("more", grow - 10)),
    );
    ids.push(r.commit("Grow", "2025-10-06T09:00:00Z"));
    r.write("src/grown.rs", &(body("grown", 15) + &body("more", grow)));
    ids.push(r.commit("Grow again", "2025-10-07T09:00:00Z"));
    (r, ids)
}

fn diagnostics(r: &TestRepo) -> Vec<(String, u64, String)> {
    let (out, err, _) = run(r.path(), &["check", "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    doc["plans"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "EP107" || d["rule"] == "EP015")
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Lines added and removed in `path` between two commits, as git counts them.
fn numstat(r: &TestRepo, from: &str, to: &str, path: &str) -> (usize, usize) {
    match r.numstat(from, to, &[path]).as_slice() {
        [(_, Some(a), Some(d))] => (*a as usize, *d as usize),
        other => panic!("one text file expected: {other:?}"),
    }
}

#[test]
fn renames_deletions_and_growth_of_named_paths() {
    let (r, ids) = story(true, 250, "");
    let (added, removed) = numstat(&r, &ids[0], &ids[6], "src/grown.rs");
    let short = |i: usize| ids[i][..7].to_string();
    assert_eq!(
        diagnostics(&r),
        vec![
            (
                "EP107".into(),
                12,
                "`src/moved.rs` was renamed to `src/renamed.rs` since the plan last changed".into()
            ),
            (
                "EP107".into(),
                13,
                "`src/twice.rs` was renamed to `lib/final.rs` since the plan last changed".into()
            ),
            (
                "EP107".into(),
                14,
                format!(
                    "`src/gone.rs` was deleted in {} on 2025-10-05 (\"Drop the gone module\")",
                    short(4)
                )
            ),
            (
                "EP107".into(),
                15,
                format!(
                    "`src/grown.rs` changed by {} lines (+{added} -{removed}) in 2 commits since the plan's Last Updated ({})",
                    added + removed,
                    short(0)
                )
            ),
            (
                "EP015".into(),
                16,
                "path `src/never.rs` does not exist in the repository".into()
            ),
        ]
    );
}

#[test]
fn human_output_names_each_step() {
    let (r, ids) = story(true, 250, "");
    let (out, err, code) = run(r.path(), &["check"]);
    assert_eq!(code, 0, "warnings only: {err}");
    let mut named = out;
    for (n, id) in ids.iter().enumerate() {
        named = named.replace(&id[..7], &format!("<c{n}>"));
    }
    insta::assert_snapshot!("drift_human", named);
}

#[test]
fn growth_is_drift_only_in_an_active_plan_over_the_threshold() {
    let grown = |d: &[(String, u64, String)]| d.iter().any(|(_, line, _)| *line == 15);
    // Finished: its Context is a record of the repository as the work left
    // it; nothing it names is followed (nor reported missing).
    let (r, _) = story(false, 250, "");
    let d = diagnostics(&r);
    assert_eq!(d, vec![], "a finished plan is a record");
    // Under the default 200 lines (110 added, 5 removed).
    let (r, ids) = story(true, 110, "");
    assert_eq!(numstat(&r, &ids[0], &ids[6], "src/grown.rs"), (110, 5));
    assert!(!grown(&diagnostics(&r)));
    // The threshold is the configuration's.
    let (r, _) = story(true, 110, "drift-lines = 100\n");
    assert!(grown(&diagnostics(&r)));
    let (r, _) = story(true, 250, "drift-lines = 1000\n");
    assert!(!grown(&diagnostics(&r)));
}

#[test]
fn with_the_rule_off_missing_path_speaks_for_every_vanished_path() {
    let (r, _) = story(true, 250, "[rules]\ncontext-drift = \"off\"\n");
    let d = diagnostics(&r);
    let lines: Vec<(String, u64)> = d.iter().map(|(r, l, _)| (r.clone(), *l)).collect();
    let ep015 = |l| ("EP015".to_string(), l);
    assert_eq!(lines, vec![ep015(12), ep015(13), ep015(14), ep015(16)]);
}

#[test]
fn a_plan_updated_after_the_rename_names_a_path_history_never_knew() {
    let (r, _) = story(true, 250, "");
    // The plan changes after every move: from its Last Updated on, the old
    // names never existed, and only EP015 speaks.
    let text = std::fs::read_to_string(r.join(PLAN)).unwrap();
    r.write(
        PLAN,
        &text.replace("Keep the map true.", "Keep the map true, always."),
    );
    r.commit("Touch the plan", "2025-10-08T09:00:00Z");
    let rules: Vec<String> = diagnostics(&r).into_iter().map(|(r, _, _)| r).collect();
    assert_eq!(rules, ["EP015", "EP015", "EP015", "EP015"]);
}

#[test]
fn a_rebased_series_sharing_one_committer_second_counts_every_commit() {
    // A rebase gives every commit of a series the same committer time: the
    // plan's own commit must still be found, not an equal-time later one.
    let r = TestRepo::new();
    r.write("src/grown.rs", &body("grown", 20));
    r.write(PLAN, &plan(true));
    let same = "2025-10-07T09:00:00Z";
    let base = r.commit_dated("The plan", "2025-10-01T09:00:00Z", same);
    for (i, day) in ["02", "03", "04"].iter().enumerate() {
        let text = body("grown", 20) + &body("more", 100 * (i + 1));
        r.write("src/grown.rs", &text);
        r.commit_dated("Grow", &format!("2025-10-{day}T09:00:00Z"), same);
    }
    let (added, removed) = numstat(&r, &base, "HEAD", "src/grown.rs");
    let d = diagnostics(&r);
    let want = format!(
        "`src/grown.rs` changed by {} lines (+{added} -{removed}) in 3 commits since the plan's Last Updated ({})",
        added + removed,
        &base[..7]
    );
    assert!(d.iter().any(|(_, _, m)| *m == want), "{want}\n{d:?}");
}
