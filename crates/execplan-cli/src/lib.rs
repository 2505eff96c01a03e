//! The `plans` command tree for execplan.
//!
//! Mount it in any cargo-xtask: `execplan_cli::run(args)` parses the
//! arguments after `plans` and returns the process exit code. The library
//! crate `execplan` does the work; this crate decides presentation and exit codes.

#![warn(missing_docs)]

#[macro_use]
mod out;
mod cmd;
mod env;
mod exit;
mod format;
mod lsp;
mod mcp;
mod progress;
mod render;
pub mod schemas;
mod style;
mod term;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use execplan::edit;

use crate::cmd::write::Write;

pub use exit::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};
pub use format::{
    DiffFormat, EvidenceFormat, Format, ListFormat, ReportFormat, RulesFormat, WriteFormat,
};
pub use term::ColorChoice;

/// The Language Server on any connection (`plans lsp` serves it on stdio):
/// tests drive it in process through `lsp_server::Connection::memory()`.
pub use lsp::serve_on as serve_lsp;

/// The `mcp_lines` fuzz target's entry point: arbitrary bytes as MCP lines.
#[cfg(feature = "fuzzing")]
pub use mcp::fuzzing::fuzz_mcp_lines;

/// Keep ExecPlans honest: check them against their structure and their git history.
#[derive(Debug, Parser)]
#[command(
    name = "plans",
    // `--version` names the binary, as the man page does.
    display_name = "cargo-plans",
    version,
    about = "Keep ExecPlans honest: check them against their structure and their git history",
    max_term_width = 100
)]
pub struct Cli {
    /// The folder to run in, as if started there (`-C`, like `git -C`).
    #[arg(
        short = 'C',
        global = true,
        value_name = "DIR",
        id = "chdir",
        help = "Run as if started in <DIR> (like `git -C`)"
    )]
    pub chdir: Option<PathBuf>,
    /// When to use colour: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
    /// How the tree was started (the first argument `run` was given, e.g.
    /// `cargo plans` or `cargo xtask plans`): messages name commands with
    /// it, and `hook install` chooses what the hook runs from it.
    #[arg(skip)]
    pub invoked_as: Option<String>,
}

/// The verbs.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint plans: structure, metadata, timestamps, links (exit 1 on errors).
    Check(cmd::check::Args),
    /// One row per plan: title, state, done/total, last updated, owner, path.
    List(cmd::list::Args),
    /// Create `.agents/<SLUG>.md` from the skeleton, dated today (UTC).
    New(cmd::new::Args),
    /// List the rules with their ids, default severities and docs.
    Rules(cmd::rules::Args),
    /// Write Created / Last Updated and missing tick times from git history.
    Fill(cmd::fill::Args),
    /// When each item appeared and was ticked, by which commit.
    Timeline(cmd::timeline::Args),
    /// Each ticked item with its tick commit and the files behind it, for review.
    Evidence(cmd::evidence::Args),
    /// The pre-commit hook: install, uninstall, or run it on what is staged.
    Hook(cmd::hook::Args),
    /// Semantic diff of two revisions of a plan (default: HEAD against the working tree).
    Diff(cmd::diff::DiffArgs),
    /// Every revision of a plan, newest first, with a one-line semantic summary.
    Log(cmd::diff::LogArgs),
    /// What happened to the plans between two revisions: markdown, HTML or JSON, with burn-up charts.
    Report(cmd::report::Args),
    /// Set a repository up: execplan.toml, .agents/ and its README, optionally the hook and CI.
    Init(cmd::init::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(cmd::completions::Args),
    /// Print the man page (roff): `cargo plans man > cargo-plans.1`.
    Man,
    /// Tick a Progress item by its text and stamp it now (UTC); `--undo` unticks.
    Tick(Write<edit::Tick>),
    /// Append a Progress item (`--done`: ticked and stamped now).
    Add(Write<edit::Add>),
    /// Split an open item into what is done (ticked) and what remains (open).
    Split(Write<edit::Split>),
    /// Append a Decision Log entry: decision, rationale, today's date and author.
    Decide(Write<edit::Decide>),
    /// Append a Surprises & Discoveries entry: observation and evidence.
    Surprise(Write<edit::Surprise>),
    /// Append to Outcomes & Retrospective.
    Outcome(Write<edit::Outcome>),
    /// Close a finished plan (refused while items are open or Outcomes is empty); `--move-to` files it.
    Close(Write<edit::Close>),
    /// Serve the plans to coding agents: a Model Context Protocol server on stdio.
    Mcp(cmd::mcp::Args),
    /// Serve the plans to editors: a Language Server on stdio (diagnostics, code actions, hover).
    Lsp(cmd::lsp::Args),
    /// End of an agent's turn: block while the plan does not show the turn's work (a Stop hook).
    Guard(cmd::guard::Args),
    /// A briefing for an agent that starts work: open plans, open items, last decisions, paths to mind.
    Prime(cmd::prime::Args),
}

