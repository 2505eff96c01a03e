//! `bench guard`: `plans guard` at the end of a turn on a repository of 450
//! plans and 2,000 source files over 3,000 commits, one source file and one
//! plan edited, against `git status --porcelain` on the same tree. Cold is
//! with the history cache off (`EXECPLAN_NO_CACHE`), warm with it kept.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::bench_check::{release_binary, workspace};
use crate::bench_hook::{import, median};

const COMMITS: usize = 3_000;
const PLANS: usize = 450;
const FILES: usize = 2_000;

fn plan(i: usize, done: usize) -> String {
    let mut s = format!("# Plan {i}\n\n## Metadata\n- **Owner:** Team\n- **Created:** 2025-01-01\n- **Last Updated:** 2025-01-01\n\n## Purpose / Big Picture\nBench.\n\n## Progress\n");
    for k in 0..10 {
        if k < done {
            s.push_str(&format!("- [x] (2025-01-01 00:00Z) Step {k}.\n"));
        } else {
            s.push_str(&format!("- [ ] Step {k}.\n"));
        }
    }
    s.push_str("\n## Surprises & Discoveries\n\n## Decision Log\n\n## Outcomes & Retrospective\nIn progress.\n");
    s
}

fn generate(dir: &Path) -> Result<(), String> {
    let mut stream = String::new();
    for c in 0..COMMITS {
        let t = 1_735_689_600 + c * 300;
        stream.push_str(&format!("commit refs/heads/main\nmark :{}\nauthor A <a@x> {t} +0000\ncommitter A <a@x> {t} +0000\ndata 2\nc\n", c + 1));
        if c > 0 {
            stream.push_str(&format!("from :{c}\n"));
        }
        if c == 0 {
            for f in 0..FILES {
                let body = format!("// file {f}\n");
                stream.push_str(&format!(
                    "M 100644 inline src/m{}/f{f}.rs\ndata {}\n{body}\n",
                    f % 40,
                    body.len()
                ));
            }
        }
        if c < PLANS {
            let text = plan(c, 1);
            stream.push_str(&format!(
                "M 100644 inline .agents/plan-{c:03}.md\ndata {}\n{text}\n",
                text.len()
            ));
        } else {
            let body = format!("// {c}\n");
            stream.push_str(&format!(
                "M 100644 inline src/m{}/f{}.rs\ndata {}\n{body}\n",
                c % 40,
                c % FILES,
                body.len()
            ));
        }
    }
    import(dir, &stream)?;
    std::fs::write(dir.join(".gitignore"), "target/\n").map_err(|e| e.to_string())?;
    // The turn: one source file edited, one item of one plan ticked today.
    std::fs::write(dir.join("src/m1/f1.rs"), "// edited in the turn\n")
        .map_err(|e| e.to_string())?;
    let now = chrono::Utc::now();
    let today = now.format("%Y-%m-%d").to_string();
    let text = plan(7, 1)
        .replace(
            "- [ ] Step 1.",
            &format!("- [x] ({}) Step 1.", now.format("%Y-%m-%d %H:%MZ")),
        )
        .replace(
            "**Last Updated:** 2025-01-01",
            &format!("**Last Updated:** {today}"),
        );
    std::fs::write(dir.join(".agents/plan-007.md"), text).map_err(|e| e.to_string())?;
    Ok(())
}

/// Run the benchmark.
pub fn run(args: &[String]) -> Result<(), String> {
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(9);
    let dir = workspace().join("target/bench/guard-repo");
    if !dir.join(".git").exists() {
        generate(&dir)?;
    }
    let bin = release_binary()?;
    let time = |cmd: &mut Command| -> Result<(Duration, String), String> {
        let t = Instant::now();
        let out = cmd.output().map_err(|e| e.to_string())?;
        let took = t.elapsed();
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        Ok((took, String::from_utf8_lossy(&out.stdout).into_owned()))
    };
    let guard = |cache: bool| {
        let mut c = Command::new(&bin);
        c.args(["plans", "guard", "--format", "json"])
            .current_dir(&dir)
            .stdin(Stdio::null())
            .env("NO_COLOR", "1");
        if !cache {
            c.env("EXECPLAN_NO_CACHE", "1");
        }
        c
    };
    let (_, doc) = time(&mut guard(true))?;
    if doc.contains("\"block\": true") {
        return Err(format!("the bench turn should pass the guard:\n{doc}"));
    }
    let (mut cold, mut warm, mut git) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        cold.push(time(&mut guard(false))?.0);
        warm.push(time(&mut guard(true))?.0);
        git.push(
            time(
                Command::new("git")
                    .args(["status", "--porcelain"])
                    .current_dir(&dir),
            )?
            .0,
        );
    }
    let (c, w, g) = (median(cold), median(warm), median(git));
    println!("plans guard on {PLANS} plans, {FILES} source files, {COMMITS} commits, one file and one plan edited; median of {runs}, release build");
    println!(
        "  guard, history walked (no cache):  {c:>7.1} ms  ({:.1}x git)",
        c / g
    );
    println!(
        "  guard, history cached (warm):      {w:>7.1} ms  ({:.1}x git)",
        w / g
    );
    println!("  git status --porcelain:            {g:>7.1} ms");
    Ok(())
}
