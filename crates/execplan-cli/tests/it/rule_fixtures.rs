//! Every rule in the registry has fixtures (`Rule::fixtures`): plans that
//! trigger it at a known line and plans it accepts, each a small edit of a
//! plan that passes every rule. This test runs them all through the binary,
//! so a rule without fixtures, or whose fixtures no longer hold, fails here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use execplan::rules::{Fixture, Later, Needs, Rule, BASE_PLAN, RULES};
use serde_json::Value;
use test_support::{output, plans_command, TestRepo, NOW};

/// A plan every rule accepts (line numbers matter: see each rule's fixtures).
const GOOD: &str = BASE_PLAN;

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
    check_json(dir, &[&["--no-history"], extra].concat())
}

/// `check --format json` with `args`, history read with git's configuration shut out.
fn check_json(dir: &Path, args: &[&str]) -> (Value, i32) {
    let (text, err, code) = output(
        plans_command(dir, NOW)
            .args(["check", "--format", "json"])
            .args(args),
    );
    let doc = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text} {err}"));
    (doc, code)
}

fn found(doc: &Value) -> Vec<(String, u64)> {
    test_support::diagnostics(doc)
}

#[test]
fn the_good_plan_is_clean() {
    let d = setup(&[(".agents/good.md", GOOD)]);
    let (doc, code) = check(d.path(), &[]);
    assert_eq!(found(&doc), vec![]);
    assert_eq!(code, 0);
}

/// Run `check` on one fixture, with the base plan beside it as
/// `.agents/0001-base.md`, and return the lines `rule` reports in the
/// fixture's file. A history rule's fixture is committed in two steps: a
/// draft at 2025-10-01T14:00Z (the base plan's Created and tick), then the
/// fixture at 2025-10-03T09:00Z (its Last Updated), then the fixture's
/// `later` changes at 2025-10-04T09:00Z.
fn lines_reported(rule: &Rule, f: &Fixture) -> Vec<u64> {
    for (from, _) in f.edits {
        assert!(
            GOOD.contains(from),
            "{}: fixture text `{from}` not in the base plan",
            rule.id
        );
    }
    let path = format!(".agents/{}", f.file);
    let r = TestRepo::new();
    // Content, so that a move is a rename to git (empty files never are).
    r.write("crates/client/src/lib.rs", "pub fn budget() {}\n");
    r.write(".agents/0001-base.md", GOOD);
    if !f.config.is_empty() {
        r.write("execplan.toml", f.config);
    }
    let mut args = Vec::new();
    if rule.needs == Needs::History {
        r.write(
            &path,
            &GOOD.replacen("Fewer retries.", "Fewer retries (draft).", 1),
        );
        r.commit("draft", "2025-10-01T14:00:00Z");
        r.write(&path, &f.text());
        r.commit("fixture", "2025-10-03T09:00:00Z");
        for later in f.later {
            match *later {
                Later::Move(from, to) => r.mv(from, to),
                Later::Delete(file) => r.remove(file),
                Later::Grow(file, n) => {
                    let old = std::fs::read_to_string(r.join(file)).unwrap();
                    let more: String = (0..n).map(|i| format!("// line {i}\n")).collect();
                    r.write(file, &(old + &more));
                }
            }
        }
        if !f.later.is_empty() {
            r.commit("later", "2025-10-04T09:00:00Z");
        }
    } else {
        r.write(&path, &f.text());
        args.push("--no-history");
    }
    let (doc, _) = check_json(r.path(), &args);
    doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["path"] == path.as_str())
        .flat_map(|p| p["diagnostics"].as_array().unwrap().iter())
        .filter(|d| d["rule"] == rule.id)
        .map(|d| d["line"].as_u64().unwrap())
        .collect()
}

#[test]
fn every_rule_fires_at_its_line_and_only_there() {
    for rule in RULES {
        let fx = &rule.fixtures;
        assert!(
            !fx.triggers.is_empty() && !fx.clean.is_empty(),
            "{}: a rule needs a fixture that triggers it and one it accepts",
            rule.id
        );
        for f in fx.triggers {
            assert_eq!(lines_reported(rule, f), [f.line], "{}: {f:?}", rule.id);
        }
        for f in fx.clean {
            assert_eq!(lines_reported(rule, f), [0; 0], "{}: {f:?}", rule.id);
        }
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
    let (_, err, code) = output(plans_command(d.path(), NOW).arg("check"));
    assert_eq!(code, 2);
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
    let (_, err, code) = output(plans_command(d.path(), NOW).arg("check"));
    assert_eq!(code, 2);
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
