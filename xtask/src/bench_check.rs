//! `bench check`: time a static `check` of generated plans with the release
//! binary, end to end (process start, walk, read, parse, rules, render).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Dispatch `bench <what> [options]`.
pub fn dispatch(args: &[String], history: Bench, hook: Bench) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("history") => history(&args[1..]),
        Some("hook") => hook(&args[1..]),
        other => Err(format!(
            "unknown benchmark {other:?}; available: check, history, hook, guard, field, many"
        )),
    }
}

/// A benchmark's entry point: its own arguments in, a message on failure.
pub type Bench = fn(&[String]) -> Result<(), String>;

fn flag(args: &[String], name: &str, default: usize) -> Result<usize, String> {
    match args.iter().position(|a| a == name) {
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{name} takes a number")),
        None => Ok(default),
    }
}

/// The workspace root (xtask lives one level below it).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Build the release binary and return its path.
pub fn release_binary() -> Result<PathBuf, String> {
    let root = workspace();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "execplan-cli",
            "--bin",
            "cargo-plans",
        ])
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("cargo build --release failed".into());
    }
    Ok(root.join("target/release/cargo-plans"))
}

/// A realistic plan of about `lines` lines; every tenth one has problems.
fn plan(i: usize, lines: usize) -> String {
    let mut s = format!(
        "# Plan {i}: make the widget faster\n\n## Metadata\n- **Owner:** Team {t}\n- **Created:** 2025-09-{d:02}\n- **Last Updated:** 2025-10-{d:02}\n- **Agent / Module:** `crates/widget`\n- **Related Plans:** None.\n\n## Purpose / Big Picture\nUsers see results in under 2 s.\n\n## Context and Orientation\nThe widget lives in `crates/widget/src/lib.rs` and is driven by the scheduler.\n\n## Plan of Work\n1. Profile the hot path.\n2. Cache the parsed form.\n\n## Progress\n\n",
        t = i % 7,
        d = i % 28 + 1
    );
    let body = lines.saturating_sub(60);
    let items = body / 2;
    for k in 0..items {
        if k % 3 == 2 {
            s.push_str(&format!(
                "- [ ] Step {k}: follow up on the cache eviction policy.\n"
            ));
        } else if i.is_multiple_of(10) && k == 0 {
            s.push_str(&format!("- [x] Step {k}: ticked without a timestamp.\n"));
        } else {
            s.push_str(&format!(
                "- [x] (2025-10-{:02} {:02}:{:02}Z) Step {k}: measured the {k}th path and wrote it down.\n",
                k % 28 + 1,
                k % 24,
                k % 60
            ));
        }
        s.push_str("  Notes wrap onto a second line as real plans do.\n");
    }
    s.push_str("\n## Surprises & Discoveries\n\n- Observation: the cache was cold.\n  Evidence: 10 runs, p50 1.9 s.\n\n## Decision Log\n\n- **Decision:** Cache in memory.\n- **Rationale:** Simple.\n- **Date/Author:** 2025-10-02 — Ana\n\n## Outcomes & Retrospective\n\nIn progress.\n");
    while s.lines().count() < lines {
        s.push_str("\nProse that explains the work in plain words, as plans do.\n");
    }
    s
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn check(args: &[String]) -> Result<(), String> {
    let plans = flag(args, "--plans", 1000)?;
    let lines = flag(args, "--lines", 200)?;
    let runs = flag(args, "--runs", 7)?;
    let dir = workspace().join(format!("target/bench/check-{plans}x{lines}"));
    let agents = dir.join(".agents");
    if !agents.is_dir() {
        std::fs::create_dir_all(&agents).map_err(|e| e.to_string())?;
        // Its own repository root, so the enclosing checkout's .agents is not used.
        Command::new("git")
            .args(["init", "-q"])
            .current_dir(&dir)
            .status()
            .map_err(|e| format!("cannot run git: {e}"))?;
        for i in 0..plans {
            std::fs::write(agents.join(format!("{i:04}-plan.md")), plan(i, lines))
                .map_err(|e| e.to_string())?;
        }
    }
    let bin = release_binary()?;
    let time = |args: &[&str]| -> Result<Duration, String> {
        let t = Instant::now();
        let st = Command::new(&bin)
            .args(args)
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        if st.code() == Some(2) {
            return Err(format!("check failed operationally on {}", dir.display()));
        }
        Ok(t.elapsed())
    };
    time(&["check"])?; // warm the page cache
                       // The static figure is `--no-history`; the history rules (every plan is
                       // untracked here, so "created today") are timed on their own line.
    let mut human = Vec::new();
    let mut json = Vec::new();
    let mut full = Vec::new();
    for _ in 0..runs {
        human.push(time(&["check", "--no-history"])?);
        json.push(time(&["check", "--no-history", "--format", "json"])?);
        full.push(time(&["check"])?);
    }
    let total_lines: usize = plans * lines;
    println!(
        "check of {plans} plans x {lines} lines ({total_lines} lines), {runs} runs, release build"
    );
    println!(
        "  static (--no-history), human output: median {:>7.1} ms",
        median(human).as_secs_f64() * 1e3
    );
    println!(
        "  static (--no-history), json output:  median {:>7.1} ms",
        median(json).as_secs_f64() * 1e3
    );
    println!(
        "  with history rules, human output:    median {:>7.1} ms",
        median(full).as_secs_f64() * 1e3
    );
    Ok(())
}