/// Parse `args` (the first item is the program name) and run.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let invoked_as = args.first().map(|a| a.to_string_lossy().into_owned());
    let mut cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_TROUBLE
            } else {
                EXIT_OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    cli.invoked_as = invoked_as;
    ExitCode::from(run_cli(&cli))
}

/// Run parsed arguments; returns the exit code.
pub fn run_cli(cli: &Cli) -> u8 {
    // Verbs that need no workspace run even where the configuration is broken.
    let early = match &cli.command {
        Command::Completions(a) => Some(cmd::completions::run(Cli::command(), a)),
        Command::Man => Some(cmd::completions::man(Cli::command())),
        Command::Mcp(a) => {
            Some(env::cwd(cli.chdir.as_deref()).and_then(|cwd| cmd::mcp::run(cwd, cli.color, a)))
        }
        Command::Lsp(a) => {
            Some(env::cwd(cli.chdir.as_deref()).and_then(|cwd| cmd::lsp::run(cwd, cli.color, a)))
        }
        // The guard never exits 2 for trouble: a hook takes 2 as a block.
        Command::Guard(a) => {
            return cmd::guard::run(
                cli.chdir.as_deref(),
                cli.color,
                cli.invoked_as.as_deref(),
                a,
            )
        }
        _ => None,
    };
    if let Some(result) = early {
        return finish(cli, result);
    }
    let env = match env::Env::new(cli.chdir.as_deref(), cli.color, cli.invoked_as.as_deref()) {
        Ok(e) => e,
        Err(e) => {
            term::error(cli.color, &e.to_string());
            return EXIT_TROUBLE;
        }
    };
    let result = match &cli.command {
        Command::Check(a) => cmd::check::run(&env, a),
        Command::List(a) => cmd::list::run(&env, a),
        Command::New(a) => cmd::new::run(&env, a),
        Command::Rules(a) => cmd::rules::run(&env, a),
        Command::Fill(a) => cmd::fill::run(&env, a),
        Command::Timeline(a) => cmd::timeline::run(&env, a),
        Command::Evidence(a) => cmd::evidence::run(&env, a),
        Command::Hook(a) => cmd::hook::run(&env, a),
        Command::Diff(a) => cmd::diff::run_diff(&env, a),
        Command::Log(a) => cmd::diff::run_log(&env, a),
        Command::Report(a) => cmd::report::run(&env, a),
        Command::Init(a) => cmd::init::run(&env, a),
        Command::Prime(a) => cmd::prime::run(&env, a),
        Command::Completions(_)
        | Command::Man
        | Command::Mcp(_)
        | Command::Lsp(_)
        | Command::Guard(_) => Ok(EXIT_OK),
        Command::Tick(w) => Ok(cmd::write::run(&env, w)),
        Command::Add(w) => Ok(cmd::write::run(&env, w)),
        Command::Split(w) => Ok(cmd::write::run(&env, w)),
        Command::Decide(w) => Ok(cmd::write::run(&env, w)),
        Command::Surprise(w) => Ok(cmd::write::run(&env, w)),
        Command::Outcome(w) => Ok(cmd::write::run(&env, w)),
        Command::Close(w) => Ok(cmd::write::run(&env, w)),
    };
    finish(cli, result)
}

/// A verb's result as its exit code, its error said on stderr.
fn finish(cli: &Cli, result: Result<u8, execplan::Error>) -> u8 {
    match result {
        Ok(_) if out::failed() => EXIT_TROUBLE,
        Ok(code) => code,
        Err(e) => {
            term::error(cli.color, &e.to_string());
            EXIT_TROUBLE
        }
    }
}
