//! `plans fill`.

use std::path::PathBuf;

use crate::env::Env;
use crate::exit::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};
use crate::{render, term};

/// Arguments of `plans fill`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Plan files or folders (default: the configured plans folders).
    pub paths: Vec<PathBuf>,
    /// Change nothing; exit 1 if anything would change (for CI).
    #[arg(long)]
    pub check: bool,
    /// Change nothing; print the diff that filling would apply.
    #[arg(long, conflicts_with = "check")]
    pub dry_run: bool,
    /// Also give a plan that keeps no metadata block one (Owner, Created, Last
    /// Updated from history); the default when `require-metadata = true`.
    #[arg(long)]
    pub metadata: bool,
}

/// Run `plans fill`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    let paths = env.targets(&args.paths)?;
    let fill = crate::progress::run("reading history", true, || {
        execplan::plans::fill(env, &paths, args.metadata)
    })?;
    for e in &fill.unreadable {
        term::error(env.color, &e.to_string());
    }
    term::skipped(env.color, &fill.skipped);
    if fill.shallow {
        term::note(
            env.color,
            "history is shallow: Created dates at the boundary are unknown and left alone; run `git fetch --unshallow` for full history",
        );
    }
    for note in &fill.uncertain {
        term::note(env.color, note);
    }
    for f in &fill.changes {
        if args.dry_run {
            out!("{}", render::fill::dry_run(&f.path, &f.source, &f.edits));
        } else if args.check {
            out!(
                "{}",
                render::fill::changed(&f.path, "would change", &f.edits)
            );
        } else {
            f.write(env)?;
            out!("{}", render::fill::changed(&f.path, "filled", &f.edits));
        }
    }
    if fill.changes.is_empty() && !args.dry_run {
        let n = fill.plans;
        outln!("{n} plan{}: nothing to fill", if n == 1 { "" } else { "s" });
    }
    Ok(if !fill.unreadable.is_empty() {
        EXIT_TROUBLE
    } else if args.check && !fill.changes.is_empty() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
