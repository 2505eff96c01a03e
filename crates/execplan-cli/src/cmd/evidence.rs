//! `plans evidence`.

use std::path::PathBuf;

use super::Env;
use crate::{render, EXIT_OK, EXIT_TROUBLE};

/// Output formats of `plans evidence`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvidenceFormat {
    /// One screen: each item, its tick and the files behind it.
    Human,
    /// JSON (`"schema": 1`).
    Json,
    /// A markdown table, for a pull-request comment.
    Markdown,
}

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
}

/// Run `plans evidence`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    let direct = env.cwd.join(&args.plan);
    // A path that is not there may still be a plan's history at `--rev`;
    // otherwise it is a slug, found the way the write verbs find one.
    let path = if direct.exists() || args.rev.is_some() {
        direct
    } else {
        execplan::edit::resolve(
            &env.root,
            &env.cwd,
            &env.config,
            &args.plan.to_string_lossy(),
        )?
    };
    let Some(tl) =
        execplan::plans::evidence(&env.root, &env.config, &path, args.rev.as_deref(), env.now)?
    else {
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
        EvidenceFormat::Human => out!("{}", render::evidence::human(&tl)),
        EvidenceFormat::Json => outln!("{}", render::evidence::json(&tl)),
        EvidenceFormat::Markdown => out!("{}", render::evidence::markdown(&tl)),
    }
    Ok(EXIT_OK)
}
