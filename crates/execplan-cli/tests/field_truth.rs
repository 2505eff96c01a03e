//! History facts that real repositories showed wrong: amended and rebased ticks,
//! dates in the author's own zone, renames `git log --follow` follows, reworded
//! items, non-Markdown plans and uncommitted moves. Each test is a minimal
//! reproduction of one shape seen in the field, checked against the git CLI.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../execplan/tests/common/mod.rs"]
mod repo;

use std::path::Path;
use std::process::Command;

use repo::TestRepo;
use serde_json::Value;

const NOW: &str = "2025-10-10T12:00:00Z";

fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-plans"))
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("EXECPLAN_NOW", NOW)
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("run cargo-plans");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let (out, err, _) = run(dir, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n{err}"))
}

/// The history rules (EP1xx) raised on the first plan.
fn history_findings(doc: &Value) -> Vec<Value> {
    doc["plans"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("EP1"))
        .cloned()
        .collect()
}

fn plan(created: &str, updated: &str, progress: &str) -> String {
    format!(
        "# Cache warmup\n\n## Metadata\n- **Owner:** Ana\n- **Created:** {created}\n- **Last Updated:** {updated}\n\n## Purpose / Big Picture\nWarm caches.\n\n## Context and Orientation\nThe loader.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n{progress}\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nCaches are warm.\n"
    )
}

/// The `timeline --format json` entry of the plan at `path`.
fn timeline_of(r: &TestRepo, path: &str) -> Value {
    let doc = json(r.path(), &["timeline", "--format", "json"]);
    doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"] == path)
        .unwrap_or_else(|| panic!("no timeline for {path}: {doc}"))
        .clone()
}

// Item 1: a tick amended (or rebased) later keeps its author date, gets a new
// committer date, and the stamp the author wrote lies between the two.
#[test]
fn stamp_between_author_and_committer_date_is_no_error() {
    let r = TestRepo::new();
    let path = ".agents/warm.md";
    r.write(
        path,
        &plan("2025-10-01", "2025-10-03", "- [ ] Load the index.\n"),
    );
    r.commit("create", "2025-10-01T09:00:00Z");
    r.write(
        path,
        &plan(
            "2025-10-01",
            "2025-10-03",
            "- [x] (2025-10-03 14:00Z) Load the index.\n",
        ),
    );
    // Authored at 11:00, amended at 16:00: the stamp (14:00) is in between.
    r.commit_dated("tick", "2025-10-03T11:00:00Z", "2025-10-03T16:00:00Z");
    let committed = r.git(&["log", "-1", "--format=%cI"]);
    assert_eq!(committed.trim(), "2025-10-03T16:00:00Z");

    let doc = json(r.path(), &["check", "--format", "json"]);
    assert!(history_findings(&doc).is_empty(), "{doc}");
    let before = std::fs::read(r.join(path)).unwrap();
    let (out, _, code) = run(r.path(), &["fill", "--check"]);
    assert_eq!(code, 0, "fill would rewrite an honest stamp: {out}");
    run(r.path(), &["fill"]);
    assert_eq!(std::fs::read(r.join(path)).unwrap(), before);
}

#[test]
fn stamp_after_the_committer_date_is_reported_and_filled() {
    let r = TestRepo::new();
    let path = ".agents/warm.md";
    r.write(
        path,
        &plan("2025-10-01", "2025-10-03", "- [ ] Load the index.\n"),
    );
    r.commit("create", "2025-10-01T09:00:00Z");
    r.write(
        path,
        &plan(
            "2025-10-01",
            "2025-10-03",
            "- [x] (2025-10-03 17:00Z) Load the index.\n",
        ),
    );
    r.commit_dated("tick", "2025-10-03T11:00:00Z", "2025-10-03T16:00:00Z");

    let doc = json(r.path(), &["check", "--format", "json"]);
    let found = history_findings(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["rule"], "EP103");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("committer date, 2025-10-03 16:00Z"),
        "{message}"
    );
    let (_, _, code) = run(r.path(), &["fill"]);
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(r.join(path)).unwrap();
    assert!(
        text.contains("- [x] (2025-10-03 11:00Z) Load the index."),
        "{text}"
    );
}

// Item 2: a first commit at 21:33 −04:00 is the next day in UTC; the author's
// own calendar date is as true as the UTC one.
#[test]
fn dates_in_the_authors_zone_are_accepted() {
    // West of UTC the local date is the earlier one (EP101, EP102 before);
    // east of it, the later one (EP101, EP105 before).
    for (date, utc_date, created, updated) in [
        (
            "2025-10-01T21:33:00-04:00",
            "2025-10-02",
            "2025-10-01",
            "2025-10-01",
        ),
        (
            "2025-10-01T21:33:00-04:00",
            "2025-10-02",
            "2025-10-02",
            "2025-10-02",
        ),
        (
            "2025-10-01T21:33:00-04:00",
            "2025-10-02",
            "2025-10-01",
            "2025-10-02",
        ),
        (
            "2025-10-02T02:00:00+05:00",
            "2025-10-01",
            "2025-10-02",
            "2025-10-02",
        ),
    ] {
        let r = TestRepo::new();
        let path = ".agents/warm.md";
        r.write(path, &plan(created, updated, "- [ ] Load the index.\n"));
        r.commit("create", date);
        let authored = r.git(&["log", "-1", "--format=%aI"]);
        let utc = chrono::DateTime::parse_from_rfc3339(authored.trim())
            .unwrap()
            .with_timezone(&chrono::Utc)
            .date_naive();
        assert_eq!(utc.to_string(), utc_date);

        let doc = json(r.path(), &["check", "--format", "json"]);
        assert!(
            history_findings(&doc).is_empty(),
            "{created}/{updated}: {doc}"
        );
        let (out, _, code) = run(r.path(), &["fill", "--check"]);
        assert_eq!(code, 0, "{created}/{updated}: fill would change {out}");
    }
}

#[test]
fn a_date_in_neither_zone_is_still_wrong() {
    let r = TestRepo::new();
    let path = ".agents/warm.md";
    r.write(
        path,
        &plan("2025-09-30", "2025-09-30", "- [ ] Load the index.\n"),
    );
    r.commit("create", "2025-10-01T21:33:00-04:00");
    let doc = json(r.path(), &["check", "--format", "json"]);
    let mut got: Vec<String> = history_findings(&doc)
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect();
    got.sort();
    assert_eq!(got, ["EP101", "EP102"]);
    run(r.path(), &["fill"]);
    let text = std::fs::read_to_string(r.join(path)).unwrap();
    // fill writes the UTC date, as it always has.
    assert!(text.contains("- **Created:** 2025-10-02\n"), "{text}");
    assert!(text.contains("- **Last Updated:** 2025-10-02\n"), "{text}");
}
