//! `cargo xtask bench deep [--runs N] [--bin PATH] <REPO> <PLANS_GLOB>`: the release
//! `cargo-plans` cold (no cache) on a deep history against `git log -p --format=%H
//! -- FOLDER`, both with a commit-graph and changed-path Bloom filters (git at its
//! best), and the product once more with its commit-graph reads off (`EXECPLAN_NO_BLOOM`: filters and commit data),
//! which is the walk as it was before it read them; medians of N runs.
//!
//! Fetches nothing: REPO is a local repository (git.git for the release notes:
//! `bench deep ~/git 'Documentation/RelNotes/*.adoc'`), cloned with `git clone
//! --no-local` into a temporary folder, where the commit-graph is written; REPO
//! itself is only read. xtask may run git; the product may not.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::bench_history::git;

/// Entry point; `args` are what follows `bench deep`.
pub fn run(args: &[String]) -> Result<(), String> {
    let (runs, bin, rest) = crate::bench_field::options(args)?;
    let [repo, glob] = rest.as_slice() else {
        return Err(
            "usage: cargo xtask bench deep [--runs N] [--bin PATH] <REPO> <PLANS_GLOB>".into(),
        );
    };
    measure(Path::new(repo), glob, runs, &bin)
}

/// Clone `src`, write its commit-graph with changed paths, and print the table.
pub fn measure(src: &Path, glob: &str, runs: usize, bin: &Path) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| format!("a temporary folder: {e}"))?;
    let clone = tmp.path().join("repo");
    let src_s = src.to_string_lossy().into_owned();
    let clone_s = clone.to_string_lossy().into_owned();
    git(tmp.path(), &["clone", "-q", "--no-local", &src_s, &clone_s])?;
    crate::bench_field::configure(&clone, glob)?;
    git(
        &clone,
        &["commit-graph", "write", "--reachable", "--changed-paths"],
    )?;
    let folder = crate::bench_field::folder_of(glob);
    let commits = git(&clone, &["rev-list", "--count", "HEAD"])?;
    let plans = git(&clone, &["ls-files", "--", folder.as_str()])?
        .lines()
        .count();
    println!(
        "bench deep: {} ({} commits, {plans} files under {folder}; plans: {glob}); commit-graph with changed paths; {runs} runs per case, cold, medians; load {}",
        src.display(),
        commits.trim(),
        crate::bench_field::load()
    );
    let git_log = median(
        runs,
        || {
            let mut c = Command::new("git");
            c.args(["log", "-p", "--format=%H", "--", folder.as_str()]);
            c
        },
        &clone,
    )?;
    println!(
        "{:<46} {:>9.1} ms",
        "git log -p --format=%H -- FOLDER",
        ms(git_log)
    );
    let base = ms(git_log).max(f64::EPSILON);
    for (name, verb, bloom) in [
        ("plans list, cold", "list", true),
        ("plans check, cold", "check", true),
        ("plans list, cold, filters not read", "list", false),
        ("plans check, cold, filters not read", "check", false),
    ] {
        let t = median(
            runs,
            || {
                let mut c = Command::new(bin);
                c.args([verb, "--format", "json"])
                    .env("EXECPLAN_NO_CACHE", "1");
                if !bloom {
                    c.env("EXECPLAN_NO_BLOOM", "1");
                }
                c
            },
            &clone,
        )?;
        println!(
            "{name:<46} {:>9.1} ms  ratio to git log -p {:.2}",
            ms(t),
            ms(t) / base
        );
    }
    Ok(())
}

/// The median wall time of `runs` runs of `cmd` in `dir`; exit codes above 1
/// (operational errors) fail the benchmark.
fn median(runs: usize, cmd: impl Fn() -> Command, dir: &Path) -> Result<Duration, String> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut c = cmd();
        c.current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let start = Instant::now();
        let out = c.output().map_err(|e| format!("running {c:?}: {e}"))?;
        times.push(start.elapsed());
        if out.status.code().is_none_or(|c| c > 1) {
            return Err(format!(
                "{c:?} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    times.sort();
    Ok(times[times.len() / 2])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
