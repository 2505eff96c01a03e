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

/// Where the workflow `init --ci` writes installs the standalone binary from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstallSource {
    /// The package registry, at this binary's own version.
    CratesIo,
    /// A git repository (any URL cargo accepts, `file://` included).
    Git(String),
    /// A folder in the checked-out repository that holds `execplan-cli`.
    Path(String),
}

impl InstallSource {
    /// `crates.io`, a URL (`scheme://…` or `user@host:path`), or a path.
    fn parse(value: &str) -> Result<Self, String> {
        if value.is_empty() || value.contains(['\n', '\r']) {
            return Err("an install source is one line: crates.io, a git URL or a path".into());
        }
        if value.eq_ignore_ascii_case("crates.io") || value.eq_ignore_ascii_case("crates-io") {
            Ok(Self::CratesIo)
        } else if value.contains("://") || (value.contains('@') && value.contains(':')) {
            Ok(Self::Git(value.to_owned()))
        } else {
            Ok(Self::Path(value.to_owned()))
        }
    }

    /// The install command, runnable as written (arguments quoted for the shell).
    fn command(&self) -> String {
        match self {
            Self::CratesIo => format!(
                "cargo install --locked execplan-cli --version {}",
                env!("CARGO_PKG_VERSION")
            ),
            Self::Git(url) => format!("cargo install --locked --git {} execplan-cli", quote(url)),
            Self::Path(path) => format!("cargo install --locked --path {}", quote(path)),
        }
    }
}

/// `word` as one shell word: as is when it holds only safe characters, else
/// in single quotes.
fn quote(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-./:@%+=,~".contains(c);
    if word.chars().all(safe) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
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
    /// Where the workflow installs `cargo-plans` from: `crates.io` (the
    /// default, at this version), a git URL, or a path in the repository.
    #[arg(long, value_name = "SOURCE", value_parser = InstallSource::parse, requires = "ci")]
    pub install_from: Option<InstallSource>,
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
    // from the source asked for, at the lock file's versions.
    let mounted = env.invoked_as != "cargo plans";
    let source = args.install_from.clone().unwrap_or(InstallSource::CratesIo);
    let opts = init::Options {
        command: env.invoked_as.clone(),
        install_line: (!mounted).then(|| source.command()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_parse_and_quote() {
        assert_eq!(
            InstallSource::parse("crates.io"),
            Ok(InstallSource::CratesIo)
        );
        assert_eq!(
            InstallSource::parse("https://example.com/x.git")
                .map(|s| s.command())
                .as_deref(),
            Ok("cargo install --locked --git https://example.com/x.git execplan-cli")
        );
        assert_eq!(
            InstallSource::parse("git@host:me/execplan.git"),
            Ok(InstallSource::Git("git@host:me/execplan.git".into()))
        );
        assert_eq!(
            InstallSource::parse("vendor/exec plan/crates/execplan-cli")
                .map(|s| s.command())
                .as_deref(),
            Ok("cargo install --locked --path 'vendor/exec plan/crates/execplan-cli'")
        );
        assert!(InstallSource::parse("a\nb").is_err());
        assert!(InstallSource::parse("").is_err());
    }
}
