//! Each write verb's arguments, defined once: the command line parses them
//! (clap, behind the `clap` feature), the MCP server deserialises them and
//! describes them to agents (serde and schemars), and [`super::apply`] takes
//! them. A doc comment here is the flag's help and the tool parameter's
//! description alike.

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::Deserialize;

/// `tick`: tick a Progress item and stamp it now, or untick it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct Tick {
    /// The item's text (exact, or enough of it to match one item).
    pub item: String,
    /// Untick the item (and drop its timestamp) instead.
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub undo: bool,
}

/// `add`: append a Progress item.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct Add {
    /// The item's text.
    pub text: String,
    /// Add it ticked, stamped now.
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub done: bool,
}

/// `split`: split an open item into what is done and what remains.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct Split {
    /// The open item to split (exact text, or enough of it to match one item).
    pub item: String,
    /// What is done: the item's new text, ticked and stamped now.
    #[cfg_attr(feature = "clap", arg(long = "done", value_name = "TEXT"))]
    pub done: String,
    /// What remains: a new open item right after it.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub remaining: String,
}

/// `decide`: append a Decision Log entry dated today.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct Decide {
    /// The decision.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub decision: String,
    /// Why it was made.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub rationale: String,
    /// Who made it (default: git's `user.name`, else the plan's Owner).
    #[cfg_attr(feature = "clap", arg(long, value_name = "NAME"))]
    #[serde(default)]
    #[schemars(with = "String")]
    pub author: Option<String>,
}

/// `surprise`: append a Surprises & Discoveries entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct Surprise {
    /// What was observed.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub observation: String,
    /// What shows it: a measurement, a log line, a commit.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub evidence: String,
}

/// `outcome`: append to Outcomes & Retrospective.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct Outcome {
    /// What happened: results against the purpose, lessons.
    pub text: String,
}

/// `close`: refuse unless every item is done and Outcomes & Retrospective is
/// written; then date the plan and, when asked, move it to a folder.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct Close {
    /// Then move the file into this folder (created if missing; a working-tree
    /// move, no git command is run).
    #[cfg_attr(feature = "clap", arg(long, value_name = "FOLDER"))]
    #[serde(default)]
    #[schemars(with = "String")]
    pub move_to: Option<PathBuf>,
}

/// One write verb with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Tick the item named by its text and stamp it; with `undo`, untick it.
    Tick(Tick),
    /// Append a Progress item.
    Add(Add),
    /// Split an open item into what is done and what remains.
    Split(Split),
    /// Append a Decision Log entry dated today.
    Decide(Decide),
    /// Append a Surprises & Discoveries entry.
    Surprise(Surprise),
    /// Append to Outcomes & Retrospective.
    Outcome(Outcome),
    /// Close a finished plan, and file it when asked.
    Close(Close),
}

impl Op {
    /// The verb's name, as on the command line.
    pub fn verb(&self) -> &'static str {
        match self {
            Op::Tick(Tick { undo: false, .. }) => "tick",
            Op::Tick(Tick { undo: true, .. }) => "untick",
            Op::Add(_) => "add",
            Op::Split(_) => "split",
            Op::Decide(_) => "decide",
            Op::Surprise(_) => "surprise",
            Op::Outcome(_) => "outcome",
            Op::Close(_) => "close",
        }
    }
}

macro_rules! into_op {
    ($($t:ident),*) => {$(
        impl From<$t> for Op {
            fn from(a: $t) -> Self {
                Op::$t(a)
            }
        }
    )*};
}
into_op!(Tick, Add, Split, Decide, Surprise, Outcome, Close);
