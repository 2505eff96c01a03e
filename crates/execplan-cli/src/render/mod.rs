//! Presentation of library results, grouped by what is rendered: each module
//! renders one verb's result in every format that verb offers. The JSON
//! document of a verb is built here once and served by the command line and
//! by the MCP server alike; colour comes from [`crate::style`] only.

pub mod check;
pub mod diff;
pub mod doc;
pub mod evidence;
pub mod fill;
pub mod guard;
pub mod hook;
pub mod init;
pub mod list;
pub mod plan;
pub mod prime;
pub mod rules;
pub mod timeline;
pub mod write;

use serde_json::Value;

/// The schema version of every JSON document this tool prints.
pub const SCHEMA: u32 = 1;

/// A JSON document as the tool prints it: pretty, keys sorted.
pub fn pretty(doc: &Value) -> String {
    serde_json::to_string_pretty(doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// A typed document as the tool prints it: through [`Value`], so its keys
/// are sorted as every other document's.
pub fn pretty_doc<T: serde::Serialize>(doc: &T) -> String {
    match serde_json::to_value(doc) {
        Ok(v) => pretty(&v),
        Err(e) => format!("{{\"error\": \"{e}\"}}"),
    }
}
