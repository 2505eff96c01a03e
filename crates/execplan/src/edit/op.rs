//! Each write verb's arguments, defined once: the command line parses them
//! (clap, behind the `clap` feature), the MCP server deserialises them and
//! describes them to agents (serde and schemars), and [`super::apply`] takes
//! them. A doc comment here is the flag's help and the tool parameter's
//! description alike.

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::Deserialize;

/// Tick a Progress item named by its text (exact, else a unique close match)
/// and stamp it now in UTC; `undo` unticks it. Ticking a ticked item changes
/// nothing.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct Tick {
    /// The item's text (exact, or enough of it to match one item).
    pub item: String,
    /// Untick the item (and drop its timestamp) instead.
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub undo: bool,
}

/// Append a Progress item; `done` appends it ticked and stamped now.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct Add {
    /// The item's text.
    pub text: String,
    /// Add it ticked, stamped now.
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub done: bool,
}

/// Split an open item into what is done (its new text, ticked and stamped)
/// and what remains (a new open item after it).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[serde(deny_unknown_fields)]
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

/// Append a Decision Log entry: decision, rationale, today's date and the
/// author, written like the plan's other entries.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[serde(deny_unknown_fields)]
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

/// Append a Surprises & Discoveries entry: an observation and its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct Surprise {
    /// What was observed.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub observation: String,
    /// What shows it: a measurement, a log line, a commit.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub evidence: String,
}

/// Append to Outcomes & Retrospective (in place of a placeholder such as
/// `None yet.`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// What happened: results against the purpose, lessons.
    pub text: String,
}

/// Close a finished plan: refused, naming what is missing, while items are
/// open or Outcomes & Retrospective is empty; `move_to` files it in another
/// plans folder (a working-tree move, no git command).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[serde(deny_unknown_fields)]
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

/// A write verb as a caller without types sees it (the MCP server): its
/// name, the JSON Schema of its arguments (the struct's doc comment is the
/// schema's description), and how to read its arguments from JSON.
pub struct Verb {
    /// The verb's name, as on the command line.
    pub name: &'static str,
    /// The JSON Schema of its arguments.
    pub schema: fn() -> schemars::Schema,
    /// Its arguments read from a JSON object (unknown fields refused).
    pub parse: fn(serde_json::Value) -> Result<Op, serde_json::Error>,
}

macro_rules! verbs {
    ($($t:ident = $name:literal),* $(,)?) => {
        $(
            impl From<$t> for Op {
                fn from(a: $t) -> Self {
                    Op::$t(a)
                }
            }
        )*
        /// Every write verb, in the order the command line lists them.
        pub const VERBS: &[Verb] = &[$(
            Verb {
                name: $name,
                schema: || schemars::schema_for!($t),
                parse: |v| serde_json::from_value::<$t>(v).map(Op::$t),
            },
        )*];
    };
}
verbs!(
    Tick = "tick",
    Add = "add",
    Split = "split",
    Decide = "decide",
    Surprise = "surprise",
    Outcome = "outcome",
    Close = "close",
);
