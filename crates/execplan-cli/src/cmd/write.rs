//! The write verbs: `tick`, `add`, `split`, `decide`, `surprise`, `outcome`,
//! `close`. The library does the edit; this module names the plan, builds the
//! operation and hands the result to `render::write`.

use std::path::PathBuf;

use execplan::edit::{apply, resolve, Ctx, Op};

use super::Env;
use crate::render;

/// Output formats of the write verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WriteFormat {
    /// The plan, what changed (one line each), notes on stderr.
    Human,
    /// A JSON document (`"schema": 1`): the change, or the error with its candidates.
    Json,
}

/// What every write verb takes.
#[derive(Debug, clap::Args)]
pub struct Target {
    /// The plan: a path to its file, or its slug (file name without `.md`).
    pub plan: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = WriteFormat::Human)]
    pub format: WriteFormat,
}

/// Arguments of `plans tick`.
#[derive(Debug, clap::Args)]
pub struct TickArgs {
    #[command(flatten)]
    target: Target,
    /// The item's text (exact, or enough of it to match one item).
    pub item: String,
    /// Untick the item (and drop its timestamp) instead.
    #[arg(long)]
    pub undo: bool,
}

/// Arguments of `plans add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    #[command(flatten)]
    target: Target,
    /// The item's text.
    pub text: String,
    /// Add it ticked, stamped now.
    #[arg(long)]
    pub done: bool,
}

/// Arguments of `plans split`.
#[derive(Debug, clap::Args)]
pub struct SplitArgs {
    #[command(flatten)]
    target: Target,
    /// The open item to split (exact text, or enough of it to match one item).
    pub item: String,
    /// What is done: the item's new text, ticked and stamped now.
    #[arg(long = "done", value_name = "TEXT")]
    pub done: String,
    /// What remains: a new open item right after it.
    #[arg(long, value_name = "TEXT")]
    pub remaining: String,
}

/// Arguments of `plans decide`.
#[derive(Debug, clap::Args)]
pub struct DecideArgs {
    #[command(flatten)]
    target: Target,
    /// The decision.
    #[arg(long, value_name = "TEXT")]
    pub decision: String,
    /// Why it was made.
    #[arg(long, value_name = "TEXT")]
    pub rationale: String,
    /// Who made it (default: git's `user.name`, else the plan's Owner).
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
}

/// Arguments of `plans surprise`.
#[derive(Debug, clap::Args)]
pub struct SurpriseArgs {
    #[command(flatten)]
    target: Target,
    /// What was observed.
    #[arg(long, value_name = "TEXT")]
    pub observation: String,
    /// What shows it: a measurement, a log line, a commit.
    #[arg(long, value_name = "TEXT")]
    pub evidence: String,
}

/// Arguments of `plans outcome`.
#[derive(Debug, clap::Args)]
pub struct OutcomeArgs {
    #[command(flatten)]
    target: Target,
    /// What happened: results against the purpose, lessons.
    pub text: String,
}

/// Arguments of `plans close`.
#[derive(Debug, clap::Args)]
pub struct CloseArgs {
    #[command(flatten)]
    target: Target,
    /// Then move the file into this folder (created if missing; a working-tree
    /// move, no git command is run).
    #[arg(long, value_name = "FOLDER")]
    pub move_to: Option<PathBuf>,
}

/// The verbs as one enum, so `lib.rs` dispatches them in one line each.
#[derive(Debug)]
pub enum Verb<'a> {
    /// `plans tick`
    Tick(&'a TickArgs),
    /// `plans add`
    Add(&'a AddArgs),
    /// `plans split`
    Split(&'a SplitArgs),
    /// `plans decide`
    Decide(&'a DecideArgs),
    /// `plans surprise`
    Surprise(&'a SurpriseArgs),
    /// `plans outcome`
    Outcome(&'a OutcomeArgs),
    /// `plans close`
    Close(&'a CloseArgs),
}

impl Verb<'_> {
    fn parts(&self, env: &Env) -> (&Target, Op) {
        match self {
            Verb::Tick(a) => (
                &a.target,
                Op::Tick {
                    item: a.item.clone(),
                    undo: a.undo,
                },
            ),
            Verb::Add(a) => (
                &a.target,
                Op::Add {
                    text: a.text.clone(),
                    done: a.done,
                },
            ),
            Verb::Split(a) => (
                &a.target,
                Op::Split {
                    item: a.item.clone(),
                    done: a.done.clone(),
                    remaining: a.remaining.clone(),
                },
            ),
            Verb::Decide(a) => (
                &a.target,
                Op::Decide {
                    decision: a.decision.clone(),
                    rationale: a.rationale.clone(),
                    author: a.author.clone(),
                },
            ),
            Verb::Surprise(a) => (
                &a.target,
                Op::Surprise {
                    observation: a.observation.clone(),
                    evidence: a.evidence.clone(),
                },
            ),
            Verb::Outcome(a) => (
                &a.target,
                Op::Outcome {
                    text: a.text.clone(),
                },
            ),
            Verb::Close(a) => (
                &a.target,
                Op::Close {
                    move_to: a.move_to.as_ref().map(|d| {
                        let abs = env.cwd.join(d);
                        abs.strip_prefix(&env.root)
                            .map(PathBuf::from)
                            .unwrap_or(abs)
                    }),
                },
            ),
        }
    }
}

/// Run one write verb: resolve the plan, apply, render; errors rendered in
/// the chosen format with their exit code.
pub fn run(env: &Env, verb: Verb<'_>) -> Result<u8, execplan::Error> {
    let (target, op) = verb.parts(env);
    let result = write(env, &target.plan, &op);
    Ok(render::write::outcome(&result, target.format, env.color))
}

/// Resolve `plan` and apply `op` (shared with the MCP server).
pub fn write(env: &Env, plan: &str, op: &Op) -> Result<execplan::edit::Change, execplan::Error> {
    let path = resolve(&env.root, &env.cwd, &env.config, plan)?;
    let ctx = Ctx {
        config: &env.config,
        root: &env.root,
        now: env.now,
        author: execplan::gitconfig::user_name(&env.root),
    };
    apply(&path, op, &ctx)
}
