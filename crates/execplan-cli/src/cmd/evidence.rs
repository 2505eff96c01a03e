//! `plans evidence`.

use std::path::PathBuf;

use crate::env::Env;
use crate::exit::{EXIT_OK, EXIT_TROUBLE};
use crate::format::EvidenceFormat;
use crate::render;

/// Arguments of `plans evidence`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plan: a path, or a slug as the write verbs take it (`retry-budget`).
    pub plan: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvidenceFormat::Human)]
    pub format: EvidenceFormat,
    /// Read history at this revision (tags, `HEAD~3`, ids); the working tree is then ignored.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// List every file behind each tick (default: how many, lines added and
    /// removed, and the largest few).
    #[arg(long)]
    pub files: bool,
}

/// Run `plans evidence`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    // A path that is not there may still be a plan's history.
    let path = env.plan_in_history(&args.plan.to_string_lossy())?;
    let Some(tl) = execplan::plans::evidence(env, &path, args.rev.as_deref())? else {
        crate::term::error(
            env.color,
            &format!(
                "{}: no history and no text to hold against it",
                args.plan.display()
            ),
        );
        return Ok(EXIT_TROUBLE);
    };
    match args.format {
        EvidenceFormat::Human => out!("{}", render::evidence::human(&tl, args.files)),
        EvidenceFormat::Json => outln!("{}", render::evidence::json(&tl)),
        EvidenceFormat::Markdown => out!("{}", render::evidence::markdown(&tl, args.files)),
    }
    Ok(EXIT_OK)
}
