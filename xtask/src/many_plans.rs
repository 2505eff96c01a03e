//! `cargo xtask many-plans`: the cold history pass over many plans with long
//! histories, against `git log -p` on the same folder. [`generate`] builds the
//! repository (1,000 plans × 10 revisions by default) with `git fast-import`,
//! so other benches can reuse it. xtask may run git; the product may not.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Build a repository with a working tree at `dir`: `plans` plans under
/// `.agents/`, each committed `revisions` times (one plan per commit, plans
/// interleaved). Revisions add and tick items, one of them is a fill-only
/// stamp, every tenth plan is moved to `.agents/done/` unchanged at the end
/// (a rename sharing its blob); every fourth has a fenced code block and every
/// tenth a table, as real plans do. Deterministic.
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
            s.extend_from_slice(format!("commit refs/heads/main\nmark :{mark}\n").as_bytes());
            s.extend_from_slice(
                format!("author Ada Author <ada@example.com> {time} +0000\n").as_bytes(),
            );
            s.extend_from_slice(
                format!("committer Ada Author <ada@example.com> {time} +0000\n").as_bytes(),
            );
            data(&mut s, format!("plan {i}: revision {rev}").as_bytes());
            if mark > 1 {
                s.extend_from_slice(format!("from :{}\n", mark - 1).as_bytes());
            }
            if rev + 1 == revisions && i.is_multiple_of(10) {
                s.extend_from_slice(
                    format!("R {} .agents/done/plan-{i:04}.md\n\n", path(i)).as_bytes(),
                );
                continue;
            }
            s.extend_from_slice(format!("M 100644 inline {}\n", path(i)).as_bytes());
            data(&mut s, plan_text(i, rev).as_bytes());
            s.push(b'\n');
        }
    }
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| format!("running git fast-import: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("no stdin for git fast-import")?
        .write_all(&s)
        .map_err(|e| format!("feeding git fast-import: {e}"))?;
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("git fast-import failed".into());
    }
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

fn data(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(format!("data {}\n", bytes.len()).as_bytes());
    out.extend_from_slice(bytes);
    out.push(b'\n');
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|e| format!("running git {args:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn flag(args: &[String], name: &str, default: usize) -> Result<usize, String> {
    match args.iter().position(|a| a == name) {
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or(format!("{name} needs a number")),
        None => Ok(default),
    }
}

fn text_flag(args: &[String], name: &str) -> Option<String> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1).cloned()
}

/// One timed run of `program args` in `dir` (output discarded); an exit
/// status of 2 (trouble) is an error, 1 (findings) is not.
fn timed(dir: &Path, program: &Path, args: &[&str], cold: bool) -> Result<Duration, String> {
    let mut c = Command::new(program);
    c.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if cold {
        c.env("EXECPLAN_NO_CACHE", "1");
    }
    let t = Instant::now();
    let st = c
        .status()
        .map_err(|e| format!("running {}: {e}", program.display()))?;
    let elapsed = t.elapsed();
    match st.code() {
        Some(0 | 1) => Ok(elapsed),
        _ => Err(format!(
            "{} {args:?} failed in {}",
            program.display(),
            dir.display()
        )),
    }
}

fn median(
    dir: &Path,
    program: &Path,
    args: &[&str],
    cold: bool,
    runs: usize,
) -> Result<f64, String> {
    let mut v = (0..runs)
        .map(|_| timed(dir, program, args, cold))
        .collect::<Result<Vec<_>, _>>()?;
    v.sort();
    Ok(v.get(v.len() / 2).map_or(0.0, |d| d.as_secs_f64() * 1000.0))
}

/// Peak RSS in MB of one cold run, from `/usr/bin/time -f %M` when present.
fn rss_mb(dir: &Path, program: &Path, args: &[&str]) -> Option<f64> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(program)
        .args(args)
        .current_dir(dir)
        .env("EXECPLAN_NO_CACHE", "1")
        .stdout(Stdio::null())
        .output()
        .ok()?;
    let kib: f64 = String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()?;
    Some(kib / 1024.0)
}

/// `cargo xtask many-plans [--plans N] [--revisions N] [--runs N] [--bin PATH]
/// [--repo DIR --folder F]`: cold (`EXECPLAN_NO_CACHE=1`) and warm `timeline`
/// and `check` against `git log -p -- <folder>`, medians, and peak RSS.
pub fn run(args: &[String]) -> Result<(), String> {
    let plans = flag(args, "--plans", 1000)?;
    let revisions = flag(args, "--revisions", 10)?;
    let runs = flag(args, "--runs", 5)?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let bin = text_flag(args, "--bin")
        .map_or_else(|| root.join("target/release/cargo-plans"), PathBuf::from);
    // Absolute: the runs below start in the repository.
    let bin = std::fs::canonicalize(&bin).map_err(|e| {
        format!(
            "{}: {e}; build it with `cargo build --release -p execplan-cli`",
            bin.display()
        )
    })?;
    let (dir, folder) = match text_flag(args, "--repo") {
        Some(r) => (
            PathBuf::from(r),
            text_flag(args, "--folder").unwrap_or(".agents".into()),
        ),
        None => {
            let dir = root.join(format!("target/bench/many-plans-{plans}x{revisions}"));
            if !dir.join(".git").is_dir() {
                eprintln!(
                    "generating {plans} plans x {revisions} revisions into {} (once) ...",
                    dir.display()
                );
                generate(&dir, plans, revisions)?;
            }
            (dir, ".agents".to_string())
        }
    };
    let git_bin = PathBuf::from("git");
    let git_args = ["log", "-p", "--", folder.as_str()];
    let git_ms = median(&dir, &git_bin, &git_args, false, runs)?;
    println!("{}: {}", dir.display(), bin.display());
    println!("  git log -p -- {folder}: median {git_ms:>8.1} ms over {runs} runs");
    for verb in [&["timeline", "--format", "json"][..], &["check"][..]] {
        let mut a: Vec<&str> = verb.to_vec();
        if folder != ".agents" {
            a.push(folder.as_str());
        }
        let cold = median(&dir, &bin, &a, true, runs)?;
        timed(&dir, &bin, &a, false)?; // fill the caches
        let warm = median(&dir, &bin, &a, false, runs)?;
        let rss = rss_mb(&dir, &bin, &a).map_or("?".into(), |m| format!("{m:.0} MB"));
        println!(
            "  {:<22} cold {cold:>8.1} ms (ratio to git log -p {:.2}), warm {warm:>7.1} ms (ratio to cold {:.3}), cold peak RSS {rss}",
            a.join(" "),
            cold / git_ms,
            warm / cold
        );
    }
    Ok(())
}
