//! Behaviours found on plans in the field: each test is a minimal
//! reproduction, written for this suite, of something real plans do.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use execplan::rules::BASE_PLAN;
use serde_json::Value;
use test_support::{output, plans_command, TestRepo, NOW};

/// `check --format json` with `args`: (rule, line) of every diagnostic.
fn found(dir: &Path, args: &[&str]) -> Vec<(String, u64)> {
    let (text, err, _) = output(
        plans_command(dir, NOW)
            .args(["check", "--format", "json"])
            .args(args),
    );
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text} {err}"));
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

/// A repository with the base plan's neighbour file and `.agents/p.md`.
fn repo_with(plan: &str) -> TestRepo {
    let r = TestRepo::new();
    r.write("crates/client/src/lib.rs", "");
    r.write(".agents/p.md", plan);
    r
}

#[test]
fn a_conflict_is_one_finding_and_misleads_no_other_rule() {
    // Both sides of a conflict in Progress: `=======` would underline the item
    // above into a heading, splitting Progress and emptying a section.
    let plan = BASE_PLAN.replacen(
        "- [ ] Add tests (completed: 2/6).\n",
        "<<<<<<< HEAD\n- [ ] Add tests (completed: 2/6).\n=======\n- [ ] Add tests (completed: 3/6).\n>>>>>>> tests\n",
        1,
    );
    let r = repo_with(&plan);
    assert_eq!(found(r.path(), &["--no-history"]), [("EP021".into(), 21)]);
}
