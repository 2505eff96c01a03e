//! The write verbs: `tick`, `add`, `split`, `decide`, `surprise`, `outcome`,
//! `close`. Their arguments are the library's (`execplan::edit::Tick`, …),
//! defined once for the command line and the MCP server; this module adds
//! the plan and the output format, and hands the result to `render::write`.

use execplan::edit::Op;

use crate::env::Env;
use crate::format::WriteFormat;
use crate::render;

/// A write verb's command line: the plan, the verb's own arguments, the format.
#[derive(Debug, clap::Args)]
pub struct Write<T: clap::Args> {
    /// The plan: a path to its file, or its slug (file name without `.md`).
    pub plan: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = WriteFormat::Human)]
    pub format: WriteFormat,
    /// The verb's arguments.
    #[command(flatten)]
    pub args: T,
}

/// Run one write verb: resolve the plan, apply, render; errors rendered in
/// the chosen format with their exit code.
pub fn run<T: clap::Args + Clone + Into<Op>>(env: &Env, w: &Write<T>) -> u8 {
    let result = execplan::edit::write(env, &w.plan, &w.args.clone().into());
    render::write::outcome(&result, w.format, env.color)
}
