//! `cargo xtask bench history`: the history walk against `git log` on a big repository.
//!
//! Build with optimisations, or the figures mean nothing:
//! `cargo run --release -p xtask -- bench history [--runs N] [--commits N]`.
//!
//! The repository (100,000 commits by default, ~5 % of them touching one of 500 plans
//! under `.agents/`, the rest one of 2,000 files under `src/`; plans move from
//! `active/` to `completed/`; a side-branch merge every 250 commits) is generated once
//! with `git fast-import` into `target/bench/history-repo` and reused afterwards
//! (delete it to regenerate). Measured: the cold walk against `git log` as generated,
//! after `git repack -adf`, and against git at its best (a commit-graph with
//! changed-path Bloom filters); the warm re-run; the cache extended by one new
//! commit; the peak RSS of one pass. xtask may run git; the product may not.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use execplan::history::{self, WalkOptions};

const PLANS: usize = 500;
const SRC_FILES: usize = 2_000;

/// Entry point; `args` are what follows `bench history`.
pub fn run(args: &[String]) -> Result<(), String> {
    // Internal: one walk in a fresh process, so the peak RSS is that of one history
    // pass and not of the allocator's leftovers from earlier runs.
    if let [flag, dir] = args {
        if flag == "--one-pass-rss" {
            let repo = history::Repo::open(Path::new(dir)).map_err(|e| e.to_string())?;
            history::walk(&repo, &WalkOptions::default()).map_err(|e| e.to_string())?;
            println!("{}", peak_rss_kib().ok_or("no /proc/self/status")?);
            return Ok(());
        }
    }
    let mut runs = 5usize;
    let mut commits = 100_000usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut num = |name: &str| -> Result<usize, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{name} needs a number"))
        };
        match a.as_str() {
            "--runs" => runs = num("--runs")?.max(1),
            "--commits" => commits = num("--commits")?.max(10),
            other => {
                return Err(format!(
                    "unknown argument `{other}`; use --runs N, --commits N"
                ))
            }
        }
    }
    if cfg!(debug_assertions) {
        eprintln!("warning: debug build; use `cargo run --release -p xtask -- bench history`");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("xtask has no parent folder")?
        .to_path_buf();
    let repo_dir = root.join("target/bench").join(if commits == 100_000 {
        "history-repo".to_owned()
    } else {
        format!("history-repo-{commits}")
    });
    if !repo_dir.join("HEAD").exists() {
        generate(&repo_dir, commits)?;
    }
    let count = git(&repo_dir, &["rev-list", "--count", "HEAD"])?;
    println!(
        "repository: {} ({} commits)",
        repo_dir.display(),
        count.trim()
    );

    // The generated pack keeps fast-import's deltas (each tree a delta of the previous
    // version: long chains, read newest first); `git gc` writes the opposite (newer
    // objects as bases). The walk must be fast on both, so both are measured.
    let repacked = repo_dir.with_file_name(format!(
        "{}-repacked",
        repo_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("history-repo")
    ));
    if !repacked.join("HEAD").exists() {
        eprintln!("repacking a copy with `git repack -adf` (once) …");
        git(
            &root,
            &[
                "clone",
                "-q",
                "--bare",
                "--no-local",
                &repo_dir.to_string_lossy(),
                &repacked.to_string_lossy(),
            ],
        )?;
        git(&repacked, &["repack", "-adfq"])?;
    }
    let mut git_ref = Duration::ZERO;
    for (label, dir) in [
        ("as generated (fast-import deltas)", &repo_dir),
        ("after `git repack -adf`", &repacked),
    ] {
        let (w, g, summary) = cold(dir, runs)?;
        if git_ref.is_zero() {
            git_ref = g;
        }
        println!("[{label}] walk found: {summary}");
        print_cold(w, g, runs);
    }
    let best = against_commit_graph(&repacked, runs)?;
    // Warm re-run: nothing new since the last run, so the cache under
    // .git/execplan answers (the first call below fills it).
    let repo = history::Repo::open(&repo_dir).map_err(|e| e.to_string())?;
    history::walk_cached(&repo, &WalkOptions::default()).map_err(|e| e.to_string())?;
    let mut warm = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let repo = history::Repo::open(&repo_dir).map_err(|e| e.to_string())?;
        history::walk_cached(&repo, &WalkOptions::default()).map_err(|e| e.to_string())?;
        warm.push(start.elapsed());
    }
    let warm = median(&mut warm);
    println!(
        "warm re-run (cache under .git/execplan):           median {:>8.1} ms over {runs} runs, ratio to git log {:.3}",
        ms(warm),
        ms(warm) / ms(git_ref).max(f64::EPSILON)
    );
    one_new_commit(&repo_dir, runs, git_ref, best)?;
    for (label, dir) in [("as generated", &repo_dir), ("after repack", &repacked)] {
        match one_pass_rss_kib(dir) {
            Ok(kib) => println!(
                "peak RSS of one history pass, fresh process ({label}): {:.1} MiB ({:.0} MB)",
                kib as f64 / 1024.0,
                kib as f64 * 1024.0 / 1e6
            ),
            Err(e) => println!("peak RSS ({label}): unavailable ({e})"),
        }
    }
    Ok(())
}

