//! Parts several JSON documents share, typed so that their JSON Schemas
//! (`schemas/`, `cargo xtask schemas`) are made from the same definitions
//! that write them.

use std::path::Path;

use schemars::JsonSchema;
use serde::Serialize;

/// The program that wrote a document.
#[derive(Serialize, JsonSchema)]
pub struct Tool {
    /// Always `execplan`.
    pub name: &'static str,
    /// Its version.
    pub version: &'static str,
}

impl Tool {
    /// This program.
    pub fn this() -> Self {
        Self {
            name: "execplan",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// A file passed over, and why.
#[derive(Serialize, JsonSchema)]
pub struct Skipped {
    /// The file.
    pub path: String,
    /// Why it was passed over.
    pub reason: String,
}

impl Skipped {
    /// `path` (lossily, when its name is not UTF-8) and `reason`.
    pub fn new(path: &Path, reason: &str) -> Self {
        Self {
            path: path.to_string_lossy().into_owned(),
            reason: reason.to_owned(),
        }
    }
}

/// Something that could not be read.
#[derive(Serialize, JsonSchema)]
pub struct Failure {
    /// What went wrong, naming the file.
    pub message: String,
}

impl Failure {
    /// The error's message.
    pub fn of(e: &execplan::Error) -> Self {
        Self {
            message: e.to_string(),
        }
    }
}

/// What every document starts with: its schema's `$id` and its version.
#[derive(Serialize, JsonSchema)]
pub struct Header {
    /// The schema this document follows: its `$id`.
    #[serde(rename = "$schema")]
    pub schema_id: &'static str,
    /// The document's version; fields may be added within it.
    pub schema: u32,
}

impl Header {
    /// The header of a document whose schema is `id`.
    pub fn new(id: &'static str) -> Self {
        Self {
            schema_id: id,
            schema: super::SCHEMA,
        }
    }
}
