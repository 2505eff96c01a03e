//! `cargo xtask bench many [--runs N] [--bin PATH]`: `bench field` on a generated
//! repository of 1,000 plans with 10 revisions each (10,000 plan commits and 2,499
//! code commits, one after every fourth plan commit), built once with `git fast-import` into
//! `target/bench/many-repo` (delete it to regenerate).

use std::path::Path;

use crate::bench_history::{data, fast_import, git};

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
    if !dir.join("HEAD").exists() {
        generate(&dir)?;
    }
    crate::bench_field::measure(&dir, ".agents", runs, &bin)
}

/// Revision `rev` (0-based) of plan `i`: a whole plan, `rev` of its items ticked.
fn plan_text(i: usize, rev: usize) -> String {
    let day = 1 + rev;
    let mut s = format!(
        "# Plan {i}: a generated piece of work\n\n## Metadata\n\n- Owner: Bench\n- Created: 2025-01-01\n- Last Updated: 2025-01-{day:02}\n\n## Purpose / Big Picture\n\nPlan {i} exists so the benchmark has something real-sized to read.\n\n## Context and Orientation\n\nNothing outside this file matters.\n\n## Plan of Work\n\nTick one item per revision.\n\n## Progress\n\n"
    );
    for k in 0..REVISIONS {
        if k < rev {
            s.push_str(&format!(
                "- [x] (2025-01-{:02} 10:00Z) item {k} of plan {i}, with enough words to look real\n",
                k + 2
            ));
        } else {
            s.push_str(&format!(
                "- [ ] item {k} of plan {i}, with enough words to look real\n"
            ));
        }
    }
    s.push_str("\n## Surprises & Discoveries\n\nNone yet.\n\n## Decision Log\n\nNone yet.\n\n## Outcomes & Retrospective\n\nNot yet.\n");
    s
}

fn generate(dir: &Path) -> Result<(), String> {
    eprintln!(
        "generating {PLANS} plans x {REVISIONS} revisions into {} (once)...",
        dir.display()
    );
    std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    git(dir, &["init", "-q", "--bare", "-b", "main"])?;
    let mut s = Vec::with_capacity(256 << 20);
    let mut time = 1_735_689_600i64;
    let mut mark = 0usize;
    for rev in 0..REVISIONS {
        for i in 0..PLANS {
            mark += 1;
            time += 60;
            commit(&mut s, mark, time, &format!("plan {i}: revision {rev}"));
            let text = plan_text(i, rev);
            s.extend_from_slice(format!("M 100644 inline .agents/plan-{i:04}.md\n").as_bytes());
            data(&mut s, text.as_bytes());
            s.push(b'\n');
            if mark.is_multiple_of(5) {
                mark += 1;
                time += 60;
                commit(&mut s, mark, time, &format!("code {mark}"));
                s.extend_from_slice(format!("M 100644 inline src/f{}.rs\n", mark % 100).as_bytes());
                data(&mut s, format!("// {mark}\n").as_bytes());
                s.push(b'\n');
            }
        }
    }
    fast_import(dir, &s)?;
    git(dir, &["repack", "-adq"])?;
    Ok(())
}

fn commit(out: &mut Vec<u8>, mark: usize, time: i64, msg: &str) {
    out.extend_from_slice(format!("commit refs/heads/main\nmark :{mark}\n").as_bytes());
    out.extend_from_slice(format!("author Ada Author <ada@example.com> {time} +0000\n").as_bytes());
    out.extend_from_slice(
        format!("committer Ada Author <ada@example.com> {time} +0000\n").as_bytes(),
    );
    data(out, msg.as_bytes());
    if mark > 1 {
        out.extend_from_slice(format!("from :{}\n", mark - 1).as_bytes());
    }
}
