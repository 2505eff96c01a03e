//! The warning classes a maintainer dismissed on real repositories, each a
//! minimal repository in our own words: a project that keeps no metadata block
//! (and `fill --metadata` writing one from history), paths git ignores or that
//! live in one package of a monorepo, and a path that is really gone.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use serde_json::Value;
use test_support::{diagnostics, run, TestRepo};

const PLAN: &str = ".agents/relay.md";

fn plan(metadata: &str, context: &str) -> String {
    format!(
        "# Relay auth\n{metadata}\n## Purpose / Big Picture\nAuthenticate relay calls.\n\n## Context and Orientation\n{context}\n\n## Plan of Work\n1. Check tokens.\n\n## Progress\n- [ ] Check tokens.\n\n## Surprises & Discoveries\nNone yet.\n\n## Decision Log\nNone yet.\n\n## Outcomes & Retrospective\nNot started yet.\n"
    )
}

fn check(dir: &Path) -> Vec<(String, u64)> {
    let (out, err, _) = run(dir, &["check", "--format", "json"]);
    let doc: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n{err}"));
    diagnostics(&doc)
}

fn rules(found: &[(String, u64)], id: &str) -> Vec<u64> {
    found
        .iter()
        .filter(|(r, _)| r == id)
        .map(|(_, l)| *l)
        .collect()
}

#[test]
fn a_project_without_metadata_blocks_is_not_told_until_it_asks() {
    let r = TestRepo::new();
    r.write(PLAN, &plan("", "The relay."));
    r.commit("relay plan", "2025-04-02T08:30:00Z");
    r.write("src/relay.rs", "// tokens\n");
    r.write(PLAN, &plan("", "The relay.").replace("- [ ]", "- [x]"));
    r.commit("check tokens", "2025-04-05T16:00:00Z");
    assert_eq!(rules(&check(r.path()), "EP003"), Vec::<u64>::new());
    // Plain `fill` adds no block to such a project.
    let (_, err, code) = run(r.path(), &["fill"]);
    assert_eq!(code, 0, "{err}");
    let filled = std::fs::read_to_string(r.join(PLAN)).unwrap();
    assert!(
        !filled.contains("Metadata") && !filled.contains("Created"),
        "{filled}"
    );
    assert!(
        filled.contains("- [x] (2025-04-05 16:00Z) Check tokens."),
        "{filled}"
    );

    // Once the project asks for the block, check says so and names the fix,
    // and that fix writes it from history.
    r.write("execplan.toml", "require-metadata = true\n");
    let (out, _, _) = run(r.path(), &["check"]);
    assert!(out.contains("EP003"), "{out}");
    assert!(
        out.contains("run `plans fill`"),
        "the help names the fix: {out}"
    );
    let (_, err, code) = run(r.path(), &["fill"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(r.join(PLAN)).unwrap();
    let author = r.git(&["log", "--reverse", "--format=%an", "--", PLAN]);
    let author = author.lines().next().unwrap().trim();
    let block = format!(
        "# Relay auth\n\n## Metadata\n- **Owner:** {author}\n- **Created:** 2025-04-02\n- **Last Updated:** 2025-04-05\n\n## Purpose"
    );
    assert!(text.starts_with(&block), "{text}");
    assert_eq!(rules(&check(r.path()), "EP003"), Vec::<u64>::new());
    // Written once: a second run changes nothing.
    run(r.path(), &["fill", "--metadata"]);
    assert_eq!(std::fs::read_to_string(r.join(PLAN)).unwrap(), text);
}

#[test]
fn front_matter_plans_get_their_fields_in_front_matter() {
    let r = TestRepo::new();
    let text = plan("", "The relay.").replacen(
        "# Relay auth\n",
        "---\ntitle: Relay auth\n---\n# Relay auth\n",
        1,
    );
    r.write(PLAN, &text);
    r.commit("relay plan", "2025-04-02T08:30:00Z");
    let (_, err, code) = run(r.path(), &["fill", "--metadata"]);
    assert_eq!(code, 0, "{err}");
    let after = std::fs::read_to_string(r.join(PLAN)).unwrap();
    let head: Vec<&str> = after.split("---\n").nth(1).unwrap().lines().collect();
    assert!(head.contains(&"title: Relay auth"), "{after}");
    assert!(
        head.iter()
            .any(|l| l.starts_with("created: 2025-04-02") || l.starts_with("Created: 2025-04-02")),
        "{after}"
    );
    assert!(!after.contains("## Metadata"), "{after}");
}

#[test]
fn ignored_and_package_relative_paths_are_not_missing_but_a_gone_one_is() {
    let r = TestRepo::new();
    r.write(".gitignore", "coverage/\n");
    r.write("apps/relay/src/auth.ts", "export {};\n");
    r.write("apps/web/src/main.ts", "export {};\n");
    let context = "The relay checks tokens in `src/auth.ts`; coverage lands in `coverage/lcov.info`. Sessions live in `apps/relay/src/session.ts`.";
    r.write(PLAN, &plan("", context));
    r.commit("relay plan", "2025-04-02T08:30:00Z");
    let found = check(r.path());
    // Only the gone file, on the Context line.
    let line = plan("", context)
        .lines()
        .position(|l| l.contains("session.ts"))
        .unwrap() as u64
        + 1;
    assert_eq!(rules(&found, "EP015"), vec![line], "{found:?}");
}

#[test]
fn a_path_resolving_to_two_packages_is_not_guessed() {
    // `src/auth.ts` names one file in each of two packages: it exists, and
    // the rule does not say which one the plan means.
    let r = TestRepo::new();
    r.write("apps/relay/src/auth.ts", "export {};\n");
    r.write("apps/web/src/auth.ts", "export {};\n");
    r.write(
        PLAN,
        &plan("", "Tokens in `src/auth.ts`, sessions in `src/session.ts`."),
    );
    r.commit("relay plan", "2025-04-02T08:30:00Z");
    let found = check(r.path());
    assert_eq!(
        rules(&found, "EP015").len(),
        1,
        "only the session file: {found:?}"
    );
}
