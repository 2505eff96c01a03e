//! `plans fill`.

use std::path::PathBuf;

use execplan::fill::{edits, facts, write};
use execplan::plans::{select_ahead, timelines_ahead};

use super::Env;
use crate::{render, term, EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};

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
}

/// Run `plans fill`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    let (selection, ahead) = crate::progress::run("reading history", true, || {
        select_ahead(&env.root, &env.config, &env.paths(&args.paths), None)
    })?;
    for e in &selection.unreadable {
        term::error(env.color, &e.to_string());
    }
    let trouble = !selection.unreadable.is_empty();
    let plans = selection.plans;
    let set = crate::progress::run("reading history", true, || {
        timelines_ahead(&env.root, &env.config, None, &plans, env.now, ahead)
    })?;
    if set.shallow {
        term::note(
            env.color,
            "history is shallow: Created dates at the boundary are unknown and left alone; run `git fetch --unshallow` for full history",
        );
    }
    let mut changed = 0;
    for (p, tl) in plans.iter().zip(&set.timelines) {
        let Some(tl) = tl else { continue };
        let (path, source, plan) = (&p.path, &p.source, &p.plan);
        let e = edits(source, plan, &facts(tl));
        if e.is_empty() {
            continue;
        }
        changed += 1;
        if args.dry_run {
            out!("{}", render::fill::dry_run(path, source, &e));
        } else if args.check {
            out!("{}", render::fill::changed(path, "would change", &e));
        } else {
            write(&env.root.join(path), source, &e)?;
            out!("{}", render::fill::changed(path, "filled", &e));
        }
    }
    if changed == 0 && !args.dry_run {
        let n = plans.len();
        outln!("{n} plan{}: nothing to fill", if n == 1 { "" } else { "s" });
    }
    Ok(if trouble {
        EXIT_TROUBLE
    } else if args.check && changed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
