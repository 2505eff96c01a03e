//! `cargo xtask field [--bin PATH] <REPO_DIR> <PLANS_DIR>…`: hold the product's history facts
//! against the git CLI on a real repository.
//!
//! Runs the release `cargo-plans` binary's `check --format json` and
//! `timeline --format json` (timed, with peak RSS from `/usr/bin/time`), then asks
//! git, independently of the product's code, for every plan's Created (last line of
//! `git log --follow`), Last Updated (first line) and, for every checked item, the
//! tick: the oldest revision from which on every revision of the file (as
//! `git log --follow` lists them) holds the item checked. Prints counts and every
//! disagreement. Verification only: it runs git, needs no network, is not in CI.
//!
//! When the repository has no `execplan.toml`, one naming `PLANS_DIR…` is written at
//! its root for the run (listed in `.git/info/exclude`, removed afterwards), so no
//! tracked file changes.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::Value;

/// Entry point; `args` are what follows `field`. `Ok(true)` when everything agrees.
pub fn run(args: &[String]) -> Result<bool, String> {
    // `--bin PATH` runs another build (say, an older one, for before/after figures).
    let (bin, args) = match args {
        [flag, path, rest @ ..] if flag == "--bin" => (Some(PathBuf::from(path)), rest),
        _ => (None, args),
    };
    let [repo, dirs @ ..] = args else {
        return Err("usage: cargo xtask field [--bin PATH] <REPO_DIR> <PLANS_DIR>…".into());
    };
    if dirs.is_empty() {
        return Err("name at least one plans folder, e.g. `docs/execplans`".into());
    }
    let repo = PathBuf::from(repo);
    if !repo.join(".git").exists() {
        return Err(format!("{} is not a git work tree", repo.display()));
    }
    let bin = match bin {
        Some(b) => b,
        None => build_binary()?,
    };
    let _config = TempConfig::write(&repo, dirs)?;
    let head = git(&repo, &["rev-parse", "--short", "HEAD"])?;
    println!(
        "field: {} at {} (plans: {})",
        repo.display(),
        head.trim(),
        dirs.join(", ")
    );

    let (check, check_cost) = run_product(&bin, &repo, "check")?;
    print_check(&check, &check_cost);
    let (timeline, tl_cost) = run_product(&bin, &repo, "timeline")?;
    println!("timeline: {tl_cost}");

    let plans = timeline["plans"].as_array().cloned().unwrap_or_default();
    let verdicts = judge_all(&repo, &plans)?;
    Ok(print_verdicts(&verdicts))
}

/// The release binary, built if needed: the figures mean nothing in debug.
pub(crate) fn build_binary() -> Result<PathBuf, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("xtask has no parent folder")?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "build",
            "--quiet",
            "--release",
            "-p",
            "execplan-cli",
            "--bin",
            "cargo-plans",
        ])
        .current_dir(root)
        .status()
        .map_err(|e| format!("running cargo build: {e}"))?;
    if !status.success() {
        return Err("building the release cargo-plans failed".into());
    }
    Ok(root.join("target/release/cargo-plans"))
}

/// An `execplan.toml` that exists for the length of the run only.
struct TempConfig(Option<PathBuf>);

impl TempConfig {
    fn write(repo: &Path, dirs: &[String]) -> Result<Self, String> {
        let existing = ["execplan.toml", ".agents/execplan.toml"]
            .iter()
            .map(|f| repo.join(f))
            .find(|p| p.exists());
        if let Some(p) = existing {
            println!("using the repository's own {}", p.display());
            return Ok(Self(None));
        }
        let path = repo.join("execplan.toml");
        let list: Vec<String> = dirs.iter().map(|d| format!("{d:?}")).collect();
        std::fs::write(&path, format!("plans = [{}]\n", list.join(", ")))
            .map_err(|e| format!("writing {}: {e}", path.display()))?;
        let exclude = repo.join(".git/info/exclude");
        let listed = std::fs::read_to_string(&exclude)
            .unwrap_or_default()
            .lines()
            .any(|l| l.trim() == "/execplan.toml");
        if !listed {
            std::fs::create_dir_all(repo.join(".git/info"))
                .and_then(|()| {
                    std::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(&exclude)
                })
                .and_then(|mut f| f.write_all(b"\n/execplan.toml\n"))
                .map_err(|e| format!("writing {}: {e}", exclude.display()))?;
        }
        Ok(Self(Some(path)))
    }
}

