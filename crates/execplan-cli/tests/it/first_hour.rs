//! A newcomer's first hour (issue 23, items 11–16): each dead end met on a
//! real repository, pinned down through the binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

use test_support::{plans_command, TestRepo, NOW};

fn plans(dir: &Path, args: &[&str]) -> Output {
    plans_command(dir, NOW).args(args).output().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A plan whose metadata is `meta` (the lines between the title and Purpose).
fn plan_with(meta: &str, progress: &str) -> String {
    format!("# Retry budget\n\n{meta}## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n{progress}\n## Surprises & Discoveries\n- Observation: none.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nGoing.\n")
}

/// Item 11: every write verb works on a plan with no Last Updated field, in
/// each shape of metadata, adding the field; none is refused as "would not
/// read back".
#[test]
fn every_write_verb_adds_a_missing_last_updated() {
    let shapes = [
        (
            "metadata section",
            "## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n\n",
        ),
        ("preamble", "Owner: Ana\nCreated: 2025-10-01\n\n"),
        ("no metadata", ""),
    ];
    let verbs: [&[&str]; 7] = [
        &["tick", "p", "first"],
        &["tick", "p", "done one", "--undo"],
        &[
            "split",
            "p",
            "first",
            "--done",
            "half",
            "--remaining",
            "rest",
        ],
        &["add", "p", "third", "--done"],
        &[
            "decide",
            "p",
            "--decision",
            "D",
            "--rationale",
            "R",
            "--author",
            "Ana",
        ],
        &["surprise", "p", "--observation", "O", "--evidence", "E"],
        &["outcome", "p", "It went."],
    ];
    for (shape, meta) in shapes {
        for verb in verbs {
            let r = TestRepo::new();
            r.write(
                ".agents/p.md",
                &plan_with(
                    meta,
                    "- [ ] The first step.\n- [x] (2025-10-01 10:00Z) The done one.\n",
                ),
            );
            let o = plans(r.path(), verb);
            assert_eq!(o.status.code(), Some(0), "{shape}, {verb:?}: {}", err(&o));
            let text = std::fs::read_to_string(r.join(".agents/p.md")).unwrap();
            assert!(
                text.contains("Last Updated:** 2025-10-10")
                    || text.contains("Last Updated: 2025-10-10"),
                "{shape}, {verb:?}:\n{text}"
            );
            assert_eq!(
                plans(r.path(), &["check", "--no-history", "p"])
                    .status
                    .code(),
                Some(0),
                "{shape}, {verb:?}:\n{text}"
            );
        }
    }
}
