//! `cargo xtask bench field [--runs N] [--bin PATH] <REPO> <PLANS_GLOB>`: the release
//! `cargo-plans` on any repository, cold (no cache), warm (nothing new) and after one
//! new commit, against `git log -p`, `git log --name-status` and git with a
//! commit-graph and changed-path Bloom filters; medians of N runs, peak RSS.
//!
//! Everything runs in a throwaway `git clone --no-local` of REPO in a temporary
//! folder: the repository itself is only read (no cache written into it, no
//! commit, no commit-graph). xtask may run git; the product may not.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::bench_history::git;

/// Entry point; `args` are what follows `bench field`.
pub fn run(args: &[String]) -> Result<(), String> {
    let (runs, bin, rest) = options(args)?;
    let [repo, glob] = rest.as_slice() else {
        return Err(
            "usage: cargo xtask bench field [--runs N] [--bin PATH] <REPO> <PLANS_GLOB>".into(),
        );
    };
    measure(Path::new(repo), glob, runs, &bin)
}

/// `--runs N` (default 5) and `--bin PATH` (default: the release build, built
/// now), and the other arguments.
pub fn options(args: &[String]) -> Result<(usize, PathBuf, Vec<String>), String> {
    let mut runs = 5usize;
    let mut bin = None;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => {
                runs = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--runs needs a number")?;
            }
            "--bin" => {
                let path = it.next().ok_or("--bin needs a path")?;
                // Every case runs inside the clone: a relative path would not resolve.
                let path = std::fs::canonicalize(path).map_err(|e| format!("--bin {path}: {e}"))?;
                bin = Some(path);
            }
            _ => rest.push(a.clone()),
        }
    }
    let bin = match bin {
        Some(b) => b,
        None => crate::field::build_binary()?,
    };
    Ok((runs.max(1), bin, rest))
}

/// The median time and the largest peak RSS of one case.
struct Cost {
    median: Duration,
    peak_kib: Option<u64>,
}

/// One command to time: program, arguments, environment, folder.
struct Job {
    program: PathBuf,
    args: Vec<String>,
    envs: Vec<(&'static str, &'static str)>,
    dir: PathBuf,
}

impl Job {
    fn git(dir: &Path, args: &[&str]) -> Self {
        Job {
            program: "git".into(),
            args: args.iter().map(|s| (*s).to_owned()).collect(),
            envs: Vec::new(),
            dir: dir.to_path_buf(),
        }
    }

    fn plans(bin: &Path, dir: &Path, args: &[&str], cache: bool) -> Self {
        Job {
            program: bin.to_path_buf(),
            args: args.iter().map(|s| (*s).to_owned()).collect(),
            envs: if cache {
                Vec::new()
            } else {
                vec![("EXECPLAN_NO_CACHE", "1")]
            },
            dir: dir.to_path_buf(),
        }
    }