impl Drop for TempConfig {
    fn drop(&mut self) {
        if let Some(p) = &self.0 {
            // Best effort: a leftover untracked, excluded file harms nothing.
            let _ = std::fs::remove_file(p);
        }
    }
}

fn git(repo: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| format!("running git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Run `cargo-plans -C repo VERB --format json` under `/usr/bin/time`; the JSON and
/// "N s, peak RSS M MB".
fn run_product(bin: &Path, repo: &Path, verb: &str) -> Result<(Value, String), String> {
    let times = std::env::temp_dir().join(format!("execplan-field-{}-{verb}", std::process::id()));
    let timed = Path::new("/usr/bin/time").exists();
    let mut cmd = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f").arg("%e %M").arg("-o").arg(&times).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let out = cmd
        .arg("-C")
        .arg(repo)
        .args([verb, "--format", "json"])
        .env("EXECPLAN_NO_CACHE", "1")
        .output()
        .map_err(|e| format!("running {}: {e}", bin.display()))?;
    if out.status.code().is_none_or(|c| c > 1) {
        return Err(format!(
            "`{verb}` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let json: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("`{verb}` printed no JSON: {e}"))?;
    let cost = std::fs::read_to_string(&times)
        .ok()
        .and_then(|s| {
            let _ = std::fs::remove_file(&times);
            // A failing command adds a "Command exited…" line first.
            let mut w = s.lines().last()?.split_whitespace();
            let secs: f64 = w.next()?.parse().ok()?;
            let kib: f64 = w.next()?.parse().ok()?;
            Some(format!("{secs:.2} s, peak RSS {:.0} MB", kib / 1024.0))
        })
        .unwrap_or_else(|| "(no /usr/bin/time: cost not measured)".into());
    Ok((json, cost))
}

fn print_check(check: &Value, cost: &str) {
    let plans = check["plans"].as_array().map_or(0, Vec::len);
    let mut by: BTreeMap<(String, String), usize> = BTreeMap::new();
    for p in check["plans"].as_array().into_iter().flatten() {
        for d in p["diagnostics"].as_array().into_iter().flatten() {
            let rule = d["rule"].as_str().unwrap_or("?").to_string();
            let sev = d["severity"].as_str().unwrap_or("?").to_string();
            *by.entry((sev, rule)).or_default() += 1;
        }
    }
    let s = &check["summary"];
    println!(
        "check: {plans} plans, {} errors, {} warnings; {cost}",
        s["errors"], s["warnings"]
    );
    for sev in ["error", "warning"] {
        let list: Vec<String> = by
            .iter()
            .filter(|((s, _), _)| s == sev)
            .map(|((_, r), n)| format!("{r} {n}"))
            .collect();
        if !list.is_empty() {
            println!("  {sev}s by rule: {}", list.join(", "));
        }
    }
}

/// One file revision as `git log --follow` lists it, newest first.
struct GitRev {
    commit: String,
    path: String,
    deleted: bool,
}

/// One checklist line (with its continuation lines) in a revision.
struct GitItem {
    checked: bool,
    key: String,
    /// The same text as lowercase words, for following a rewording.
    words: Vec<String>,
}

/// What git says about one plan, and where the product differs.
#[derive(Default)]
struct Verdict {
    created_ok: bool,
    updated_ok: bool,
    ticks: usize,
    ticks_ok: usize,
    /// Differences on items the product joined across a rewording: git's text
    /// search starts at the new wording, the product at the item's first tick.
    ticks_reworded: usize,
    /// Of those, the ones this harness confirms on its own (see [`follows_rewording`]).
    ticks_reworded_confirmed: usize,
    lines: Vec<String>,
}

fn judge_all(repo: &Path, plans: &[Value]) -> Result<Vec<Verdict>, String> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    let chunk = plans.len().div_ceil(workers).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = plans
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || -> Result<Vec<Verdict>, String> {
                    let mut blobs = CatFile::start(repo)?;
                    part.iter().map(|p| judge(repo, p, &mut blobs)).collect()
                })
            })
            .collect();
        let mut out = Vec::new();
        for h in handles {
            out.extend(h.join().map_err(|_| "a worker panicked".to_string())??);
        }
        Ok(out)
    })
}

