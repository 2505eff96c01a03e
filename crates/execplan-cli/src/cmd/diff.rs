//! `plans diff` and `plans log`.

use std::path::{Path, PathBuf};

use execplan::parse::parse;
use execplan::revdiff::{diff, PlanDiff};
use execplan::revision::{aliases, read, Side};
use execplan::source::Source;
use serde_json::json;

use super::Env;
use crate::{render, term, EXIT_OK};

/// Output formats for diffs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Summary and per-section diffs, coloured on a terminal.
    Human,
    /// JSON (`"schema": 1`).
    Json,
    /// Markdown for a pull-request comment.
    Markdown,
}

/// Arguments of `plans diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// Earlier revision (default `HEAD`).
    pub rev_a: Option<String>,
    /// Later revision (default: the working tree).
    pub rev_b: Option<String>,
    /// Compare the index (what is staged) with `HEAD`.
    #[arg(long, conflicts_with_all = ["rev_a", "rev_b"])]
    pub staged: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

/// Arguments of `plans log`.
#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// Show each revision's semantic diff, as `git log -p` does.
    #[arg(short = 'p', long)]
    pub patch: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::ListFormat::Human)]
    pub format: crate::ListFormat,
}

fn repo_relative(env: &Env, plan: &Path) -> String {
    let abs = env.cwd.join(plan);
    let rel = abs.strip_prefix(&env.root).unwrap_or(&abs);
    execplan::timeline::repo_path(rel)
}

fn parsed(
    env: &Env,
    path: &str,
    bytes: Option<Vec<u8>>,
) -> Result<Option<(Source, execplan::Plan)>, execplan::Error> {
    let Some(bytes) = bytes else { return Ok(None) };
    let src = Source::from_bytes(Path::new(path), bytes)?;
    let plan = parse(&src, &env.config.parse_options());
    Ok(Some((src, plan)))
}

/// Read the plan at `side`, trying the names it had before (renames).
fn at(
    env: &Env,
    repo: &gix::Repository,
    names: &[String],
    side: &Side,
) -> Result<Option<(String, Vec<u8>)>, execplan::Error> {
    for n in names {
        if let Some(b) = read(repo, &env.root, n, side)? {
            return Ok(Some((n.clone(), b)));
        }
    }
    Ok(None)
}

