//! `plans hook run | install | uninstall`.

use clap::Subcommand;
use execplan::check::{check_loaded, CheckOptions};
use execplan::hook::{self, HookError};
use execplan::rules::Severity;
use execplan::workspace::{Loaded, Workspace};

use crate::env::Env;
use crate::exit::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};
use crate::{render, term};

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
                (_, Some(p)) => outln!(
                    "removed execplan's hook; restored {}",
                    term::escape(&p.display().to_string())
                ),
                (true, None) => outln!("removed execplan's hook"),
                (false, None) => outln!("no execplan hook installed"),
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
    let mut loaded = staged.load(&env.config);
    if fill && !staged.merging {
        let fills = staged.fills(&env.config, &loaded, env.now)?;
        for f in &fills {
            if let Err(err) = staged.rewrite(&f.plan, f.text.as_bytes()) {
                term::error(env.color, &err.to_string());
                return Ok(EXIT_FINDINGS);
            }
            for x in &f.edits {
                eprintln!(
                    "execplan: {}: {}",
                    term::escape(&f.plan.path),
                    term::escape(&x.what)
                );
            }
        }
        hook::reload(&mut loaded, fills, &env.config);
    }

    let check_opts = CheckOptions {
        paths: Vec::new(),
        // A merge brings other people's changes: judge them, but do not ask
        // for today's date on plans nobody edited in this commit.
        history: !staged.merging,
        rev: None,
    };
    // The staged plans are judged where git keeps the work tree.
    let ws = Workspace::new(&staged.workdir, env.config.clone(), env.now);
    let judge = |loaded: Vec<Loaded>| {
        let mut report = check_loaded(&ws, &check_opts, loaded);
        hook::count_staged_change(&mut report, env.now);
        if !env.config.hook_requires_today {
            for p in &mut report.plans {
                p.diagnostics.retain(|d| d.rule != "EP102");
            }
        }
        report
    };
    let mut report = judge(loaded);
    // A warning the plan had before this commit was shown when it came.
    let known = staged.drop_known_warnings(&ws, &check_opts, &mut report);
    if report.diagnostics().next().is_none() && report.failures.is_empty() {
        return Ok(EXIT_OK);
    }
    if known > 0 {
        report.notes.push(format!(
            "{known} warning{} these plans already had before this commit not repeated; `{} check` lists every finding",
            if known == 1 { "" } else { "s" },
            env.runnable()
        ));
    }
    render::check::human::report(&report, env.color);
    if !report.failures.is_empty() {
        return Ok(EXIT_TROUBLE);
    }
    if report.count(Severity::Error) > 0 {
        let mends = hook::mends(&staged, &env.config, &report, env.now, judge)?;
        eprintln!("{}", render::hook::blocked(&env.runnable(), &mends));
        return Ok(EXIT_FINDINGS);
    }
    Ok(EXIT_OK)
}
