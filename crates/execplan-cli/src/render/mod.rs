//! Presentation of library results.

pub mod diff;
pub mod evidence;
pub mod fill;
pub mod github;
pub mod human;
pub mod json;
pub mod list;
pub mod rules;
pub mod timeline;
