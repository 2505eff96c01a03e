//! Output of the write verbs: a line per change for people, a `"schema": 1`
//! document for machines (the MCP server's write tools answer with it too);
//! errors the same way, with their exit code.

use execplan::edit::Written;
use execplan::Error;
use serde_json::{json, Value};

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

/// The JSON document of a write's result, as printed.
pub fn json(result: &Result<Written, Error>) -> String {
    super::pretty(&document(result))
}

/// The JSON document of an error alone (what an MCP tool answers when it fails).
pub fn error_json(e: &Error) -> String {
    super::pretty(&json!({"schema": super::SCHEMA, "error": error(e)}))
}

/// The JSON document for a write's result.
fn document(result: &Result<Written, Error>) -> Value {
    match result {
        Ok(c) => json!({
            "schema": super::SCHEMA,
            "verb": c.verb,
            "path": c.path.display().to_string(),
            "changed": c.changed,
            "changes": c.what,
            "notes": c.notes,
            "moved_to": c.moved_to.as_ref().map(|p| p.display().to_string()),
        }),
        Err(e) => json!({
            "schema": super::SCHEMA,
            "error": error(e),
        }),
    }
}

/// An error as JSON: its message, and the candidates or missing pieces.
pub fn error(e: &Error) -> Value {
    match e {
        Error::Choice {
            message,
            candidates,
        } => json!({"message": message, "candidates": candidates}),
        Error::NotReady {
            path,
            message,
            missing,
        } => json!({
            "message": format!("{}: {message}", path.display()),
            "missing": missing,
        }),
        other => json!({"message": other.to_string()}),
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
