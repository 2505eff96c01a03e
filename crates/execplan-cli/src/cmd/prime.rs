//! `plans prime`: a briefing for an agent that starts work.

use execplan::prime::prime;

use crate::env::Env;
use crate::exit::EXIT_OK;
use crate::render;

/// Output formats of `plans prime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PrimeFormat {
    /// Text for an agent's context.
    Text,
    /// JSON (`"schema": 1`).
    Json,
}

/// Arguments of `plans prime`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = PrimeFormat::Text)]
    pub format: PrimeFormat,
    /// The most bytes the briefing takes.
    #[arg(long, value_name = "BYTES", default_value_t = render::prime::DEFAULT_BUDGET)]
    pub budget: usize,
}

/// Run `plans prime`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    let briefing = prime(env)?;
    match args.format {
        PrimeFormat::Text => out!(
            "{}",
            render::prime::text(&briefing, args.budget, &format!("{} ", env.runnable()))
        ),
        PrimeFormat::Json => outln!("{}", render::prime::json(&briefing, args.budget)),
    }
    Ok(EXIT_OK)
}