fn judge(repo: &Path, plan: &Value, blobs: &mut CatFile) -> Result<Verdict, String> {
    let path = plan["path"].as_str().unwrap_or_default();
    let revs = follow(repo, path)?;
    let mut v = Verdict::default();
    let short = |c: &str| c.get(..7).unwrap_or(c).to_string();
    let product = |f: &Value| f["commit"].as_str().map(str::to_string);

    let git_created = revs.last().map(|r| r.commit.clone());
    let our_created = product(&plan["created"]);
    v.created_ok = git_created.is_some() && our_created == git_created;
    if !v.created_ok {
        v.lines.push(format!(
            "created  {path}: product {}, git {}",
            our_created.as_deref().map_or("working tree".into(), short),
            git_created.as_deref().map_or("-".into(), short)
        ));
    }
    let git_updated = revs.first().map(|r| r.commit.clone());
    let our_updated = product(&plan["last_updated"]);
    v.updated_ok = git_updated.is_some() && our_updated == git_updated;
    if !v.updated_ok {
        v.lines.push(format!(
            "updated  {path}: product {}, git {}",
            our_updated.as_deref().map_or("working tree".into(), short),
            git_updated.as_deref().map_or("-".into(), short)
        ));
    }

    // Oldest first, each revision's items; deletions hold nothing.
    let mut states: Vec<(String, Vec<GitItem>)> = Vec::new();
    for r in revs.iter().rev() {
        let items = if r.deleted {
            Vec::new()
        } else {
            items_of(&blobs.read(&r.commit, &r.path)?)
        };
        states.push((r.commit.clone(), items));
    }
    for item in plan["items"].as_array().into_iter().flatten() {
        if item["checked"].as_bool() != Some(true) {
            continue;
        }
        v.ticks += 1;
        let key = key_of(item["text"].as_str().unwrap_or_default());
        let holds = |items: &[GitItem]| {
            items.iter().any(|i| {
                i.checked && (i.key.ends_with(&key) || (key.len() >= 24 && i.key.contains(&key)))
            })
        };
        let mut git_tick = None;
        for (commit, items) in states.iter().rev() {
            if holds(items) {
                git_tick = Some(commit.clone());
            } else {
                break;
            }
        }
        let ours = item["checked_at"]["commit"].as_str().map(str::to_string);
        if ours.is_some() && ours == git_tick {
            v.ticks_ok += 1;
            continue;
        }
        let text: String = item["text"]
            .as_str()
            .unwrap_or_default()
            .chars()
            .take(60)
            .collect();
        let matched = item["matched"].as_str().unwrap_or("-");
        let mut confirmed = false;
        if matched == "reworded" {
            v.ticks_reworded += 1;
            let text = item["text"].as_str().unwrap_or_default();
            if let (Some(ours), Some(git)) = (&ours, &git_tick) {
                confirmed = follows_rewording(&states, &words_of(text), ours, git);
            }
            if confirmed {
                v.ticks_reworded_confirmed += 1;
            }
        }
        // Where the product's tick commit has no line with today's wording, the
        // product followed a rewording that a text search cannot.
        let reworded = ours.as_ref().is_some_and(|c| {
            states
                .iter()
                .find(|(id, _)| id == c)
                .is_some_and(|(_, items)| !items.iter().any(|i| i.key.ends_with(&key)))
        });
        v.lines.push(format!(
            "tick     {path}: \"{text}\": product {}, git {} (matched {matched}{})",
            ours.as_deref().map_or("-".into(), short),
            git_tick.as_deref().map_or("not found".into(), short),
            match (reworded, confirmed) {
                (_, true) => "; rewording confirmed by word similarity",
                (true, false) => "; wording differs at the product's commit",
                _ => "",
            }
        ));
    }
    Ok(v)
}

