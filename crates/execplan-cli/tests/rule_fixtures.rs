//! Every rule has a fixture that triggers it (at a known line) and one that
//! does not. Fixtures are one small edit of a plan that passes every rule.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const NOW: &str = "2025-10-10T12:00:00Z";

/// A plan every static rule accepts (line numbers matter: see the table).
const GOOD: &str = "\
# Retry budget

## Metadata
- **Owner:** Ana
- **Created:** 2025-10-01
- **Last Updated:** 2025-10-03
- **Agent / Module:** `crates/client`
- **Related Plans:** None.

## Purpose / Big Picture
Fewer retries.

## Context and Orientation
The client lives in `crates/client/src/lib.rs`.

## Plan of Work
1. Add the budget.

## Progress
- [x] (2025-10-01 13:00Z) Wrote the budget.
- [ ] Add tests (completed: 2/6).

## Surprises & Discoveries
- Observation: retries doubled the load.
  Evidence: 10 runs on staging.

## Decision Log
- **Decision:** Use a token bucket.
- **Rationale:** Simple and bounded.
- **Date/Author:** 2025-10-02 — Ana

## Outcomes & Retrospective
In progress.
";

fn setup(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("crates/client/src")).unwrap();
    std::fs::write(dir.path().join("crates/client/src/lib.rs"), "").unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn check(dir: &Path, extra: &[&str]) -> (Value, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-plans"))
        .arg("-C")
        .arg(dir)
        .args(["check", "--no-history", "--format", "json"])
        .args(extra)
        .env("EXECPLAN_NOW", NOW)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let doc = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {text} {}", String::from_utf8_lossy(&out.stderr)));
    (doc, out.status.code().unwrap())
}

/// (rule, line) of every diagnostic.
fn found(doc: &Value) -> Vec<(String, u64)> {
    doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["diagnostics"].as_array().unwrap().iter())
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_good_plan_is_clean() {
    let d = setup(&[(".agents/good.md", GOOD)]);
    let (doc, code) = check(d.path(), &[]);
    assert_eq!(found(&doc), vec![]);
    assert_eq!(code, 0);
}

/// (rule, what to replace in GOOD, replacement, line of the diagnostic, file name)
const CASES: &[(&str, &str, &str, u64, &str)] = &[
    (
        "EP001",
        "## Plan of Work\n1. Add the budget.\n\n",
        "",
        1,
        "p.md",
    ),
    ("EP002", "Fewer retries.\n", "", 10, "p.md"),
    ("EP003", "- **Owner:** Ana\n", "", 1, "p.md"),
    (
        "EP004",
        "- **Owner:** Ana",
        "- **Owner:** <name or team>",
        4,
        "p.md",
    ),
    (
        "EP005",
        "- **Created:** 2025-10-01",
        "- **Created:** 2025-02-30",
        5,
        "p.md",
    ),
    (
        "EP005",
        "- **Last Updated:** 2025-10-03",
        "- **Last Updated:** 2025-12-03",
        6,
        "p.md",
    ),
    (
        "EP006",
        "- **Created:** 2025-10-01",
        "- **Created:** 2025-10-05",
        5,
        "p.md",
    ),
    (
        "EP007",
        "- [x] (2025-10-01 13:00Z) Wrote",
        "- [x] Wrote",
        20,
        "p.md",
    ),
    (
        "EP008",
        "(2025-10-01 13:00Z) Wrote",
        "(YYYY-MM-DD HH:MMZ) Wrote",
        20,
        "p.md",
    ),
    (
        "EP008",
        "(2025-10-01 13:00Z) Wrote",
        "(2025-10-01 25:00Z) Wrote",
        20,
        "p.md",
    ),
    (
        "EP009",
        "(2025-10-01 13:00Z) Wrote",
        "(2025-10-11 13:00Z) Wrote",
        20,
        "p.md",
    ),
    (
        "EP010",
        "(2025-10-01 13:00Z) Wrote",
        "(2025-10-01 13:00) Wrote",
        20,
        "p.md",
    ),
    (
        "EP010",
        "(2025-10-01 13:00Z) Wrote",
        "(2025-10-01 13:00 CST) Wrote",
        20,
        "p.md",
    ),
    (
        "EP011",
        "- **Rationale:** Simple and bounded.\n",
        "",
        28,
        "p.md",
    ),
    ("EP012", "  Evidence: 10 runs on staging.\n", "", 24, "p.md"),
    (
        "EP014",
        "- **Related Plans:** None.",
        "- **Related Plans:** [other](other.md)",
        8,
        "p.md",
    ),
    (
        "EP015",
        "`crates/client/src/lib.rs`",
        "`crates/client/src/gone.rs`",
        14,
        "p.md",
    ),
    (
        "EP016",
        "Fewer retries.",
        "Describe the intended capability or fix in one sentence",
        11,
        "p.md",
    ),
    (
        "EP017",
        "- **Related Plans:** None.",
        "- **Related Plans:** None.\n- **Status:** Complete",
        1,
        "p.md",
    ),
    (
        "EP017",
        "Fewer retries.",
        "Fewer retries.",
        1,
        "completed/p.md",
    ),
];

