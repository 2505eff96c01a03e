//! execplan: read ExecPlans, check them, and hold them against the git history
//! that produced them.
//!
//! The library never prints and never exits: it returns values and typed
//! errors. The `execplan-cli` crate decides presentation and exit codes.
//! Start with [`check::check`] and [`parse::parse`]; see `ARCHITECTURE.md`.

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod edit;
pub mod error;
pub mod fill;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub mod gitconfig;
pub mod history;
pub mod hook;
pub mod matching;
pub mod model;
pub mod new;
pub mod normal;
pub mod parallel;
pub mod parse;
pub mod plans;
pub mod report;
pub mod revdiff;
pub mod revision;
pub mod rules;
pub mod severity;
pub mod source;
pub mod summary;
pub mod timeline;
pub mod write;

pub use error::Error;
pub use model::Plan;
pub use source::Source;
