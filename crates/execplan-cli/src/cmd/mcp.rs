//! `plans mcp`: serve the plans to agents over the Model Context Protocol.

use crate::env::Env;
use crate::exit::{EXIT_OK, EXIT_TROUBLE};
use crate::term;

/// Arguments of `plans mcp` (none: it speaks JSON-RPC on stdin/stdout).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run the server until the client goes away.
pub fn run(env: &Env, _args: &Args) -> Result<u8, execplan::Error> {
    Ok(match crate::mcp::serve(env.cwd.clone()) {
        Ok(()) => EXIT_OK,
        Err(msg) => {
            term::error(env.color, &msg);
            EXIT_TROUBLE
        }
    })
}
