//! `plans check`'s report in each of its formats: rustc-style diagnostics
//! for people ([`human`]), the JSON document ([`json`], also the MCP
//! server's `check_plan`), GitHub workflow commands ([`github`]) and SARIF
//! ([`sarif`]).

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

pub use json::json;
