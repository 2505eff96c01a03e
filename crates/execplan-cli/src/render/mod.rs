//! Presentation of library results.

pub mod diff;
pub mod github;
pub mod human;
pub mod json;
pub mod list;
pub mod plan;
pub mod rules;
pub mod write;
