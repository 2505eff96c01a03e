//! Presentation of library results.

pub mod diff;
pub mod fill;
pub mod github;
pub mod human;
pub mod json;
pub mod list;
pub mod plan;
pub mod rules;
pub mod timeline;
pub mod write;