fn print_cold(walk: Duration, git: Duration, runs: usize) {
    println!(
        "  history walk (gix):                              median {:>8.1} ms over {runs} runs",
        ms(walk)
    );
    println!(
        "  git log --format=%H --name-only -- .agents:      median {:>8.1} ms over {runs} runs",
        ms(git)
    );
    println!(
        "  ratio walk / git log: {:.2}",
        ms(walk) / ms(git).max(f64::EPSILON)
    );
}

/// Git at its best: a copy of `repacked` with a commit-graph file, first without
/// and then with changed-path Bloom filters. gix reads the commit-graph's commit
/// data but not the Bloom chunks (BIDX/BDAT), and the walk reads commits from the
/// pack anyway, so only git gains. Returns git's median with both.
fn against_commit_graph(repacked: &Path, runs: usize) -> Result<Duration, String> {
    let graphed = repacked.with_file_name(format!(
        "{}-graph",
        repacked
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("history-repo")
    ));
    if !graphed.join("HEAD").exists() {
        eprintln!("copying for the commit-graph runs (once) …");
        git(
            repacked,
            &[
                "clone",
                "-q",
                "--bare",
                "--no-local",
                &repacked.to_string_lossy(),
                &graphed.to_string_lossy(),
            ],
        )?;
        git(&graphed, &["repack", "-adfq"])?;
    }
    git(&graphed, &["commit-graph", "write", "--reachable"])?;
    let (_, plain_graph, _) = cold(&graphed, runs)?;
    git(
        &graphed,
        &["commit-graph", "write", "--reachable", "--changed-paths"],
    )?;
    let (w, g, _) = cold(&graphed, runs)?;
    println!(
        "[after repack, with a commit-graph] git log: median {:>8.1} ms without Bloom filters",
        ms(plain_graph)
    );
    println!("[after repack, commit-graph + changed-path Bloom filters (git at its best)]");
    print_cold(w, g, runs);
    Ok(g)
}

