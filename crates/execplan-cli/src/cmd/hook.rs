//! `plans hook run | install | uninstall`.

use std::path::{Path, PathBuf};

use execplan::check::Report;

use clap::Subcommand;
use execplan::check::{check_loaded, CheckOptions, Loaded};
use execplan::fill::{apply, edits, facts};
use execplan::hook::{self, HookError};
use execplan::parse::parse;
use execplan::rules::Severity;
use execplan::source::Source;
use execplan::timeline::{for_plans, PlanRef};

use super::Env;
use crate::{render, term, EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};

/// Arguments of `plans hook`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: HookCommand,
}

/// The hook verbs.
#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Check the staged plans: what the installed hook runs.
    Run {
        /// Set Last Updated (and missing tick times) in the index and the working file,
        /// when they are equal; refuse for a partially staged plan.
        #[arg(long)]
        fill: bool,
    },
    /// Install the pre-commit hook where git runs it (core.hooksPath, worktrees).
    Install {
        /// Set an existing pre-commit hook aside instead of running it first.
        #[arg(long)]
        force: bool,
        /// Make the hook run `cargo xtask plans hook run` instead of this binary.
        #[arg(long)]
        cargo_xtask: bool,
        /// Make the hook run with `--fill` (dates set on commit, never on partial staging).
        #[arg(long)]
        fill: bool,
    },
    /// Remove the hook and put back the one that was there before.
    Uninstall,
}

fn hook_err(e: HookError) -> execplan::Error {
    execplan::Error::Invalid(e.to_string())
}

/// Run `plans hook …`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    match &args.command {
        HookCommand::Run { fill } => run_hook(env, *fill),
        HookCommand::Install {
            force,
            cargo_xtask,
            fill,
        } => super::hook_install::run(env, *force, *cargo_xtask, *fill),
        HookCommand::Uninstall => {
            let done = execplan::hook::uninstall(&env.cwd).map_err(hook_err)?;
            match (done.removed, &done.restored) {
                (_, Some(p)) => println!(
                    "removed execplan's hook; restored {}",
                    term::escape(&p.display().to_string())
                ),
                (true, None) => println!("removed execplan's hook"),
                (false, None) => println!("no execplan hook installed"),
            }
            Ok(EXIT_OK)
        }
    }
}

fn run_hook(env: &Env, fill: bool) -> Result<u8, execplan::Error> {
    let staged = hook::staged(&env.cwd, &env.config.plan_folders()).map_err(hook_err)?;
    if staged.plans.is_empty() {
        return Ok(EXIT_OK);
    }
    let root = staged.workdir.clone();
    let opts = env.config.parse_options();
    let mut loaded: Vec<Loaded> = staged
        .plans
        .iter()
        .map(|p| {
            let path = PathBuf::from(&p.path);
            let result = Source::from_bytes(&path, p.bytes.clone()).map(|s| {
                let plan = parse(&s, &opts);
                (s, plan)
            });
            Loaded {
                path,
                result,
                explicit: false,
            }
        })
        .collect();

    if fill && !staged.merging {
        let refs: Vec<PlanRef<'_>> = loaded
            .iter()
            .filter_map(|l| {
                l.result
                    .as_ref()
                    .ok()
                    .map(|(s, p)| (l.path.as_path(), Some((s, p))))
            })
            .collect();
        let set = for_plans(&root, &env.config, None, &refs, env.now)?;
        let mut rewritten = Vec::new();
        for ((path, current), tl) in refs.iter().zip(&set.timelines) {
            let (Some((source, plan)), Some(tl)) = (current, tl) else {
                continue;
            };
            let e = edits(source, plan, &facts(tl));
            if e.is_empty() {
                continue;
            }
            let new = apply(source, &e);
            let Some(sp) = staged.plans.iter().find(|p| Path::new(&p.path) == *path) else {
                continue;
            };
            if let Err(err) = staged.rewrite(sp, new.as_bytes()) {
                term::error(env.color, &err.to_string());
                return Ok(EXIT_FINDINGS);
            }
            for x in &e {
                eprintln!(
                    "execplan: {}: {}",
                    term::escape(&sp.path),
                    term::escape(&x.what)
                );
            }
            rewritten.push((path.to_path_buf(), new));
        }
        for (path, new) in rewritten {
            if let Some(l) = loaded.iter_mut().find(|l| l.path == path) {
                let s = Source::from_string(&path, new);
                let plan = parse(&s, &opts);
                l.result = Ok((s, plan));
            }
        }
    }

    let check_opts = CheckOptions {
        root,
        paths: Vec::new(),
        now: env.now,
        // A merge brings other people's changes: judge them, but do not ask
        // for today's date on plans nobody edited in this commit.
        history: !staged.merging,
        rev: None,
    };
    let mut report = check_loaded(&env.config, &check_opts, loaded);
    if !env.config.hook_requires_today {
        for p in &mut report.plans {
            p.diagnostics.retain(|d| d.rule != "EP102");
        }
    }
    if report.diagnostics().next().is_none() && report.failures.is_empty() {
        return Ok(EXIT_OK);
    }
    render::human::report(&report, env.color);
    if !report.failures.is_empty() {
        return Ok(EXIT_TROUBLE);
    }
    if report.count(Severity::Error) > 0 {
        eprintln!("{}", blocked_advice(env, &report));
        return Ok(EXIT_FINDINGS);
    }
    Ok(EXIT_OK)
}

/// The last line of a blocked commit. `plans fill` works on the working
/// files whatever was staged; `hook run --fill` would find nothing staged
/// after `git commit -a` was refused.
fn blocked_advice(env: &Env, report: &Report) -> String {
    let paths: Vec<String> = report
        .plans
        .iter()
        .filter(|p| p.diagnostics.iter().any(|d| d.severity == Severity::Error))
        .map(|p| term::escape(&p.path.display().to_string()))
        .collect();
    format!(
        "execplan: commit blocked. `{} fill {}` sets dates and tick times from history (then stage the plans, or commit with -a again); or bypass once with `git commit --no-verify`.",
        env.invoked_as,
        paths.join(" ")
    )
}