/// Word-level similarity (2 × common words in order / all words): independent of the
/// product's character measure.
fn word_ratio(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        prev = cur;
    }
    2.0 * prev[b.len()] as f64 / (a.len() + b.len()) as f64
}

/// A rewording the product followed, checked with words instead of characters:
/// from git's tick back to the product's, every revision holds a checked item at
/// least half the same words as the one after it, and the revision before the
/// product's tick holds none.
fn follows_rewording(
    states: &[(String, Vec<GitItem>)],
    words: &[String],
    ours: &str,
    git: &str,
) -> bool {
    let (Some(from), Some(to)) = (
        states.iter().position(|(c, _)| c == ours),
        states.iter().position(|(c, _)| c == git),
    ) else {
        return false;
    };
    if from >= to {
        return false;
    }
    let best = |items: &[GitItem], cur: &[String]| -> Option<Vec<String>> {
        items
            .iter()
            .filter(|i| i.checked)
            .map(|i| (word_ratio(&i.words, cur), &i.words))
            .filter(|(r, _)| *r >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, w)| w.clone())
    };
    let mut cur = words.to_vec();
    for (_, items) in states[from..to].iter().rev() {
        match best(items, &cur) {
            Some(w) => cur = w,
            None => return false,
        }
    }
    from == 0 || best(&states[from - 1].1, &cur).is_none()
}

/// Lowercase words of letters and digits, link targets dropped.
fn words_of(text: &str) -> Vec<String> {
    let mut s = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        s.push_str(&rest[..at]);
        rest = &rest[at + 2..];
        rest = rest.find(')').map_or("", |end| &rest[end + 1..]);
    }
    s.push_str(rest);
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// `git log --follow` of `path`: newest first, with the path at each commit.
fn follow(repo: &Path, path: &str) -> Result<Vec<GitRev>, String> {
    let out = git(
        repo,
        &[
            "log",
            "--follow",
            "--format=%x01%H",
            "--name-status",
            "--",
            path,
        ],
    )?;
    let mut revs = Vec::new();
    let mut current = path.to_string();
    for block in out.split('\u{1}').filter(|b| !b.trim().is_empty()) {
        let mut lines = block.lines();
        let commit = lines.next().unwrap_or_default().trim().to_string();
        let mut at = current.clone();
        let mut deleted = false;
        for l in lines.filter(|l| !l.is_empty()) {
            let f: Vec<&str> = l.split('\t').collect();
            match f.as_slice() {
                [s, old, new] if s.starts_with('R') || s.starts_with('C') => {
                    at = (*new).to_string();
                    current = (*old).to_string();
                }
                [s, p] => {
                    at = (*p).to_string();
                    deleted = s.starts_with('D');
                    current = (*p).to_string();
                }
                _ => {}
            }
        }
        revs.push(GitRev {
            commit,
            path: at,
            deleted,
        });
    }
    Ok(revs)
}