/// The cache after one new commit: the walk of the commits since the cached head,
/// put in front of the cached walk (a copy of the repository gets the commit).
fn one_new_commit(
    repo_dir: &Path,
    runs: usize,
    git_ref: Duration,
    git_best: Duration,
) -> Result<(), String> {
    let tmp = std::env::temp_dir().join(format!("execplan-bench-extend-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let copy = tmp.join("repo.git");
    let (src, dst) = (repo_dir.to_string_lossy(), copy.to_string_lossy());
    git(repo_dir, &["clone", "-q", "--bare", "--shared", &src, &dst])?;
    let result = (|| {
        let opts = WalkOptions::default();
        history::walk_cached(
            &history::Repo::open(&copy).map_err(|e| e.to_string())?,
            &opts,
        )
        .map_err(|e| e.to_string())?;
        let cache = copy.join("execplan");
        let saved = tmp.join("cache");
        std::fs::rename(&cache, &saved).map_err(|e| e.to_string())?;
        let mut s = Vec::new();
        header(&mut s, "main", 1, 1_900_000_000, "one new commit");
        s.extend_from_slice(b"from refs/heads/main^0\n");
        s.extend_from_slice(b"M 100644 inline .agents/active/plan-000.md\n");
        data(&mut s, plan_text(0, 3).as_bytes());
        s.push(b'\n');
        fast_import(&copy, &s)?;
        let mut times = Vec::new();
        for _ in 0..runs {
            let _ = std::fs::remove_dir_all(&cache);
            std::fs::create_dir_all(&cache).map_err(|e| e.to_string())?;
            for f in std::fs::read_dir(&saved).map_err(|e| e.to_string())? {
                let f = f.map_err(|e| e.to_string())?;
                std::fs::copy(f.path(), cache.join(f.file_name())).map_err(|e| e.to_string())?;
            }
            let start = Instant::now();
            let repo = history::Repo::open(&copy).map_err(|e| e.to_string())?;
            let (_, outcome) =
                history::walk_cached_with_outcome(&repo, &opts).map_err(|e| e.to_string())?;
            times.push(start.elapsed());
            if !matches!(outcome, history::CacheOutcome::Extended { new_commits: 1 }) {
                return Err(format!(
                    "expected an extension by one commit, got {outcome:?}"
                ));
            }
        }
        let t = median(&mut times);
        println!(
            "one new commit (cache extended):                 median {:>8.1} ms over {runs} runs, ratio to git log {:.3}, to git at its best {:.3}",
            ms(t),
            ms(t) / ms(git_ref).max(f64::EPSILON),
            ms(t) / ms(git_best).max(f64::EPSILON)
        );
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

/// Median cold walk and median `git log` on `dir`, and what the walk found.
fn cold(dir: &Path, runs: usize) -> Result<(Duration, Duration, String), String> {
    let mut walk_times = Vec::new();
    let mut summary = String::new();
    for _ in 0..runs {
        let start = Instant::now();
        let repo = history::Repo::open(dir).map_err(|e| e.to_string())?;
        let h = history::walk(&repo, &WalkOptions::default()).map_err(|e| e.to_string())?;
        walk_times.push(start.elapsed());
        summary = format!(
            "{} plans ({} deleted), {} commits with plan changes, {} revisions",
            h.files.len(),
            h.files.iter().filter(|f| f.deleted).count(),
            h.commits.len(),
            h.files.iter().map(|f| f.revisions.len()).sum::<usize>()
        );
    }
    let mut git_times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let status = Command::new("git")
            .current_dir(dir)
            .args(["log", "--format=%H", "--name-only", "--", ".agents"])
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("running git: {e}"))?;
        git_times.push(start.elapsed());
        if !status.success() {
            return Err("git log failed".into());
        }
    }
    Ok((median(&mut walk_times), median(&mut git_times), summary))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// Run one walk of `dir` in a child process and read back its VmHWM.
fn one_pass_rss_kib(dir: &Path) -> Result<u64, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe)
        .args(["bench", "history", "--one-pass-rss"])
        .arg(dir)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
    }
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .map_err(|e| format!("{e}"))
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub(crate) fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
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

/// Deterministic pseudo-random numbers so every generated repository is the same.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Feed a `git fast-import` stream into the repository at `dir`.
pub(crate) fn fast_import(dir: &Path, stream: &[u8]) -> Result<(), String> {
    let mut child = Command::new("git")
        .current_dir(dir)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| format!("running git fast-import: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("no stdin for git fast-import")?
        .write_all(stream)
        .map_err(|e| format!("feeding git fast-import: {e}"))?;
    let status = child
        .wait()
        .map_err(|e| format!("waiting for git fast-import: {e}"))?;
    if !status.success() {
        return Err("git fast-import failed".into());
    }
    Ok(())
}

/// A fast-import `data` command holding `bytes`.
pub(crate) fn data(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(format!("data {}\n", bytes.len()).as_bytes());
    out.extend_from_slice(bytes);
    out.push(b'\n');
}

/// A fast-import `commit` command's header on `branch`, with its message.
pub(crate) fn header(out: &mut Vec<u8>, branch: &str, mark: usize, time: i64, msg: &str) {
    out.extend_from_slice(format!("commit refs/heads/{branch}\nmark :{mark}\n").as_bytes());
    out.extend_from_slice(format!("author Ada Author <ada@example.com> {time} +0000\n").as_bytes());
    out.extend_from_slice(
        format!("committer Cy Committer <cy@example.com> {time} +0000\n").as_bytes(),
    );
    data(out, msg.as_bytes());
}

fn plan_text(i: usize, rev: usize) -> String {
    let mut s = format!("# Plan {i}\n\n## Progress\n\n");
    for k in 0..20 {
        let tick = if k < rev { "x" } else { " " };
        s.push_str(&format!(
            "- [{tick}] step {k} of plan {i}, with enough words to look real\n"
        ));
    }
    s
}

fn generate(dir: &PathBuf, commits: usize) -> Result<(), String> {
    eprintln!(
        "generating {commits} commits into {} (once)...",
        dir.display()
    );
    let start = Instant::now();
    std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    git(dir, &["init", "-q", "--bare", "-b", "main"])?;
    let mut rng = Lcg(42);
    let mut s = Vec::with_capacity(64 << 20);
    let mut time = 1_600_000_000i64;
    let mut mark = 1usize;
    // Plan state: number of revisions so far, and whether it was completed (moved).
    let mut plan_revs = vec![0usize; PLANS];
    let mut completed = vec![false; PLANS];
    let path = |i: usize, done: bool| {
        format!(
            ".agents/{}/plan-{i:03}.md",
            if done { "completed" } else { "active" }
        )
    };

    header(&mut s, "main", mark, time, "initial import");
    for f in 0..SRC_FILES {
        s.extend_from_slice(format!("M 100644 inline src/m{:02}/f{f:04}.rs\n", f % 50).as_bytes());
        data(&mut s, format!("// file {f}\nfn f{f}() {{}}\n").as_bytes());
    }
    s.push(b'\n');
    let mut main_tip = mark;
    for n in 1..commits {
        mark += 1;
        time += 60;
        if n % 250 == 0 {
            // A side commit on src, then a --no-ff merge back into main.
            header(&mut s, "side", mark, time, &format!("side work {n}"));
            s.extend_from_slice(
                format!("from :{}\n", main_tip.saturating_sub(1).max(1)).as_bytes(),
            );
            s.extend_from_slice(format!("M 100644 inline src/side/s{n}.rs\n").as_bytes());
            data(&mut s, format!("// side {n}\n").as_bytes());
            s.push(b'\n');
            let side = mark;
            mark += 1;
            header(&mut s, "main", mark, time, &format!("merge side {n}"));
            s.extend_from_slice(format!("from :{main_tip}\nmerge :{side}\n").as_bytes());
            s.extend_from_slice(format!("M 100644 inline src/side/s{n}.rs\n").as_bytes());
            data(&mut s, format!("// side {n}\n").as_bytes());
            s.push(b'\n');
            main_tip = mark;
            continue;
        }
        if rng.below(20) == 0 {
            let i = rng.below(PLANS);
            plan_revs[i] += 1;
            let rev = plan_revs[i];
            header(
                &mut s,
                "main",
                mark,
                time,
                &format!("plan {i}: progress {rev}"),
            );
            s.extend_from_slice(format!("from :{main_tip}\n").as_bytes());
            if rev > 8 && !completed[i] {
                s.extend_from_slice(format!("R {} {}\n", path(i, false), path(i, true)).as_bytes());
                completed[i] = true;
            } else {
                s.extend_from_slice(
                    format!("M 100644 inline {}\n", path(i, completed[i])).as_bytes(),
                );
                data(&mut s, plan_text(i, rev).as_bytes());
            }
        } else {
            let f = rng.below(SRC_FILES);
            header(&mut s, "main", mark, time, &format!("code change {n}"));
            s.extend_from_slice(format!("from :{main_tip}\n").as_bytes());
            s.extend_from_slice(
                format!("M 100644 inline src/m{:02}/f{f:04}.rs\n", f % 50).as_bytes(),
            );
            data(
                &mut s,
                format!("// file {f} rev {n}\nfn f{f}() {{ {n} }}\n").as_bytes(),
            );
        }
        s.push(b'\n');
        main_tip = mark;
    }
    fast_import(dir, &s)?;
    git(dir, &["repack", "-adq"])?;
    eprintln!("generated in {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}
