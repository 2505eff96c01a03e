//! `plans guard`: the check at the end of an agent's turn, run by Claude
//! Code's `Stop` and `SubagentStop` hooks and Codex's `Stop` hook.
//!
//! The hook's input (JSON on stdin: `session_id`, `stop_hook_active`,
//! `hook_event_name`) is read when stdin is not a terminal; `cwd` and
//! `transcript_path` are not used (nothing outside the repository is read).
//! Exit codes: 0 the turn may end; 2 it may not, the reason on stderr (the
//! hooks' exit-code form); 1 the guard could not run, said on stderr, which
//! the clients show and do not block on. With `--format hook-json` a block
//! is the decision document on stdout, exit 0.

use std::io::{IsTerminal, Read};

use clap::ValueEnum;
use execplan::guard::{guard, Turn};
use serde_json::Value;

use crate::env::Env;
use crate::exit::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};
use crate::render;
use crate::term::ColorChoice;

/// The most hook input read from stdin.
const MAX_INPUT: u64 = 1 << 20;

/// Output forms of `plans guard`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GuardFormat {
    /// The reason on stderr and exit 2 when the turn may not end.
    Text,
    /// `{"decision":"block","reason":…}` on stdout, exit 0 (the hooks' JSON form).
    HookJson,
    /// The whole verdict as JSON (`"schema": 1`), exit 0 either way.
    Json,
}

/// Arguments of `plans guard`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output form.
    #[arg(long, value_enum, default_value_t = GuardFormat::Text)]
    pub format: GuardFormat,
    /// Compare with this revision instead of where the session's last turn ended.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
}

/// The hook input on stdin, when there is one.
fn turn(since: Option<String>) -> Turn {
    let mut turn = Turn {
        since,
        ..Turn::default()
    };
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return turn;
    }
    let mut text = String::new();
    if stdin
        .lock()
        .take(MAX_INPUT)
        .read_to_string(&mut text)
        .is_err()
    {
        return turn;
    }
    let Ok(input) = serde_json::from_str::<Value>(&text) else {
        return turn;
    };
    turn.session = input
        .get("session_id")
        .and_then(Value::as_str)
        .map(str::to_string);
    turn.continued = input
        .get("stop_hook_active")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    turn.event = input
        .get("hook_event_name")
        .and_then(Value::as_str)
        .map(str::to_string);
    turn
}

/// Run `plans guard`: never exit 2 for trouble, which a hook would take as a block.
pub fn run(
    chdir: Option<&std::path::Path>,
    color: ColorChoice,
    invoked_as: Option<&str>,
    args: &Args,
) -> u8 {
    let turn = turn(args.since.clone());
    let env = match Env::new(chdir, color, invoked_as) {
        Ok(e) => e,
        Err(e) => {
            crate::term::error(color, &format!("plans guard could not run: {e}"));
            return EXIT_FINDINGS;
        }
    };
    let verdict = match guard(&env, &turn) {
        Ok(v) => v,
        Err(e) => {
            crate::term::error(color, &format!("plans guard could not run: {e}"));
            return EXIT_FINDINGS;
        }
    };
    let prefix = env.runnable();
    if verdict.repeated {
        crate::term::note(
            color,
            "the same reasons blocked the previous stop; the guard does not block twice in a row",
        );
    }
    match args.format {
        GuardFormat::Json => {
            outln!("{}", render::guard::json(&verdict, &prefix));
            EXIT_OK
        }
        GuardFormat::HookJson if verdict.blocks() => {
            outln!("{}", render::guard::decision(&verdict, &prefix));
            EXIT_OK
        }
        GuardFormat::Text if verdict.blocks() => {
            eprint!("{}", render::guard::reason(&verdict, &prefix));
            EXIT_TROUBLE
        }
        _ => EXIT_OK,
    }
}
