//! execplan: read ExecPlans, check them, and hold them against the git history
//! that produced them.
//!
//! The library never prints and never exits: it returns values and typed
//! errors. The `execplan-cli` crate decides presentation and exit codes.
//! Start with [`check::check`] and [`parse::parse`]; see `ARCHITECTURE.md`.

#![warn(missing_docs)]

// The public surface is what the CLI, xtask and the tests use; the rest is
// private so that it can change without breaking them. One line per module
// here (plain comments: each module's own `//!` doc is its documentation).

// A plan's changes between two sides and along its history (`plans diff`, `plans log`).
pub mod changes;
// Discover, read, parse and run every rule: `plans check`.
pub mod check;
// `execplan.toml`: plans folders, rule severities, section aliases.
pub mod config;
// A finding bound to its rule, severity and place.
pub mod diagnostic;
// What a timeline reads from one revision, per blob, scanned or parsed once and cached.
pub mod digest;
// Context drift: renames, deletions and changes of the paths a plan names, from history.
pub mod drift;
// The write verbs: tick, add, split, decide, surprise, outcome, close.
pub mod edit;
mod error;
// Tick evidence: the code changed behind each tick of a Progress item.
pub mod evidence;
// Created / Last Updated and tick stamps written from history (`plans fill`).
pub mod fill;
// Entry points for the cargo-fuzz targets (behind the `fuzzing` feature).
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
// The user's name from git's configuration, for new plans.
pub mod gitconfig;
// `plans guard`: the check at the end of an agent's turn.
pub mod guard;
// The one door to git (`Repo`) and the one-pass walk over the plans folders' history.
pub mod history;
// The pre-commit hook: staged plans, install and uninstall.
pub mod hook;
// `plans init --agent`: a client's configuration merged, never overwritten.
pub mod agent;
// `plans init`: a repository set up for ExecPlans, never overwriting a file.
pub mod init;
// A plan as an editor holds it (`plans lsp`): checked, given history and edited in memory.
pub mod live;
mod matching;
// `Plan` and its parts, each with its byte span and line.
pub mod model;
// The text of a new plan (`plans new`).
pub mod new;
// A plan's text with what `fill` writes blanked: what counts as a change.
pub mod normal;
mod parallel;
// Markdown (comrak) to the plan model, and the timestamp grammar.
pub mod parse;
// The semantic diff of two revisions of a plan.
pub mod plandiff;
// Selecting and loading plans, and their timelines: the verbs' shared workflow.
pub mod plans;
// `plans prime`: the briefing for an agent that starts work.
pub mod prime;
// Counters long work publishes for a caller's progress display.
pub mod progress;
// `plans report`: a release-time retrospective between two revisions.
pub mod report;
// Reading a plan at a revision, in the index or the working tree, and its parsed revisions.
pub mod revision;
// The rule registry: one file per rule, with its fixtures.
pub mod rules;
mod severity;
// A decoded plan file: text, BOM, line index.
pub mod source;
// `plans list` rows and the one staleness definition.
pub mod summary;
// Per-plan facts from history: created, last updated, each item's appearance and tick.
pub mod timeline;
// The front door: root, configuration and clock; plans found, named and read.
pub mod workspace;
mod write;

pub use error::Error;
pub use model::Plan;
pub use parse::stamp::STAMP_FORMAT;
pub use source::Source;
