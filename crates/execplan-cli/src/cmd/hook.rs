//! `plans hook run | install | uninstall`.

use std::path::{Path, PathBuf};

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
        } => {
            let flag = if *fill { " --fill" } else { "" };
            let command = if *cargo_xtask {
                format!("cargo xtask plans hook run{flag}")
            } else {
                let exe = std::env::current_exe().map_err(|source| execplan::Error::Io {
                    path: PathBuf::from("current executable"),
                    source,
                })?;
                format!("{} hook run{flag}", hook::sh_quote(&exe.to_string_lossy()))
            };
            let done = hook::install(&env.cwd, &command, *force).map_err(hook_err)?;
            println!(
                "installed {}",
                term::escape(&done.path.display().to_string())
            );
            if let Some(c) = &done.chained {
                println!(
                    "the hook that was there runs first, from {}",
                    term::escape(&c.display().to_string())
                );
            }
            if let Some(b) = &done.backup {
                println!(
                    "the hook that was there is set aside as {} (not run)",
                    term::escape(&b.display().to_string())
                );
            }
            if let Some(p) = &done.hooks_path_config {
                let manager = if p.contains(".husky") {
                    " (husky's folder: husky may rewrite it; prefer the snippet in docs/hook.md)"
                } else if p.contains("lefthook") {
                    " (lefthook's folder: prefer the snippet in docs/hook.md)"
                } else {
                    ""
                };
                term::note(
                    env.color,
                    &format!("core.hooksPath is `{p}`, so the hook went there{manager}"),
                );
            }
            Ok(EXIT_OK)
        }
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
        eprintln!("execplan: commit blocked. Fix the plans above (`plans hook run --fill` sets dates and tick times from history), or bypass once with `git commit --no-verify`.");
        return Ok(EXIT_FINDINGS);
    }
    Ok(EXIT_OK)
}
