//! `bench hook`: `hook run` with 10 staged plans in a 10,000-commit repository,
//! against `git diff --cached --name-only` on the same index.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::bench_check::{release_binary, workspace};

const COMMITS: usize = 10_000;
const PLANS: usize = 50;
const STAGED: usize = 10;

fn plan(i: usize, done: usize) -> String {
    let mut s = format!("# Plan {i}\n\n## Metadata\n- **Owner:** Team\n- **Created:** 2025-01-01\n- **Last Updated:** 2025-01-01\n\n## Progress\n");
    for k in 0..10 {
        if k < done {
            s.push_str(&format!("- [x] (2025-01-01 10:00Z) Step {k}.\n"));
        } else {
            s.push_str(&format!("- [ ] Step {k}.\n"));
        }
    }
    s.push_str("\n## Outcomes & Retrospective\nIn progress.\n");
    s
}

/// `git` in `dir`, without the user's configuration.
pub fn git(dir: &Path, args: &[&str]) -> Result<(), String> {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .map(drop)
        .map_err(|e| e.to_string())
}

/// A new repository at `dir` holding `stream` (`git fast-import`), `main`
/// checked out.
pub fn import(dir: &Path, stream: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    git(dir, &["init", "-q", "-b", "main"])?;
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(stream.as_bytes())
        .map_err(|e| e.to_string())?;
    child.wait().map_err(|e| e.to_string())?;
    git(dir, &["checkout", "-q", "-f", "main"])
}

/// The median of `v`, in milliseconds.
pub fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

fn generate(dir: &Path) -> Result<(), String> {
    let mut stream = String::new();
    for c in 0..COMMITS {
        let t = 1_735_689_600 + c * 300;
        stream.push_str(&format!("commit refs/heads/main\nmark :{}\nauthor A <a@x> {t} +0000\ncommitter A <a@x> {t} +0000\ndata 2\nc\n", c + 1));
        if c > 0 {
            stream.push_str(&format!("from :{c}\n"));
        }
        if c < PLANS {
            let text = plan(c, 0);
            stream.push_str(&format!(
                "M 100644 inline .agents/plan-{c:03}.md\ndata {}\n{text}\n",
                text.len()
            ));
        } else if c % 20 == 0 {
            let p = c % PLANS;
            let text = plan(p, (c / PLANS) % 10);
            stream.push_str(&format!(
                "M 100644 inline .agents/plan-{p:03}.md\ndata {}\n{text}\n",
                text.len()
            ));
        } else {
            let body = format!("{c}\n");
            stream.push_str(&format!(
                "M 100644 inline src/f{}.txt\ndata {}\n{body}\n",
                c % 100,
                body.len()
            ));
        }
    }
    import(dir, &stream)?;
    // Stage 10 edited plans, dated today so the hook has nothing to block.
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    for i in 0..STAGED {
        let text = plan(i, 3).replace(
            "**Last Updated:** 2025-01-01",
            &format!("**Last Updated:** {today}"),
        );
        std::fs::write(dir.join(format!(".agents/plan-{i:03}.md")), text)
            .map_err(|e| e.to_string())?;
    }
    git(dir, &["add", "-A"])?;
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
    let dir = workspace().join("target/bench/hook-repo");
    if !dir.join(".git").exists() {
        generate(&dir)?;
    }
    let bin = release_binary()?;
    let time = |cmd: &mut Command| -> Result<Duration, String> {
        let t = Instant::now();
        let out = cmd.output().map_err(|e| e.to_string())?;
        if out.status.code() == Some(2) {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        Ok(t.elapsed())
    };
    let hook = |cache: bool| {
        let mut c = Command::new(&bin);
        c.args(["hook", "run"])
            .current_dir(&dir)
            .env("NO_COLOR", "1");
        if !cache {
            c.env("EXECPLAN_NO_CACHE", "1");
        }
        c
    };
    time(&mut hook(true))?;
    let (mut cold, mut warm, mut git) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        cold.push(time(&mut hook(false))?);
        warm.push(time(&mut hook(true))?);
        git.push(time(
            Command::new("git")
                .args(["diff", "--cached", "--name-only"])
                .current_dir(&dir),
        )?);
    }
    let (c, w, g) = (median(cold), median(warm), median(git));
    println!("hook run with {STAGED} staged plans, {COMMITS} commits, {PLANS} plans; median of {runs}, release build");
    println!(
        "  hook run, history walked (a new HEAD):  {c:>7.1} ms  ({:.1}x git)",
        c / g
    );
    println!(
        "  hook run, history cached (same HEAD):   {w:>7.1} ms  ({:.1}x git)",
        w / g
    );
    println!("  git diff --cached --name-only:          {g:>7.1} ms");
    Ok(())
}
