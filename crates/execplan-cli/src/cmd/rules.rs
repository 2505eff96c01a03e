//! `plans rules`.

use execplan::rules::{closest, find, Rule, RULES};

use crate::env::Env;
use crate::exit::EXIT_OK;
use crate::format::RulesFormat;
use crate::render;

/// Arguments of `plans rules`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// One rule to show, by id (`EP106`) or name (`tick-without-evidence`),
    /// case-insensitively; every rule when absent.
    pub rule: Option<String>,
    /// Output format (`markdown` prints the README's rule table).
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

/// Run `plans rules`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    let text = match &args.rule {
        None => {
            let all: Vec<&Rule> = RULES.iter().collect();
            match args.format {
                RulesFormat::Human => render::rules::human(&all, &env.config),
                RulesFormat::Json => render::rules::json(&all, &env.config),
                RulesFormat::Markdown => render::rules::markdown(&all),
            }
        }
        Some(key) => {
            let rule = find(key.trim()).ok_or_else(|| unknown(key))?;
            match args.format {
                RulesFormat::Human => render::rules::human_one(rule, &env.config),
                RulesFormat::Json => render::rules::json(&[rule], &env.config),
                RulesFormat::Markdown => render::rules::markdown(&[rule]),
            }
        }
    };
    out!("{text}");
    Ok(EXIT_OK)
}

/// An unknown rule, with the nearest one as the configuration's check names
/// it: a newcomer types the name from memory.
fn unknown(key: &str) -> execplan::Error {
    let hint = match closest(key.trim()) {
        Some(r) => format!("did you mean `{}` ({})? ", r.name, r.id),
        None => String::new(),
    };
    execplan::Error::Invalid(format!(
        "`{}` is not a rule: {hint}`plans rules` lists them all",
        crate::term::escape(key)
    ))
}
