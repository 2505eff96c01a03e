//! `plans check`.

use std::path::PathBuf;

use execplan::check::{check, CheckOptions};
use execplan::rules::Severity;

use super::Env;
use crate::{render, Format, EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};

/// Arguments of `plans check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Plan files or folders (default: the configured plans folders, `.agents/`).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors (exit 1 when there are any).
    #[arg(long)]
    pub deny_warnings: bool,
    /// Skip the history rules (EP1xx): static checks only, no git.
    #[arg(long)]
    pub no_history: bool,
    /// Read history at this revision instead of HEAD; the working files are still what is
    /// linted, and their differences from REV do not count as uncommitted changes.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

/// Run `plans check`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    let opts = CheckOptions {
        root: env.root.clone(),
        paths: env.paths(&args.paths),
        now: env.now,
        history: !args.no_history,
        rev: args.rev.clone(),
    };
    let human = args.format == Format::Human;
    let report = crate::progress::run("checking plans", human, || check(&env.config, &opts))?;
    match args.format {
        Format::Human => render::human::report(&report, env.color),
        Format::Json => render::json::report(&report, &env.root),
        Format::Github => render::github::report(&report),
        Format::Sarif => render::sarif::report(&report, &env.root),
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    Ok(if !report.failures.is_empty() {
        EXIT_TROUBLE
    } else if errors > 0 || (args.deny_warnings && warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