    /// Run once, under `/usr/bin/time` when there is one (for the peak RSS).
    fn once(&self, scratch: &Path) -> Result<(Duration, Option<u64>), String> {
        let rss_file = scratch.join("rss");
        let timed = Path::new("/usr/bin/time").exists();
        let mut cmd = if timed {
            let mut c = Command::new("/usr/bin/time");
            c.arg("-f").arg("%M").arg("-o").arg(&rss_file);
            c.arg(&self.program);
            c
        } else {
            Command::new(&self.program)
        };
        cmd.args(&self.args)
            .current_dir(&self.dir)
            .envs(self.envs.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let start = Instant::now();
        let out = cmd
            .output()
            .map_err(|e| format!("running {}: {e}", self.program.display()))?;
        let took = start.elapsed();
        // The product exits 1 for findings; only 2 (or a signal) is trouble.
        if out.status.code().is_none_or(|c| c > 1) {
            return Err(format!(
                "`{} {}` failed: {}",
                self.program.display(),
                self.args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        let kib = std::fs::read_to_string(&rss_file)
            .ok()
            .and_then(|s| s.lines().last()?.trim().parse().ok());
        Ok((took, kib))
    }

    /// `runs` runs, each after `before`; the median and the largest peak RSS.
    fn cost(
        &self,
        scratch: &Path,
        runs: usize,
        mut before: impl FnMut() -> Result<(), String>,
    ) -> Result<Cost, String> {
        let mut times = Vec::with_capacity(runs);
        let mut peak: Option<u64> = None;
        for _ in 0..runs {
            before()?;
            let (t, kib) = self.once(scratch)?;
            times.push(t);
            peak = peak.max(kib);
        }
        times.sort();
        Ok(Cost {
            median: times[times.len() / 2],
            peak_kib: peak,
        })
    }
}

/// Run every case on a clone of `src` and print the table.
pub fn measure(src: &Path, glob: &str, runs: usize, bin: &Path) -> Result<(), String> {
    if cfg!(debug_assertions) {
        eprintln!("note: xtask is a debug build; the product is the release binary either way");
    }
    let tmp = tempfile::tempdir().map_err(|e| format!("a temporary folder: {e}"))?;
    let clone = tmp.path().join("repo");
    let src_s = src.to_string_lossy().into_owned();
    let clone_s = clone.to_string_lossy().into_owned();
    git(tmp.path(), &["clone", "-q", "--no-local", &src_s, &clone_s])?;
    configure(&clone, glob)?;
    let folder = folder_of(glob);
    let commits = git(&clone, &["rev-list", "--count", "HEAD"])?;
    println!(
        "bench field: {} ({} commits; plans: {glob}; git folder: {folder}); {runs} runs per case, medians; load {}",
        src.display(),
        commits.trim(),
        load()
    );
    let scratch = tmp.path();
    let none = || Ok(());
    let check = ["check", "--format", "json"];
    // `list` builds every plan's timeline and nothing else: the history pass itself.
    let list = ["list", "--format", "json"];
    let timeline = ["timeline", "--format", "json"];
    // Rows are printed as they are measured, so a long run that is stopped still says
    // something; git without a commit-graph first, as the base of the ratios.
    let patch = ["log", "-p", "--", folder.as_str()];
    let status = ["log", "--name-status", "--", folder.as_str()];
    let git_patch = Job::git(&clone, &patch).cost(scratch, runs, none)?;
    let base = git_patch.median;
    println!(
        "{:<54} {:>11} {:>9} {:>10}",
        "case", "median", "peak RSS", "/ log -p"
    );
    let row = |name: &str, c: &Cost| {
        let rss = c.peak_kib.map_or_else(
            || "?".into(),
            |k| format!("{:.0} MB", k as f64 * 1024.0 / 1e6),
        );
        println!(
            "{name:<54} {:>8.1} ms {rss:>9} {:>10.2}",
            ms(c.median),
            ms(c.median) / ms(base).max(f64::EPSILON)
        );
    };
    row("git log -p -- FOLDER", &git_patch);
    row(
        "git log --name-status -- FOLDER",
        &Job::git(&clone, &status).cost(scratch, runs, none)?,
    );

    let mut cold_check = base;
    for (name, verb) in [
        ("list", &list),
        ("check", &check),
        ("timeline --format json", &timeline),
    ] {
        let cold = Job::plans(bin, &clone, verb, false).cost(scratch, runs, none)?;
        row(&format!("plans {name}, cold (no cache)"), &cold);
        if verb == &check {
            cold_check = cold.median;
        }
        // Fill the cache, then nothing new.
        Job::plans(bin, &clone, verb, true).once(scratch)?;
        let warm = Job::plans(bin, &clone, verb, true).cost(scratch, runs, none)?;
        row(&format!("plans {name}, warm (nothing new)"), &warm);
    }

    // One new commit: each run starts from the cache as it was for the old head.
    let cache = clone.join(".git/execplan");
    let saved = tmp.path().join("cache-at-old-head");
    copy_dir(&cache, &saved)?;
    commit_one_edit(&clone, &folder)?;
    let restore = || {
        let _ = std::fs::remove_dir_all(&cache);
        copy_dir(&saved, &cache)
    };
    for (name, verb) in [
        ("list", &list),
        ("check", &check),
        ("timeline --format json", &timeline),
    ] {
        let one = Job::plans(bin, &clone, verb, true).cost(scratch, runs, restore)?;
        row(&format!("plans {name}, one new commit"), &one);
    }

    git(
        &clone,
        &["commit-graph", "write", "--reachable", "--changed-paths"],
    )?;
    let graph_patch = Job::git(&clone, &patch).cost(scratch, runs, none)?;
    row("git log -p -- FOLDER, commit-graph + Bloom", &graph_patch);
    row(
        "git log --name-status -- FOLDER, commit-graph + Bloom",
        &Job::git(&clone, &status).cost(scratch, runs, none)?,
    );
    let graph_list = Job::plans(bin, &clone, &list, false).cost(scratch, runs, none)?;
    row(
        "plans list, cold, commit-graph + Bloom present",
        &graph_list,
    );
    let graph_cold = Job::plans(bin, &clone, &check, false).cost(scratch, runs, none)?;
    row(
        "plans check, cold, commit-graph + Bloom present",
        &graph_cold,
    );
    let best = ms(graph_patch.median).max(f64::EPSILON);
    println!(
        "against git at its best (log -p with commit-graph + Bloom): check cold {:.2}, with the graph present: list cold {:.2}, check cold {:.2}",
        ms(cold_check) / best,
        ms(graph_list.median) / best,
        ms(graph_cold.median) / best
    );
    Ok(())
}

/// An `execplan.toml` naming `glob`, unless the repository has its own.
pub fn configure(clone: &Path, glob: &str) -> Result<(), String> {
    let own = ["execplan.toml", ".agents/execplan.toml"]
        .iter()
        .any(|f| clone.join(f).exists());
    if own {
        println!("using the repository's own execplan.toml");
        return Ok(());
    }
    let path = clone.join("execplan.toml");
    std::fs::write(&path, format!("plans = [{glob:?}]\n"))
        .map_err(|e| format!("writing {}: {e}", path.display()))?;
    // Untracked files do not change what is measured, but keep `status` clean.
    let exclude = clone.join(".git/info/exclude");
    let mut text = std::fs::read_to_string(&exclude).unwrap_or_default();
    text.push_str("\n/execplan.toml\n");
    std::fs::create_dir_all(clone.join(".git/info"))
        .and_then(|()| std::fs::write(&exclude, text))
        .map_err(|e| format!("writing {}: {e}", exclude.display()))
}

/// The folder part of a plans glob (`docs/plans/*.md` -> `docs/plans`), for git.
pub fn folder_of(glob: &str) -> String {
    let parts: Vec<&str> = glob
        .split('/')
        .take_while(|c| !c.contains(['*', '?', '[', '{']))
        .collect();
    let folder = parts.join("/");
    let folder = folder.trim_end_matches('/');
    if folder.is_empty() {
        ".".into()
    } else {
        folder.to_owned()
    }
}

/// Append a line to the first Markdown file under `folder` and commit it.
fn commit_one_edit(clone: &Path, folder: &str) -> Result<(), String> {
    let files = git(clone, &["ls-files", "--", folder])?;
    let plan = files
        .lines()
        .find(|l| l.ends_with(".md"))
        .ok_or_else(|| format!("no Markdown file under {folder} to edit"))?;
    let path = clone.join(plan);
    let mut text = std::fs::read_to_string(&path).map_err(|e| format!("reading {plan}: {e}"))?;
    text.push_str("\nOne more line, from the benchmark.\n");
    std::fs::write(&path, text).map_err(|e| format!("writing {plan}: {e}"))?;
    git(clone, &["add", "--", plan])?;
    git(
        clone,
        &[
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.invalid",
            "commit",
            "-q",
            "--no-verify",
            "-m",
            "bench: one new commit",
        ],
    )?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("creating {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("reading {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("copying {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// The 1-minute load average: the machine is shared, so say how busy it was.
pub fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::folder_of;

    #[test]
    fn folders_of_globs() {
        assert_eq!(folder_of("docs/execplans"), "docs/execplans");
        assert_eq!(folder_of("docs/plans/*.md"), "docs/plans");
        assert_eq!(folder_of("apps/*/plans/*.md"), "apps");
        assert_eq!(folder_of("*.md"), ".");
        assert_eq!(folder_of(".agent/plans/"), ".agent/plans");
    }
}
