//! Output of the write verbs: a line per change for people, a `"schema": 1`
//! document for machines (the MCP server's write tools answer with it too);
//! errors the same way, with their exit code.

use execplan::edit::Written;
use execplan::Error;
use schemars::JsonSchema;
use serde::Serialize;

use crate::exit::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};
use crate::format::WriteFormat;
use crate::term::{self, ColorChoice};

/// The exit code for a write's error: a refusal because the plan is not
/// finished is a finding (1); anything else is trouble (2).
pub fn code(e: &Error) -> u8 {
    match e {
        Error::NotReady { .. } => EXIT_FINDINGS,
        _ => EXIT_TROUBLE,
    }
}

/// The document of a write verb with `--format json` (tick, untick, add,
/// note, decide, surprise, outcome, close), and of the MCP server's write
/// tools: what was written, or the error.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "plans <write verb> --format json")]
pub struct Document<'a> {
    /// `$schema` and `schema`.
    #[serde(flatten)]
    pub header: super::doc::Header,
    /// What was written, or the error.
    #[serde(flatten)]
    pub body: Body<'a>,
}

/// What was written, or the error.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Body<'a> {
    /// The write went through (or had nothing to do).
    Written {
        /// The verb.
        verb: &'static str,
        /// The plan, relative to the root when under it.
        path: String,
        /// Whether the file was written.
        changed: bool,
        /// What changed, one line each.
        changes: &'a [String],
        /// Notes ("already ticked", "every item is done: write the outcome").
        notes: &'a [String],
        /// Where `close --move-to` put the plan; null otherwise.
        moved_to: Option<String>,
    },
    /// Nothing was written.
    Failed {
        /// What went wrong.
        error: ErrorDoc,
    },
}

/// An error: its message, and the candidates or missing pieces.
#[derive(Serialize, JsonSchema)]
pub struct ErrorDoc {
    /// What went wrong.
    pub message: String,
    /// When an item or plan was ambiguous: what can be named instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidates: Option<Vec<String>>,
    /// When the plan is not ready (`close`): what is missing, one entry each.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Vec<String>>,
}

/// The document's schema id.
pub const ID: &str = "urn:execplan:schema:write:1";

/// The JSON document of a write's result, as printed.
pub fn json(result: &Result<Written, Error>) -> String {
    let body = match result {
        Ok(c) => Body::Written {
            verb: c.verb,
            path: c.path.display().to_string(),
            changed: c.changed,
            changes: &c.what,
            notes: &c.notes,
            moved_to: c.moved_to.as_ref().map(|p| p.display().to_string()),
        },
        Err(e) => Body::Failed { error: error(e) },
    };
    super::pretty_doc(&Document {
        header: super::doc::Header::new(ID),
        body,
    })
}

/// The JSON document of an error alone (what an MCP tool answers when it fails).
pub fn error_json(e: &Error) -> String {
    super::pretty_doc(&Document {
        header: super::doc::Header::new(ID),
        body: Body::Failed { error: error(e) },
    })
}

/// An error as JSON: its message, and the candidates or missing pieces.
pub fn error(e: &Error) -> ErrorDoc {
    match e {
        Error::Choice {
            message,
            candidates,
        } => ErrorDoc {
            message: message.clone(),
            candidates: Some(candidates.clone()),
            missing: None,
        },
        Error::NotReady {
            path,
            message,
            missing,
        } => ErrorDoc {
            message: format!("{}: {message}", path.display()),
            candidates: None,
            missing: Some(missing.clone()),
        },
        other => ErrorDoc {
            message: other.to_string(),
            candidates: None,
            missing: None,
        },
    }
}

/// Print a write's result and return the exit code.
pub fn outcome(result: &Result<Written, Error>, format: WriteFormat, color: ColorChoice) -> u8 {
    if format == WriteFormat::Json {
        outln!("{}", json(result));
        return result.as_ref().map_or_else(code, |_| EXIT_OK);
    }
    match result {
        Ok(c) => {
            let path = term::escape(&c.path.display().to_string());
            if c.changed {
                outln!("{path}: {}", c.verb);
            } else {
                outln!("{path}: unchanged");
            }
            for w in &c.what {
                outln!("  {}", term::escape(w));
            }
            for n in &c.notes {
                term::note(color, n);
            }
            EXIT_OK
        }
        Err(e) => {
            term::error(color, &e.to_string());
            code(e)
        }
    }
}
