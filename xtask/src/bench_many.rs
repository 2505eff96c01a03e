//! `cargo xtask bench many [--runs N] [--bin PATH]`: `bench field` on a generated
//! repository of 1,000 plans with 10 revisions each ([`generate`]), built once with
//! `git fast-import` into `target/bench/many-repo` (delete it to regenerate).

use std::path::Path;

use crate::bench_history::{data, fast_import, git, header};

const PLANS: usize = 1_000;
const REVISIONS: usize = 10;

/// Entry point; `args` are what follows `bench many`.
pub fn run(args: &[String]) -> Result<(), String> {
    let (runs, bin, rest) = crate::bench_field::options(args)?;
    if let Some(other) = rest.first() {
        return Err(format!(
            "unknown argument `{other}`; use --runs N, --bin PATH"
        ));
    }
    let dir = crate::bench_check::workspace().join("target/bench/many-repo");
    if !dir.join(".git/HEAD").exists() {
        eprintln!(
            "generating {PLANS} plans x {REVISIONS} revisions into {} (once)...",
            dir.display()
        );
        let _ = std::fs::remove_dir_all(&dir);
        generate(&dir, PLANS, REVISIONS)?;
    }
    crate::bench_field::measure(&dir, ".agents", runs, &bin)
}

/// Build a repository with a working tree at `dir`: `plans` plans under
/// `.agents/`, each committed `revisions` times (one plan per commit, plans
/// interleaved). Revisions add and tick items, one of them is a fill-only
/// stamp, every tenth plan is moved to `.agents/done/` unchanged at the end
/// (a rename sharing its blob); every fourth has a fenced code block and every
/// tenth a table, as real plans do; after every fourth plan commit a commit
/// changes one of 100 files under `src/`, so some ticks have code behind them.
/// Deterministic.
pub fn generate(dir: &Path, plans: usize, revisions: usize) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    git(dir, &["init", "-q", "-b", "main"])?;
    let mut s = Vec::with_capacity(plans * revisions * 6000);
    let mut time = 1_735_689_600i64;
    let mut mark = 0usize;
    let path = |i: usize| format!(".agents/plan-{i:04}.md");
    for rev in 0..revisions {
        for i in 0..plans {
            mark += 1;
            time += 60;
            commit_header(&mut s, mark, time, &format!("plan {i}: revision {rev}"));
            if rev + 1 == revisions && i.is_multiple_of(10) {
                s.extend_from_slice(
                    format!("R {} .agents/done/plan-{i:04}.md\n\n", path(i)).as_bytes(),
                );
                continue;
            }
            s.extend_from_slice(format!("M 100644 inline {}\n", path(i)).as_bytes());
            data(&mut s, plan_text(i, rev).as_bytes());
            s.push(b'\n');
            if i % 4 == 3 {
                mark += 1;
                time += 60;
                commit_header(
                    &mut s,
                    mark,
                    time,
                    &format!("code after plan {i}, revision {rev}"),
                );
                let file = format!("src/f{:02}.rs", (i / 4) % 100);
                s.extend_from_slice(format!("M 100644 inline {file}\n").as_bytes());
                data(
                    &mut s,
                    format!("// revision {rev} of part {i}\npub fn f() {{}}\n").as_bytes(),
                );
                s.push(b'\n');
            }
        }
    }
    fast_import(dir, &s)?;
    git(dir, &["reset", "-q", "--hard", "main"])?;
    Ok(())
}

/// Plan `i` at revision `rev`: six items and one more every other revision,
/// `rev` of them ticked with a stamp; revision 5 only moves Last Updated.
fn plan_text(i: usize, rev: usize) -> String {
    let shown = if rev == 5 { 4 } else { rev };
    let day = 2 + rev;
    let mut t = format!(
        "# Plan {i}: make part {i} faster\n\n## Metadata\n- **Owner:** Ada Author\n- **Created:** 2025-01-01\n- **Last Updated:** 2025-01-{day:02}\n\n"
    );
    t.push_str("## Purpose / Big Picture\n\n");
    for k in 0..6 {
        t.push_str(&format!(
            "Line {k} of why plan {i} matters: users of part {i} wait less, and the numbers say so.\n"
        ));
    }
    t.push_str("\n## Context and Orientation\n\n");
    for k in 0..10 {
        t.push_str(&format!(
            "The module `part{i}/m{k}.rs` holds the {k}th piece; it is read on every request and written rarely.\n"
        ));
    }
    t.push_str("\n## Plan of Work\n\n");
    for k in 1..=5 {
        t.push_str(&format!(
            "{k}. Change step {k} of part {i}, keeping its tests green.\n   Measure before and after.\n"
        ));
    }
    if i.is_multiple_of(4) {
        t.push_str("\n```sh\ncargo test -p part\n# not a heading\n- [ ] not an item\n```\n");
    }
    t.push_str("\n## Progress\n\n");
    for k in 0..6 + shown / 2 {
        if k < shown.min(5) {
            t.push_str(&format!(
                "- [x] (2025-01-{:02} 10:{k:02}Z) Step {k} of plan {i}: done and measured.\n",
                2 + k
            ));
        } else {
            t.push_str(&format!("- [ ] Step {k} of plan {i}: not yet.\n"));
        }
        if k == 2 {
            t.push_str("  - [ ] a nested detail of step 2\n");
        }
    }
    t.push_str(&format!("\n## Surprises & Discoveries\n\n- Observation: part {i} was slower than thought.\n  Evidence: the bench.\n"));
    t.push_str("\n## Decision Log\n\n- Decision: measure first.\n  Rationale: guesses were wrong before.\n  Date/Author: 2025-01-02 / Ada Author\n");
    if i.is_multiple_of(10) {
        t.push_str("\n| step | ms |\n|---|---|\n| 1 | 10 |\n");
    }
    t.push_str("\n## Outcomes & Retrospective\n\nNot finished yet.\n");
    t
}

/// A commit on `main` after the previous mark.
fn commit_header(out: &mut Vec<u8>, mark: usize, time: i64, msg: &str) {
    header(out, "main", mark, time, msg);
    if mark > 1 {
        out.extend_from_slice(format!("from :{}\n", mark - 1).as_bytes());
    }
}
