//! One module per verb. Each returns the exit code, or an error for exit 2.

pub mod check;
pub mod completions;
pub mod diff;
pub mod evidence;
pub mod fill;
pub mod guard;
pub mod hook;
pub mod hook_install;
pub mod init;
pub mod list;
pub mod lsp;
pub mod mcp;
pub mod new;
pub mod prime;
pub mod report;
pub mod rules;
pub mod timeline;
pub mod write;
