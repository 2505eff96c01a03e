//! `plans list`.

use std::path::PathBuf;

use execplan::plans::select;
use execplan::summary::{summarize, Summary};

use super::Env;
use crate::{render, ListFormat, EXIT_OK, EXIT_TROUBLE};

/// Arguments of `plans list`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Plan files or folders (default: the configured plans folders).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// Run `plans list`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    let selection = select(&env.root, &env.config, &env.paths(&args.paths))?;
    let today = env.now.date_naive();
    for e in &selection.unreadable {
        crate::term::error(env.color, &e.to_string());
    }
    let rows: Vec<Summary> = selection
        .plans
        .iter()
        .map(|p| summarize(&p.plan, None, today, env.config.stale_days))
        .collect();
    match args.format {
        ListFormat::Human => render::list::human(&rows, env.color),
        ListFormat::Json => render::list::json(&rows),
    }
    Ok(if selection.unreadable.is_empty() {
        EXIT_OK
    } else {
        EXIT_TROUBLE
    })
}
