//! Shared test fixtures for the execplan workspace: throw-away git repositories
//! built with the git CLI, the real `cargo-plans` binary run against them, and
//! the shared corpus of real plans.
//!
//! Every git and `cargo-plans` process gets the same isolation: no global or
//! system git configuration (`GIT_CONFIG_GLOBAL=/dev/null`,
//! `GIT_CONFIG_NOSYSTEM=1`), fixed author and committer identities, and none of
//! the `GIT_DIR`-style variables a surrounding hook may have set. So the
//! developer's configuration (signing, hooks, default branch) cannot leak in and
//! the same test behaves the same on every machine.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli;
mod corpus;
mod mcp;
mod repo;

pub use cli::{
    cargo_plans, combined, diagnostics, output, output_with_input, plans_command, run, run_at, NOW,
};
pub use corpus::shared_corpus;
pub use mcp::McpClient;
pub use repo::{commit_command, git_command, git_in, TestRepo};