/// Lowercase letters and digits only, link targets dropped: a key both the product's
/// item text and a raw Markdown line reduce to, whatever markup or stamp they carry.
fn key_of(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        s.push_str(&rest[..at]);
        rest = &rest[at + 2..];
        rest = rest.find(')').map_or("", |end| &rest[end + 1..]);
    }
    s.push_str(rest);
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Checklist items of a Markdown text: the box line and the lines that continue it.
fn items_of(text: &str) -> Vec<GitItem> {
    let mut out: Vec<GitItem> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        let t = line.trim_start();
        let body = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("+ "))
            .or_else(|| {
                let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                (digits > 0)
                    .then(|| {
                        t[digits..]
                            .strip_prefix(". ")
                            .or_else(|| t[digits..].strip_prefix(") "))
                    })
                    .flatten()
            });
        if let Some(body) = body {
            let body = body.trim_start();
            let checked = if let Some(r) = body
                .strip_prefix("[x]")
                .or_else(|| body.strip_prefix("[X]"))
            {
                Some((true, r))
            } else {
                body.strip_prefix("[ ]").map(|r| (false, r))
            };
            open = checked.is_some();
            if let Some((checked, rest)) = checked {
                out.push(GitItem {
                    checked,
                    key: key_of(rest),
                    words: words_of(rest),
                });
            }
            continue;
        }
        if t.is_empty() || (t.starts_with('#') && t.trim_start_matches('#').starts_with(' ')) {
            open = false;
            continue;
        }
        if open {
            if let Some(last) = out.last_mut() {
                last.key.push_str(&key_of(t));
                last.words.extend(words_of(t));
            }
        }
    }
    out
}

/// One `git cat-file --batch` per worker: thousands of revisions, one process.
struct CatFile {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl CatFile {
    fn start(repo: &Path) -> Result<Self, String> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("running git cat-file: {e}"))?;
        let stdin = child.stdin.take().ok_or("git cat-file: no stdin")?;
        let stdout = BufReader::new(child.stdout.take().ok_or("git cat-file: no stdout")?);
        Ok(Self {
            child,
            stdin,
            stdout,
        })
    }

    /// The text of `path` at `commit` (empty when missing there).
    fn read(&mut self, commit: &str, path: &str) -> Result<String, String> {
        writeln!(self.stdin, "{commit}:{path}").map_err(|e| e.to_string())?;
        self.stdin.flush().map_err(|e| e.to_string())?;
        let mut header = String::new();
        self.stdout
            .read_line(&mut header)
            .map_err(|e| e.to_string())?;
        if header.trim_end().ends_with("missing") {
            return Ok(String::new());
        }
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("git cat-file: unexpected `{}`", header.trim()))?;
        let mut buf = vec![0; size + 1];
        self.stdout
            .read_exact(&mut buf)
            .map_err(|e| e.to_string())?;
        buf.truncate(size);
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }
}

impl Drop for CatFile {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn print_verdicts(verdicts: &[Verdict]) -> bool {
    let n = verdicts.len();
    let created = verdicts.iter().filter(|v| v.created_ok).count();
    let updated = verdicts.iter().filter(|v| v.updated_ok).count();
    let ticks: usize = verdicts.iter().map(|v| v.ticks).sum();
    let ticks_ok: usize = verdicts.iter().map(|v| v.ticks_ok).sum();
    let reworded: usize = verdicts.iter().map(|v| v.ticks_reworded).sum();
    let confirmed: usize = verdicts.iter().map(|v| v.ticks_reworded_confirmed).sum();
    let pct = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            a as f64 * 100.0 / b as f64
        }
    };
    println!("agreement with git:");
    println!("  created:      {created}/{n}");
    println!("  last updated: {updated}/{n}");
    println!(
        "  ticks:        {ticks_ok}/{ticks} ({:.2} %) equal to git's text search; of the {} others, {reworded} on reworded items, {confirmed} of them confirmed by word similarity",
        pct(ticks_ok, ticks),
        ticks - ticks_ok
    );
    println!(
        "  ticks with confirmed rewordings: {}/{ticks} ({:.2} %)",
        ticks_ok + confirmed,
        pct(ticks_ok + confirmed, ticks)
    );
    let lines: Vec<&String> = verdicts.iter().flat_map(|v| &v.lines).collect();
    if !lines.is_empty() {
        println!("disagreements ({}):", lines.len());
        for l in lines {
            println!("  {l}");
        }
    }
    created == n && updated == n && ticks_ok + confirmed == ticks
}
