//! Any bytes as JSON-RPC lines to the MCP server, rooted in a scratch plans
//! folder: every line owed a reply gets exactly one, well formed, and no call
//! changes anything outside the plans folder.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| execplan_cli::fuzz_mcp_lines(data));
