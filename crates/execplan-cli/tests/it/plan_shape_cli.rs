//! What makes a file a plan, through the binary (issue 23, items 4 and 5): a
//! plan whose sections are all H1s under an H1 title is a plan, found whole by
//! `check` and `list`; a file that is a plan only by a weak signal (a Status
//! line and checkboxes, no Progress heading) is listed and checked, but gets
//! no structure finding and nothing above a warning.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use test_support::{run, TestRepo};

/// Every section an H1, under an H1 title.
const H1_PLAN: &str = "# Quieter retries\n\n# Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-02\n\n# Purpose / Big Picture\nFewer retries when the store is slow.\n\n# Context and Orientation\nThe client retries every error three times.\n\n# Plan of Work\n## Budget\nCap the retries per minute.\n\n# Progress\n- [x] (2025-10-02 09:00Z) Cap the retries.\n- [ ] Measure the error rate.\n\n# Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n# Decision Log\n- **Decision:** A budget per minute.\n- **Rationale:** Simple to explain.\n- **Date/Author:** 2025-10-01 — Ana\n\n# Outcomes & Retrospective\nIn progress.\n";

/// A design note: a Status line and a checklist of options, all ticked, no
/// Progress heading, no Outcomes, no Metadata, a link to a file that is gone.
const NOTE: &str = "# Cache layout\n\nStatus: accepted\n\n## Options\n- [x] One file per key.\n- [x] One file per shard.\n\nSee [the old layout](layout-v1.md).\n";

/// A repository holding `files`, committed on 2025-10-01 with every box of
/// the H1 plan open, then on 2025-10-02 as given, with the work behind its tick.
fn repo(files: &[(&str, &str)]) -> TestRepo {
    let r = TestRepo::new();
    for (path, text) in files {
        r.write(
            path,
            &text.replace("- [x] (2025-10-02 09:00Z) Cap", "- [ ] Cap"),
        );
    }
    r.commit("plans", "2025-10-01T10:00:00Z");
    for (path, text) in files {
        r.write(path, text);
    }
    r.write("src/retry.rs", "pub const BUDGET: u32 = 10;\n");
    r.commit("progress", "2025-10-02T09:00:00Z");
    r
}

fn json(r: &TestRepo, args: &[&str]) -> (Value, i32) {
    let (out, err, code) = run(r.path(), args);
    assert!(code == 0 || code == 1, "{out}{err}");
    (serde_json::from_str(&out).unwrap(), code)
}

/// (rule, severity) of each finding on the plan whose path ends with `file`.
fn findings(doc: &Value, file: &str) -> Option<Vec<(String, String)>> {
    let plan = doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"].as_str().unwrap().ends_with(file))?;
    Some(
        plan["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect(),
    )
}

#[test]
fn a_plan_sectioned_with_h1s_is_a_plan_found_whole() {
    let r = repo(&[(".agents/retries.md", H1_PLAN)]);
    // Discovered and named, with history and without: no finding at all.
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "json", ".agents/retries.md"],
        &["check", "--format", "json", "--no-history", "retries"],
    ] {
        let (doc, code) = json(&r, args);
        assert_eq!(doc["not_plans"], serde_json::json!([]), "{args:?}");
        assert_eq!(
            findings(&doc, "retries.md"),
            Some(vec![]),
            "{args:?}: {doc}"
        );
        assert_eq!(code, 0, "{args:?}");
    }
    let (doc, _) = json(&r, &["list", "--format", "json"]);
    let row = &doc["plans"][0];
    assert_eq!(row["title"], "Quieter retries", "{doc}");
    assert_eq!(
        (row["done"].as_u64(), row["total"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(row["owner"], "Ana");
    // The timeline dates the tick from history: Progress is read at H1 too.
    let (doc, _) = json(&r, &["timeline", "--format", "json"]);
    let items = doc["plans"][0]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{doc}");
    assert!(items[0]["checked_at"]["commit"].is_string(), "{doc}");
    // A write verb finds the H1 Progress and writes in it; the plan stays clean.
    let (out, err, code) = run(r.path(), &["add", "retries", "Ship the budget."]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(r.join(".agents/retries.md")).unwrap();
    assert!(
        text.contains("- [ ] Measure the error rate.\n- [ ] Ship the budget.\n\n# Surprises"),
        "{text}"
    );
    let (doc, code) = json(&r, &["check", "--format", "json", "--no-history"]);
    assert_eq!(
        (findings(&doc, "retries.md"), code),
        (Some(vec![]), 0),
        "{doc}"
    );
}

#[test]
fn a_plan_only_by_a_weak_signal_gets_no_structure_finding() {
    let r = repo(&[
        (".agents/retries.md", H1_PLAN),
        (".agents/cache-notes.md", NOTE),
        (
            ".agents/scratch.md",
            "# Scratch\n\n- [x] A box, but no Status.\n",
        ),
    ]);
    let structure = ["EP001", "EP002", "EP003", "EP013", "EP018"];
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "json", ".agents/cache-notes.md"],
        &["check", "--format", "json", "--no-history", "cache-notes"],
    ] {
        let (doc, code) = json(&r, args);
        let found = findings(&doc, "cache-notes.md").expect("the note is checked");
        assert!(
            found
                .iter()
                .all(|(rule, sev)| sev == "warning" && !structure.contains(&rule.as_str())),
            "{args:?}: {found:?}"
        );
        // Its content is still read: the gone link is said, as a warning.
        assert!(
            found.contains(&("EP014".into(), "warning".into())),
            "{found:?}"
        );
        assert_eq!(code, 0, "{args:?}: {doc}");
    }
    // Without a Status line, checkboxes alone make nothing a plan.
    let (doc, _) = json(&r, &["check", "--format", "json"]);
    assert_eq!(doc["not_plans"], serde_json::json!([".agents/scratch.md"]));
    // `list` shows the note with its boxes.
    let (doc, _) = json(&r, &["list", "--format", "json"]);
    let note = doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"].as_str().unwrap().ends_with("cache-notes.md"))
        .expect("listed");
    assert_eq!(
        (note["done"].as_u64(), note["total"].as_u64()),
        (Some(2), Some(2))
    );
}

#[test]
fn the_same_checklist_under_a_progress_heading_is_held_to_the_skeleton() {
    let r = repo(&[(
        ".agents/cache-notes.md",
        &NOTE.replace("## Options", "## Progress"),
    )]);
    let (doc, code) = json(&r, &["check", "--format", "json", "--no-history"]);
    let found = findings(&doc, "cache-notes.md").unwrap();
    for want in [("EP001", "warning"), ("EP013", "error"), ("EP014", "error")] {
        assert!(
            found.contains(&(want.0.into(), want.1.into())),
            "{want:?}: {found:?}"
        );
    }
    assert_eq!(code, 1);
}
