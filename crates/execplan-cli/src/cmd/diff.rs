//! `plans diff` and `plans log`.

use std::path::{Path, PathBuf};

use execplan::changes::{compare, log};
use execplan::revision::Side;

use crate::env::Env;
use crate::exit::EXIT_OK;
use crate::format::{DiffFormat, ListFormat};
use crate::render;

/// Arguments of `plans diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The plan: a path (also one history knows but the working tree has not), or its slug.
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
    /// The plan: a path (also one history knows but the working tree has not), or its slug.
    pub plan: PathBuf,
    /// Show each revision's semantic diff, as `git log -p` does.
    #[arg(short = 'p', long)]
    pub patch: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// The plan's repository path (`/`-separated, relative to the root).
fn repo_relative(env: &Env, plan: &Path) -> Result<String, execplan::Error> {
    let rel = env.plan_in_history(&plan.to_string_lossy())?;
    Ok(execplan::timeline::repo_path(&rel))
}

/// Run `plans diff`.
pub fn run_diff(env: &Env, args: &DiffArgs) -> Result<u8, execplan::Error> {
    let path = repo_relative(env, &args.plan)?;
    let (a, b) = if args.staged {
        (Side::Rev("HEAD".into()), Side::Index)
    } else {
        (
            Side::Rev(args.rev_a.clone().unwrap_or_else(|| "HEAD".into())),
            args.rev_b.clone().map_or(Side::WorkTree, Side::Rev),
        )
    };
    let c = compare(env, &path, &a, &b)?;
    let title = match (&c.old_path, &c.new_path) {
        (Some(x), Some(y)) if x != y => format!("{x} ({}) → {y} ({})", a.label(), b.label()),
        _ => format!("{path}: {} → {}", a.label(), b.label()),
    };
    match args.format {
        DiffFormat::Human => out!(
            "{}",
            render::diff::human(&title, &c.diff, env.color.enabled(false))
        ),
        DiffFormat::Markdown => out!("{}", render::diff::markdown(&title, &c.diff)),
        DiffFormat::Json => outln!("{}", render::diff::json(&path, &a.label(), &b.label(), &c)),
    }
    Ok(EXIT_OK)
}

/// Run `plans log`.
pub fn run_log(env: &Env, args: &LogArgs) -> Result<u8, execplan::Error> {
    let path = repo_relative(env, &args.plan)?;
    let entries = log(env, &path)?;
    match args.format {
        ListFormat::Json => {
            outln!("{}", render::diff::log_json(&path, &entries, args.patch))
        }
        ListFormat::Human => out!(
            "{}",
            render::diff::log_human(&entries, args.patch, env.color.enabled(false))
        ),
    }
    Ok(EXIT_OK)
}
