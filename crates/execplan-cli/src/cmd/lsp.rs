//! `plans lsp`: serve the plans to editors over the Language Server
//! Protocol. Like `plans mcp`, the server opens the workspace afresh for
//! every message, so it starts even where the configuration is broken and
//! says so in the editor's log.

use std::path::PathBuf;

use crate::exit::{EXIT_OK, EXIT_TROUBLE};
use crate::term::{self, ColorChoice};

/// Arguments of `plans lsp` (it speaks LSP on stdin/stdout).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Serve on stdin/stdout (the only transport; accepted because many
    /// clients pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// Run the server until the client says `exit` or goes away.
pub fn run(cwd: PathBuf, color: ColorChoice, _args: &Args) -> Result<u8, execplan::Error> {
    Ok(match crate::lsp::serve(cwd) {
        Ok(()) => EXIT_OK,
        Err(msg) => {
            term::error(color, &msg);
            EXIT_TROUBLE
        }
    })
}
