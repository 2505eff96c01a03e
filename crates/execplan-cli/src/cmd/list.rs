//! `plans list`.

use std::path::PathBuf;

use execplan::check::load;
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
    let (loaded, _) = load(&env.root, &env.config, &env.paths(&args.paths))?;
    let today = env.now.date_naive();
    let mut rows: Vec<Summary> = Vec::new();
    let mut trouble = false;
    for l in loaded {
        match l.result {
            Ok((_, plan)) if l.explicit || plan.looks_like_plan() => {
                rows.push(summarize(&plan, None, today, env.config.stale_days));
            }
            Ok(_) => {}
            Err(e) => {
                crate::term::error(env.color, &e.to_string());
                trouble = true;
            }
        }
    }
    match args.format {
        ListFormat::Human => render::list::human(&rows, env.color),
        ListFormat::Json => render::list::json(&rows),
    }
    Ok(if trouble { EXIT_TROUBLE } else { EXIT_OK })
}
