//! Presentation of library results.

pub mod diff;
pub mod evidence;
pub mod fill;
pub mod github;
pub mod hook;
pub mod human;
pub mod init;
pub mod json;
pub mod list;
pub mod plan;
pub mod rules;
pub mod sarif;
pub mod timeline;
pub mod write;