#[test]
fn every_rule_fires_at_its_line_and_only_there() {
    for (rule, from, to, line, file) in CASES {
        assert!(
            GOOD.contains(from),
            "{rule}: fixture text `{from}` not in GOOD"
        );
        let text = GOOD.replacen(from, to, 1);
        let d = setup(&[(&format!(".agents/{file}"), &text)]);
        let (doc, _) = check(d.path(), &[]);
        let hits = found(&doc);
        let mine: Vec<&(String, u64)> = hits.iter().filter(|(r, _)| r == rule).collect();
        assert_eq!(mine.len(), 1, "{rule} ({from:?} → {to:?}): {hits:?}");
        let want_line = if *rule == "EP017" && text.contains("Status") {
            9
        } else {
            *line
        };
        assert_eq!(mine[0].1, want_line, "{rule}: {hits:?}");
    }
}

#[test]
fn missing_outcomes_and_unfilled_sections() {
    let done = GOOD.replacen(
        "- [ ] Add tests (completed: 2/6).",
        "- [x] (2025-10-02 09:00Z) Add tests.",
        1,
    );
    let empty_outcomes = done.replacen("In progress.\n", "", 1);
    let d = setup(&[(".agents/p.md", &empty_outcomes)]);
    let (doc, code) = check(d.path(), &[]);
    assert!(
        found(&doc).contains(&("EP013".to_string(), 32)),
        "{:?}",
        found(&doc)
    );
    assert_eq!(code, 1);
    for stale in ["TBD", "In progress.", "(None yet.)", "Not started yet."] {
        let text = done.replacen("In progress.", stale, 1);
        let d = setup(&[(".agents/p.md", &text)]);
        let (doc, _) = check(d.path(), &[]);
        assert_eq!(found(&doc), vec![("EP018".to_string(), 32)], "{stale}");
    }
    let written = done.replacen("In progress.", "Shipped; retries fell by half.", 1);
    let d = setup(&[(".agents/p.md", &written)]);
    assert_eq!(found(&check(d.path(), &[]).0), vec![]);
    // The same text on an unfinished plan is fine.
    let d = setup(&[(".agents/p.md", &GOOD.replacen("In progress.", "TBD", 1))]);
    assert_eq!(found(&check(d.path(), &[]).0), vec![]);
}

#[test]
fn duplicate_slugs_and_unreadable_plans() {
    let d = setup(&[
        (".agents/0007-a.md", GOOD),
        (".agents/0007-b.md", GOOD),
        (".agents/0008-c.md", GOOD),
    ]);
    let (doc, _) = check(d.path(), &[]);
    assert_eq!(
        found(&doc),
        vec![("EP019".to_string(), 1), ("EP019".to_string(), 1)]
    );
    let d = setup(&[(".agents/0007-a.md", GOOD), (".agents/sub/0007-b.md", GOOD)]);
    assert_eq!(found(&check(d.path(), &[]).0), vec![]);
    let d = setup(&[(".agents/good.md", GOOD)]);
    std::fs::write(
        d.path().join(".agents/bad.md"),
        b"# T\n\n## Progress\n- [x] \xff\n",
    )
    .unwrap();
    let (doc, code) = check(d.path(), &[]);
    assert_eq!(found(&doc), vec![("EP020".to_string(), 4)]);
    assert_eq!(code, 1);
}

