//! `plans check`.

use std::path::PathBuf;

use execplan::check::{check, CheckOptions};
use execplan::rules::Severity;

use crate::env::Env;
use crate::exit::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};
use crate::format::Format;
use crate::render;

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
        paths: env.targets(&args.paths)?,
        history: !args.no_history,
        rev: args.rev.clone(),
    };
    let human = args.format == Format::Human;
    let report = crate::progress::run("checking plans", human, || check(env, &opts))?;
    match args.format {
        Format::Human => render::check::human::report(&report, env.color),
        Format::Json => outln!("{}", render::check::json(&report, &env.root)),
        Format::Github => render::check::github::report(&report),
        Format::Sarif => render::check::sarif::report(&report, &env.root),
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
