//! `plans diff` and `plans log` on generated repositories.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::path::Path;
use test_support::TestRepo;

/// stdout then stderr, and the exit code.
fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let (out, err, code) = test_support::run(dir, args);
    (out + &err, code)
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let (out, code) = run(dir, args);
    assert_eq!(code, 0, "{out}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

const V1: &str = "# Plan\n\n## Metadata\n- **Owner:** Ana\n\n## Context and Orientation\nOld context.\n\n## Progress\n- [ ] write the parser\n- [ ] add tests\n- [x] (2025-10-01 10:00Z) old step\n- [ ] drop me\n\n## Decision Log\n- **Decision:** One.\n- **Rationale:** r.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Risks\nNone.\n";
const V2: &str = "# Plan\n\n## Metadata\n- **Owner:** Bo\n\n## Context and Orientation\nNew context, longer.\n\n## Progress\n- [ ] write the new parser\n- [x] (2025-10-02 10:00Z) add tests\n- [ ] old step\n- [ ] brand new\n\n## Decision Log\n- **Decision:** One.\n- **Rationale:** r.\n- **Date/Author:** 2025-10-01 — Ana\n- **Decision:** Two.\n- **Rationale:** r2.\n- **Date/Author:** 2025-10-02 — Bo\n\n## Surprises & Discoveries\n- Observation: x.\n  Evidence: y.\n";

fn story() -> (TestRepo, String, String) {
    let r = TestRepo::new();
    r.write(".agents/p.md", V1);
    let a = r.commit("v1", "2025-10-01T10:00:00Z");
    r.write(".agents/p.md", V2);
    let b = r.commit("v2", "2025-10-02T10:00:00Z");
    (r, a, b)
}

fn kinds(d: &Value, kind: &str) -> usize {
    d["diff"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == kind)
        .count()
}

#[test]
fn each_kind_of_change_is_detected_exactly_once() {
    let (r, a, b) = story();
    let d = json(
        r.path(),
        &["diff", ".agents/p.md", &a, &b, "--format", "json"],
    );
    assert_eq!(d["schema"], 1);
    for k in ["added", "removed", "ticked", "unticked", "reworded"] {
        assert_eq!(kinds(&d, k), 1, "{k}: {}", d["diff"]["items"]);
    }
    assert_eq!(d["diff"]["decisions_added"], serde_json::json!(["Two."]));
    assert_eq!(d["diff"]["surprises_added"], serde_json::json!(["x."]));
    assert_eq!(d["diff"]["metadata"].as_array().unwrap().len(), 1);
    let sections: Vec<(String, String)> = d["diff"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["heading"].as_str().unwrap().to_string(),
                s["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for want in [
        ("Metadata", "changed"),
        ("Context and Orientation", "changed"),
        ("Progress", "changed"),
        ("Decision Log", "changed"),
        ("Surprises & Discoveries", "added"),
        ("Risks", "removed"),
    ] {
        assert_eq!(
            sections
                .iter()
                .filter(|(h, k)| h == want.0 && k == want.1)
                .count(),
            1,
            "{want:?} in {sections:?}"
        );
    }
    assert_eq!(sections.len(), 6);
}

#[test]
fn identical_revisions_say_so() {
    let (r, _, b) = story();
    let (out, code) = run(r.path(), &["diff", ".agents/p.md", &b, &b]);
    assert_eq!(code, 0);
    assert!(out.contains("no changes"), "{out}");
    // Default: HEAD against a clean working tree.
    let (out, code) = run(r.path(), &["diff", ".agents/p.md"]);
    assert_eq!((code, out.contains("no changes")), (0, true), "{out}");
}

#[test]
fn a_rename_between_revisions_still_diffs_content() {
    let (r, a, _) = story();
    r.mv(".agents/p.md", ".agents/completed/p.md");
    r.write(
        ".agents/completed/p.md",
        &V2.replace("- [ ] brand new", "- [x] (2025-10-03 10:00Z) brand new"),
    );
    r.commit("move and tick", "2025-10-03T10:00:00Z");
    let d = json(
        r.path(),
        &[
            "diff",
            ".agents/completed/p.md",
            &a,
            "HEAD",
            "--format",
            "json",
        ],
    );
    assert_eq!(d["from"]["path"], ".agents/p.md");
    assert_eq!(d["to"]["path"], ".agents/completed/p.md");
    assert_eq!(kinds(&d, "added"), 1);
    assert_eq!(kinds(&d, "ticked"), 1);
}

#[test]
fn staged_compares_the_index_not_the_working_file() {
    let (r, _, _) = story();
    r.write(
        ".agents/p.md",
        &V2.replace("- [ ] brand new", "- [x] (2025-10-03 10:00Z) brand new"),
    );
    r.git(&["add", "-A"]);
    r.write(
        ".agents/p.md",
        &V2.replace(
            "- [ ] brand new",
            "- [x] (2025-10-03 10:00Z) brand new\n- [ ] unstaged",
        ),
    );
    let d = json(
        r.path(),
        &["diff", ".agents/p.md", "--staged", "--format", "json"],
    );
    assert_eq!(d["to"]["side"], "index");
    assert_eq!(kinds(&d, "ticked"), 1);
    assert_eq!(kinds(&d, "added"), 0, "the unstaged item must not show");
    let d = json(r.path(), &["diff", ".agents/p.md", "--format", "json"]);
    assert_eq!(kinds(&d, "added"), 1);
}

#[test]
fn hunks_agree_with_git_diff() {
    let (r, a, b) = story();
    let d = json(
        r.path(),
        &["diff", ".agents/p.md", &a, &b, "--format", "json"],
    );
    let ours: Vec<String> = d["diff"]["hunks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().trim().to_string())
        .collect();
    let git: Vec<String> = r
        .git(&["diff", "-U3", "--no-color", &a, &b, "--", ".agents/p.md"])
        .lines()
        .filter(|l| l.starts_with("@@"))
        .map(|l| {
            // git adds the function context after the second @@.
            let end = l[2..].find("@@").map_or(l.len(), |i| i + 4);
            l[..end].trim().to_string()
        })
        .collect();
    assert!(!git.is_empty());
    assert_eq!(ours, git);
}

#[test]
fn log_lists_every_revision_like_git_log_follow() {
    let (r, _, _) = story();
    r.mv(".agents/p.md", ".agents/completed/p.md");
    r.commit("move", "2025-10-03T10:00:00Z");
    let d = json(
        r.path(),
        &["log", ".agents/completed/p.md", "--format", "json"],
    );
    let ours: Vec<String> = d["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["commit"].as_str().unwrap().to_string())
        .collect();
    let git = r.lines(&[
        "log",
        "--follow",
        "--format=%H",
        "--",
        ".agents/completed/p.md",
    ]);
    assert_eq!(ours, git);
    let summaries: Vec<&str> = d["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["summary"].as_str().unwrap())
        .collect();
    assert!(
        summaries[2].starts_with("created (4 items"),
        "{summaries:?}"
    );
    assert!(
        summaries[1].contains("+1 ticked") && summaries[1].contains("+1 decision"),
        "{summaries:?}"
    );
    assert_eq!(summaries[0], "moved from .agents/p.md");
}

#[test]
fn snapshots() {
    let (r, a, b) = story();
    let strip = |s: String| s.replace(&a, "<A>").replace(&b, "<B>");
    insta::assert_snapshot!(
        "diff_human",
        strip(run(r.path(), &["diff", ".agents/p.md", &a, &b]).0)
    );
    insta::assert_snapshot!(
        "diff_markdown",
        strip(
            run(
                r.path(),
                &["diff", ".agents/p.md", &a, &b, "--format", "markdown"]
            )
            .0
        )
    );
    insta::assert_snapshot!(
        "diff_json",
        strip(
            run(
                r.path(),
                &["diff", ".agents/p.md", &a, &b, "--format", "json"]
            )
            .0
        )
    );
    insta::assert_snapshot!("log_human", run(r.path(), &["log", ".agents/p.md", "-p"]).0);
}

#[test]
fn bad_revision_and_unknown_plan_exit_2() {
    let (r, _, _) = story();
    let (out, code) = run(r.path(), &["diff", ".agents/p.md", "no-such-rev"]);
    assert_eq!(code, 2);
    assert!(out.contains("no-such-rev"), "{out}");
    let (_, code) = run(r.path(), &["diff", ".agents/none.md"]);
    assert_eq!(code, 2);
}
