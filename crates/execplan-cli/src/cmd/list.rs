//! `plans list`.

use std::path::PathBuf;

use execplan::plans::list;

use crate::env::Env;
use crate::exit::{EXIT_OK, EXIT_TROUBLE};
use crate::format::ListFormat;
use crate::render;

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
    let listing = list(env, &env.targets(&args.paths)?)?;
    for e in &listing.unreadable {
        crate::term::error(env.color, &e.to_string());
    }
    crate::term::skipped(env.color, &listing.skipped);
    match args.format {
        ListFormat::Human => render::list::human(&listing.rows, env.color),
        ListFormat::Json => outln!("{}", render::list::json(&listing)),
    }
    Ok(if listing.unreadable.is_empty() {
        EXIT_OK
    } else {
        EXIT_TROUBLE
    })
}
