//! `plans init`: set a repository up for ExecPlans.

use clap::ValueEnum;
use execplan::agent;
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

/// Agent clients `init --agent` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AgentChoice {
    /// Claude Code: `.mcp.json`, the guard in `.claude/settings.json`, `CLAUDE.md`.
    Claude,
    /// Codex CLI: `.codex/config.toml`, the guard in `.codex/hooks.json`, `AGENTS.md`.
    Codex,
    /// Cursor: `.cursor/mcp.json`, `AGENTS.md`.
    Cursor,
    /// Any other client: `AGENTS.md`.
    Generic,
}

/// Arguments of `plans init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also set the repository up for an agent client: its MCP server entry,
    /// the guard where the client has hooks, and the lines on keeping plans.
    #[arg(long, value_enum, value_name = "CLIENT")]
    pub agent: Option<AgentChoice>,
    /// With `--agent`: show the changes as a diff, write nothing.
    #[arg(long, requires = "agent")]
    pub dry_run: bool,
    /// Also install the pre-commit hook (as `plans hook install` does).
    #[arg(long)]
    pub hook: bool,
    /// Also write a CI workflow that runs `plans check`.
    #[arg(long, value_enum, value_name = "SYSTEM")]
    pub ci: Option<CiChoice>,
}

/// The changes `--agent` makes.
fn agent_changes(
    env: &Env,
    client: AgentChoice,
) -> Result<Vec<execplan::agent::FileChange>, execplan::Error> {
    let client = match client {
        AgentChoice::Claude => agent::Client::Claude,
        AgentChoice::Codex => agent::Client::Codex,
        AgentChoice::Cursor => agent::Client::Cursor,
        AgentChoice::Generic => agent::Client::Generic,
    };
    let folder = env.config.plan_folders().first().map_or_else(
        || ".agents".to_string(),
        |f| f.trim_end_matches('/').to_string(),
    );
    let setup = agent::Setup {
        command: env
            .invoked_as
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        folder,
    };
    agent::plan(&env.root, client, &setup)
}

/// Run `plans init`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    if let (Some(client), true) = (args.agent, args.dry_run) {
        let changes = agent_changes(env, client)?;
        out!("{}", render::init::diff(&changes));
        return Ok(EXIT_OK);
    }
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
    // The agent's lines first: they link the plans README, so the line
    // `init` appends to an AGENTS.md that lacks one is not added as well.
    let changes = match args.agent {
        Some(client) => agent_changes(env, client)?,
        None => Vec::new(),
    };
    for change in &changes {
        change.write(&env.root)?;
    }
    let steps = init::init(&env.root, &opts)?;
    out!("{}", render::init::steps(&steps));
    out!("{}", render::init::agent(&changes));
    if args.hook {
        return super::hook_install::run(env, false, false, false);
    }
    Ok(EXIT_OK)
}
