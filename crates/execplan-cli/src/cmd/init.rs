//! `plans init`: set a repository up for ExecPlans.

use clap::ValueEnum;
use execplan::init::{self, Ci};

use crate::env::Env;
use crate::exit::EXIT_OK;
use crate::render;

/// CI systems `init --ci` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiChoice {
    /// A GitHub Actions workflow, `.github/workflows/execplan.yml`.
    Github,
}

/// Arguments of `plans init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also install the pre-commit hook (as `plans hook install` does).
    #[arg(long)]
    pub hook: bool,
    /// Also write a CI workflow that runs `plans check`.
    #[arg(long, value_enum, value_name = "SYSTEM")]
    pub ci: Option<CiChoice>,
}

/// Run `plans init`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    // A mounted xtask builds itself in CI; the standalone binary is installed
    // from its repository, at the lock file's versions.
    let mounted = env.invoked_as != "cargo plans";
    let opts = init::Options {
        command: env.invoked_as.clone(),
        install_line: (!mounted).then(|| {
            format!(
                "cargo install --locked --git {} execplan-cli",
                env!("CARGO_PKG_REPOSITORY")
            )
        }),
        ci: args.ci.map(|CiChoice::Github| Ci::Github),
    };
    let steps = init::init(&env.root, &opts)?;
    out!("{}", render::init::steps(&steps));
    if args.hook {
        return super::hook_install::run(env, false, false, false);
    }
    Ok(EXIT_OK)
}