#[test]
fn inline_allows_scope_and_configuration() {
    let undated = GOOD.replacen("- [x] (2025-10-01 13:00Z) Wrote", "- [x] Wrote", 1);
    // Block scope: the comment covers the next block only.
    let block = undated.replacen(
        "## Progress\n",
        "## Progress\n<!-- execplan: allow(unstamped-checked-item) -->\n",
        1,
    );
    let d = setup(&[(".agents/p.md", &block)]);
    assert_eq!(found(&check(d.path(), &[]).0), vec![]);
    let far = undated.replacen(
        "## Purpose",
        "<!-- execplan: allow(EP007) -->\n\n## Purpose",
        1,
    );
    let d = setup(&[(".agents/p.md", &far)]);
    assert_eq!(
        found(&check(d.path(), &[]).0).len(),
        1,
        "a block allow must not reach other blocks"
    );
    let file = undated.replacen(
        "## Purpose",
        "<!-- execplan: allow-file(EP007) -->\n\n## Purpose",
        1,
    );
    let d = setup(&[(".agents/p.md", &file)]);
    assert_eq!(found(&check(d.path(), &[]).0), vec![]);
    // Configuration: off, and raised to error.
    let d = setup(&[
        (".agents/p.md", &undated),
        ("execplan.toml", "[rules]\nEP007 = \"off\"\n"),
    ]);
    assert_eq!(found(&check(d.path(), &[]).0), vec![]);
    let d = setup(&[
        (".agents/p.md", &GOOD.replacen("Fewer retries.\n", "", 1)),
        ("execplan.toml", "[rules]\nempty-section = \"error\"\n"),
    ]);
    let (doc, code) = check(d.path(), &[]);
    assert_eq!(doc["plans"][0]["diagnostics"][0]["severity"], "error");
    assert_eq!(code, 1);
    // --deny-warnings turns a warning into a failure.
    let d = setup(&[(".agents/p.md", &GOOD.replacen("Fewer retries.\n", "", 1))]);
    assert_eq!(check(d.path(), &[]).1, 0);
    assert_eq!(check(d.path(), &["--deny-warnings"]).1, 1);
    // An unknown rule in configuration is an operational error naming the file.
    let d = setup(&[
        (".agents/p.md", GOOD),
        ("execplan.toml", "[rules]\nEP999 = \"off\"\n"),
    ]);
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-plans"))
        .arg("-C")
        .arg(d.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("execplan.toml") && err.contains("EP999"),
        "{err}"
    );
}

#[test]
fn timestamp_forms_are_all_accepted() {
    for form in [
        "(2025-10-01 13:00 Z)",
        "(2025-10-01 13:00Z)",
        "(2025-10-01 13:00 UTC)",
        "(2025-10-01T13:00:00Z)",
        "(2025-10-01 05:00-08:00)",
        "(2025-10-01 09:00 EDT)",
        "(2025-10-01)",
        "2025-10-01:",
        "2025-10-01 —",
        "(2025-10-01 13:00Z GREEN)",
    ] {
        let text = GOOD.replacen("(2025-10-01 13:00Z)", form, 1);
        let d = setup(&[(".agents/p.md", &text)]);
        assert_eq!(found(&check(d.path(), &[]).0), vec![], "{form}");
    }
}

#[test]
fn non_plans_are_passed_over_and_missing_folders_are_named() {
    let d = setup(&[
        (".agents/good.md", GOOD),
        (".agents/README.md", "# Plans\n\n## Progress\n- [x] x\n"),
        (".agents/notes.md", "# Notes\n\nJust notes.\n"),
    ]);
    let (doc, _) = check(d.path(), &[]);
    assert_eq!(doc["plans"].as_array().unwrap().len(), 1);
    assert_eq!(doc["not_plans"], serde_json::json!([".agents/notes.md"]));
    let d = setup(&[("docs/execplans/p.md", GOOD)]);
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-plans"))
        .arg("-C")
        .arg(d.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`docs/execplans`"), "{err}");
    // Configured, it works.
    std::fs::write(
        d.path().join("execplan.toml"),
        "plans = [\"docs/execplans\"]\n",
    )
    .unwrap();
    let (doc, code) = check(d.path(), &[]);
    assert_eq!((doc["plans"].as_array().unwrap().len(), code), (1, 0));
}
