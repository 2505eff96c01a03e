//! `plans mcp`: serve the plans to agents over the Model Context Protocol.
//! The server reads the workspace afresh for every call, so it starts even
//! where the configuration is broken and says so in each answer.

use std::path::PathBuf;

use crate::exit::{EXIT_OK, EXIT_TROUBLE};
use crate::term::{self, ColorChoice};

/// Arguments of `plans mcp` (none: it speaks JSON-RPC on stdin/stdout).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run the server until the client goes away.
pub fn run(cwd: PathBuf, color: ColorChoice, _args: &Args) -> Result<u8, execplan::Error> {
    Ok(match crate::mcp::serve(cwd) {
        Ok(()) => EXIT_OK,
        Err(msg) => {
            term::error(color, &msg);
            EXIT_TROUBLE
        }
    })
}
