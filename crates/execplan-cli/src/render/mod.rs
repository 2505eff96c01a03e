//! Presentation of library results.

pub mod github;
pub mod human;
pub mod json;
pub mod list;
pub mod rules;