/// Run `plans diff`.
pub fn run_diff(env: &Env, args: &DiffArgs) -> Result<u8, execplan::Error> {
    let repo = execplan::history::open(&env.root)?;
    let path = repo_relative(env, &args.plan);
    let (a, b) = if args.staged {
        (Side::Rev("HEAD".into()), Side::Index)
    } else {
        (
            Side::Rev(args.rev_a.clone().unwrap_or_else(|| "HEAD".into())),
            args.rev_b.clone().map_or(Side::WorkTree, Side::Rev),
        )
    };
    let names = aliases(&repo, &env.config, &path);
    let old = at(env, &repo, &names, &a)?;
    let new = at(env, &repo, &names, &b)?;
    if old.is_none() && new.is_none() {
        return Err(execplan::Error::Invalid(format!(
            "{path} exists neither at {} nor at {} (under any name history knows)",
            a.label(),
            b.label()
        )));
    }
    let (old_path, old) = old.map_or((None, None), |(p, b)| (Some(p), Some(b)));
    let (new_path, new) = new.map_or((None, None), |(p, b)| (Some(p), Some(b)));
    let o = parsed(env, old_path.as_deref().unwrap_or(&path), old)?;
    let n = parsed(env, new_path.as_deref().unwrap_or(&path), new)?;
    let d = diff(
        o.as_ref().map(|(s, p)| (s, p)),
        n.as_ref().map(|(s, p)| (s, p)),
    );
    let title = match (&old_path, &new_path) {
        (Some(x), Some(y)) if x != y => format!("{x} ({}) → {y} ({})", a.label(), b.label()),
        _ => format!("{path}: {} → {}", a.label(), b.label()),
    };
    match args.format {
        DiffFormat::Human => print!(
            "{}",
            render::diff::human(&title, &d, env.color.enabled(false))
        ),
        DiffFormat::Markdown => print!("{}", render::diff::markdown(&title, &d)),
        DiffFormat::Json => {
            let doc = json!({
                "schema": crate::render::json::SCHEMA,
                "plan": path,
                "from": {"side": a.label(), "path": old_path},
                "to": {"side": b.label(), "path": new_path},
                "summary": d.summary(),
                "diff": d,
            });
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
    }
    Ok(EXIT_OK)
}

/// Run `plans log`.
pub fn run_log(env: &Env, args: &LogArgs) -> Result<u8, execplan::Error> {
    let repo = execplan::history::open(&env.root)?;
    let path = repo_relative(env, &args.plan);
    let history = execplan::revision::history_for(&repo, &env.config, &path)?;
    let lineage = history.lineage(&path);
    // Each revision's text, oldest first; then uncommitted work.
    struct Rev {
        label: String,
        commit: Option<String>,
        author: String,
        time: String,
        path: String,
        bytes: Option<Vec<u8>>,
    }
    let mut revs: Vec<Rev> = Vec::new();
    if let Some(l) = lineage {
        for r in &l.revisions {
            let Some(c) = history.commit(r) else { continue };
            let bytes = if matches!(r.change, execplan::history::ChangeKind::Deleted) {
                Ok(None)
            } else {
                history.blob(&repo, r.blob).map(Some)
            };
            revs.push(Rev {
                label: c.short.clone(),
                commit: Some(c.id.to_string()),
                author: c.author.clone(),
                time: c.time.format("%Y-%m-%d %H:%MZ").to_string(),
                path: r.path.to_string(),
                bytes: bytes?,
            });
        }
    }
    let work = read(&repo, &env.root, &path, &Side::WorkTree)?;
    if work.is_some() && revs.last().and_then(|r| r.bytes.as_ref()) != work.as_ref() {
        revs.push(Rev {
            label: "working tree".into(),
            commit: None,
            author: String::new(),
            time: env.now.format("%Y-%m-%d %H:%MZ").to_string(),
            path: path.clone(),
            bytes: work,
        });
    }
    if revs.is_empty() {
        return Err(execplan::Error::Invalid(format!(
            "{path}: no history and no file; is the path right?"
        )));
    }
    let mut entries = Vec::new();
    let mut prev: Option<(Source, execplan::Plan)> = None;
    let mut prev_path: Option<&str> = None;
    for r in &revs {
        let cur = parsed(env, &r.path, r.bytes.clone())?;
        let d: PlanDiff = diff(
            prev.as_ref().map(|(s, p)| (s, p)),
            cur.as_ref().map(|(s, p)| (s, p)),
        );
        let mut summary = d.summary();
        if let Some(from) = prev_path.filter(|p| *p != r.path) {
            summary = if d.identical {
                format!("moved from {from}")
            } else {
                format!("moved from {from}, {summary}")
            };
        }
        entries.push((r, d, summary));
        prev = cur;
        prev_path = Some(&r.path);
    }
    entries.reverse();
    match args.format {
        crate::ListFormat::Json => {
            let list: Vec<_> = entries
                .iter()
                .map(|(r, d, summary)| {
                    let mut v = json!({"commit": r.commit, "short": r.label, "author": r.author, "time": r.time, "path": r.path, "summary": summary});
                    if args.patch {
                        v["diff"] = serde_json::to_value(d).unwrap_or_default();
                    }
                    v
                })
                .collect();
            let doc =
                json!({"schema": crate::render::json::SCHEMA, "plan": path, "revisions": list});
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        crate::ListFormat::Human => {
            let color = env.color.enabled(false);
            let mut out = String::new();
            for (r, d, summary) in &entries {
                let head = format!("{} {} {}", r.label, r.time, term::escape(&r.author));
                out.push_str(&if color {
                    format!("\x1b[33m{head}\x1b[0m")
                } else {
                    head
                });
                out.push_str(&format!("  {}\n", term::escape(summary)));
                if args.patch && !d.identical {
                    out.push_str(&render::diff::details(d, color));
                    out.push('\n');
                }
            }
            print!("{out}");
        }
    }
    Ok(EXIT_OK)
}
