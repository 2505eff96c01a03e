//! History facts that real repositories showed wrong: amended and rebased ticks,
//! dates in the author's own zone, renames `git log --follow` follows, reworded
//! items, non-Markdown plans and uncommitted moves. Each test is a minimal
//! reproduction of one shape seen in the field, checked against the git CLI.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use serde_json::Value;
use test_support::{run, TestRepo};

fn json(dir: &Path, args: &[&str]) -> Value {
    let (out, err, _) = run(dir, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n{err}"))
}

/// The history rules about dates (EP101–EP105) raised on the first plan;
/// these fixtures tick with nothing behind them on purpose, so the evidence
/// rule (EP106) is not what they test.
fn history_findings(doc: &Value) -> Vec<Value> {
    doc["plans"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            let rule = d["rule"].as_str().unwrap();
            rule.starts_with("EP1") && rule != "EP106"
        })
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

/// Commits of `git log --follow -- path`, newest first.
fn follow(r: &TestRepo, path: &str) -> Vec<String> {
    r.lines(&["log", "--follow", "--format=%H", "--", path])
}

// Item 3a: a plan created and finished on a branch, moved active/ -> completed/
// (and edited) in a commit that also adds and changes other files, then merged.
// At the merge the old name is TREESAME to the first parent (absent in both), so
// per-path simplification alone would never look down the branch for it.
#[test]
fn a_move_on_a_merged_branch_keeps_the_plans_past() {
    let r = TestRepo::new();
    r.write("README.md", "x\n");
    r.commit("start", "2025-10-01T08:00:00Z");
    r.git(&["checkout", "-q", "-b", "side"]);
    let active = ".agents/active/warm.md";
    let done = ".agents/completed/warm.md";
    r.write(
        active,
        &plan(
            "2025-10-02",
            "2025-10-02",
            "- [ ] Load the index.\n- [ ] Ship.\n",
        ),
    );
    let created = r.commit("plan", "2025-10-02T09:00:00Z");
    r.write(
        active,
        &plan(
            "2025-10-02",
            "2025-10-03",
            "- [x] (2025-10-03 10:00Z) Load the index.\n- [ ] Ship.\n",
        ),
    );
    let ticked = r.commit("tick", "2025-10-03T10:00:00Z");
    r.mv(active, done);
    r.write(
        done,
        &plan(
            "2025-10-02",
            "2025-10-04",
            "- [x] (2025-10-03 10:00Z) Load the index.\n- [x] (2025-10-04 11:00Z) Ship.\n",
        ),
    );
    r.write("src/loader.txt", "new\n");
    r.write("README.md", "y\n");
    let moved = r.commit("finish and file", "2025-10-04T11:00:00Z");
    r.git(&["checkout", "-q", "main"]);
    r.write("CHANGES.txt", "z\n");
    r.commit("unrelated", "2025-10-05T08:00:00Z");
    r.git_at(
        "2025-10-06T08:00:00Z",
        &["merge", "-q", "--no-ff", "--no-edit", "side"],
    );

    let git = follow(&r, done);
    assert_eq!(git, [moved.clone(), ticked.clone(), created.clone()]);
    let tl = timeline_of(&r, done);
    assert_eq!(tl["created"]["commit"], created.as_str());
    assert_eq!(tl["last_updated"]["commit"], moved.as_str());
    assert_eq!(tl["revisions"].as_array().unwrap().len(), 3);
    assert_eq!(tl["items"][0]["checked_at"]["commit"], ticked.as_str());
    assert_eq!(tl["items"][1]["checked_at"]["commit"], moved.as_str());
    let doc = json(r.path(), &["check", "--format", "json"]);
    assert!(history_findings(&doc).is_empty(), "{doc}");
}

// Item 3b: a move in two commits: the copy added, the original deleted later.
#[test]
fn a_move_split_over_two_commits_is_followed() {
    let r = TestRepo::new();
    let active = ".agents/active/warm.md";
    let done = ".agents/completed/warm.md";
    r.write(
        active,
        &plan("2025-10-01", "2025-10-01", "- [ ] Load the index.\n"),
    );
    let created = r.commit("plan", "2025-10-01T09:00:00Z");
    r.write(
        active,
        &plan(
            "2025-10-01",
            "2025-10-02",
            "- [x] (2025-10-02 10:00Z) Load the index.\n",
        ),
    );
    let ticked = r.commit("tick", "2025-10-02T10:00:00Z");
    let text = std::fs::read_to_string(r.join(active)).unwrap();
    r.write(done, &text.replace("2025-10-02\n", "2025-10-03\n"));
    let copied = r.commit("file as completed", "2025-10-03T09:00:00Z");
    r.remove(active);
    r.commit("drop the old copy", "2025-10-04T09:00:00Z");

    let git = follow(&r, done);
    assert_eq!(git, [copied.clone(), ticked.clone(), created.clone()]);
    let tl = timeline_of(&r, done);
    assert_eq!(tl["created"]["commit"], created.as_str());
    assert_eq!(tl["created_certain"], true);
    assert_eq!(tl["items"][0]["checked_at"]["commit"], ticked.as_str());
}

// Item 4: an item ticked, then rewritten into a different step (similar letters,
// other substance), is a new item ticked where it appeared; a small rewording of
// a ticked item keeps its tick, and the timeline says which is which.
#[test]
fn reworded_items_are_matched_only_when_still_the_same_step() {
    let r = TestRepo::new();
    let path = ".agents/warm.md";
    let progress = "- [x] (2025-10-02 10:00Z) Stage two: documentation, update the design doc and the guide.\n- [x] (2025-10-02 10:00Z) Wrote the cache warmup loader.\n";
    r.write(path, &plan("2025-10-01", "2025-10-02", "- [ ] Stage two: documentation, update the design doc and the guide.\n- [ ] Wrote the cache warmup loader.\n"));
    r.commit("plan", "2025-10-01T09:00:00Z");
    r.write(path, &plan("2025-10-01", "2025-10-02", progress));
    let first = r.commit("tick both", "2025-10-02T10:00:00Z");
    let reworded = "- [x] (2025-10-02 10:00Z) Ran the full quality and documentation gates with logs.\n- [x] (2025-10-02 10:00Z) Wrote the cache-warmup loader.\n";
    r.write(path, &plan("2025-10-01", "2025-10-03", reworded));
    let second = r.commit("reword", "2025-10-03T10:00:00Z");

    let tl = timeline_of(&r, path);
    let items = tl["items"].as_array().unwrap();
    assert_eq!(items[0]["matched"], "exact");
    assert_eq!(items[0]["checked_at"]["commit"], second.as_str());
    assert_eq!(items[1]["matched"], "reworded");
    assert_eq!(items[1]["checked_at"]["commit"], first.as_str());
    // git agrees: the first revision holding the new step checked is the second.
    let pickaxe = r.lines(&[
        "log",
        "--format=%H",
        "-S",
        "Ran the full quality",
        "--",
        path,
    ]);
    assert_eq!(pickaxe, [second]);
}

// Item 5: plans that are not Markdown files, named by a configured glob.
#[test]
fn plans_named_by_a_non_markdown_glob_have_history() {
    let r = TestRepo::new();
    r.write("execplan.toml", "plans = [\"notes/*.adoc\"]\n");
    let path = "notes/warm.adoc";
    r.write(
        path,
        &plan("2025-10-01", "2025-10-01", "- [ ] Load the index.\n"),
    );
    let created = r.commit("plan", "2025-10-01T09:00:00Z");
    let tl = timeline_of(&r, path);
    assert_eq!(tl["created"]["commit"], created.as_str());
    assert_eq!(tl["last_updated"]["commit"], created.as_str());
    let doc = json(r.path(), &["check", "--format", "json"]);
    assert!(history_findings(&doc).is_empty(), "{doc}");
    // The same for a plan named explicitly.
    let other = "notes/cold.txt";
    r.write(
        other,
        &plan("2025-10-02", "2025-10-02", "- [ ] Load the index.\n"),
    );
    let second = r.commit("another", "2025-10-02T09:00:00Z");
    let doc = json(r.path(), &["timeline", "--format", "json", other]);
    assert_eq!(doc["plans"][0]["created"]["commit"], second.as_str());
}

// Item 6: `git mv` staged but not committed.
#[test]
fn an_uncommitted_git_mv_keeps_the_plans_history() {
    let r = TestRepo::new();
    let active = ".agents/active/warm.md";
    let done = ".agents/completed/warm.md";
    r.write(
        active,
        &plan("2025-10-01", "2025-10-01", "- [ ] Load the index.\n"),
    );
    let created = r.commit("plan", "2025-10-01T09:00:00Z");
    r.mv(active, done);

    let tl = timeline_of(&r, done);
    assert_eq!(tl["created"]["commit"], created.as_str());
    // The move itself is uncommitted work.
    assert!(tl["last_updated"]["commit"].is_null(), "{tl}");
    let doc = json(r.path(), &["log", done, "--format", "json"]);
    let text = doc.to_string();
    assert!(text.contains(&created), "log lost the history: {text}");
}
