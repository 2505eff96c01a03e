//! `plans rules`.

use execplan::rules::RULES;

use crate::env::Env;
use crate::exit::EXIT_OK;
use crate::format::RulesFormat;
use crate::render;

/// Arguments of `plans rules`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format (`markdown` prints the README's rule table).
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

/// Run `plans rules`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    let text = match args.format {
        RulesFormat::Human => render::rules::human(RULES, &env.config),
        RulesFormat::Json => render::rules::json(RULES, &env.config),
        RulesFormat::Markdown => render::rules::markdown(RULES),
    };
    out!("{text}");
    Ok(EXIT_OK)
}
