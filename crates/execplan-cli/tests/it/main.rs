//! The CLI's integration tests, one test binary (as ripgrep's
//! `tests/integration/`): one module per subject, linked once instead of once
//! per file. Run one module with `cargo test -p execplan-cli --test it <module>::`.
//!
//! insta names a file snapshot after the module path, so the snapshots of a
//! module `x` are `snapshots/it__x__<name>.snap` beside this file.

mod agent_init;
mod bad_input;
mod containment;
mod diff_cli;
mod drift_cli;
mod evidence_cli;
mod field_rules;
mod field_truth;
mod first_hour;
mod front_door;
mod guard_cli;
mod history_cli;
mod hook_cli;
mod install_paths;
mod integrations_cli;
mod lsp;
mod mcp_cli;
mod moved_in;
mod odd_repos;
mod output_snapshots;
mod plan_shape_cli;
mod precision_rules;
mod prime_cli;
mod progress_cli;
mod readme;
mod report_cli;
mod report_code_cli;
mod rewording_cli;
mod rough_edges;
mod rule_fixtures;
mod schemas;
mod tick_evidence;
mod write_cli;
