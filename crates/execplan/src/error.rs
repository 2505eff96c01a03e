//! The library's error type. Each variant's message names the file and the way out.

use std::path::PathBuf;

/// Operational errors: the tool could not do its job for a file or a repository.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file contains bytes that are not UTF-8.
    #[error("{}:{line}:{column}: not valid UTF-8; re-save the file as UTF-8", path.display())]
    NotUtf8 {
        /// The file involved.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based byte column of the first invalid byte.
        column: usize,
    },
    /// The file looks binary (contains NUL bytes).
    #[error("{}: binary file (contains NUL bytes), not a plan; move it out of the plans folder or exclude it in execplan.toml", path.display())]
    Binary {
        /// The file involved.
        path: PathBuf,
    },
    /// The file is larger than a plan may be ([`crate::source::max_plan_bytes`]).
    #[error("{}: {size} bytes, more than the {limit} a plan may be; move it out of the plans folder, exclude it in execplan.toml, or raise the limit with EXECPLAN_MAX_PLAN_BYTES=<bytes>", path.display())]
    TooLarge {
        /// The file involved.
        path: PathBuf,
        /// Its size in bytes.
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The configuration file is invalid.
    #[error("{}: {message}", path.display())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// No plans folder could be found.
    #[error("no plans folder: {message}")]
    NoPlansFolder {
        /// What was looked for and what was found instead.
        message: String,
    },
    /// A file exists already and will not be overwritten.
    #[error("{}: already exists; pick another slug or remove the file first", path.display())]
    Exists {
        /// The file involved.
        path: PathBuf,
    },
    /// A value given by the user is not acceptable.
    #[error("{0}")]
    Invalid(String),
    /// A name given by the user (a plan, a Progress item) matched nothing or
    /// more than one thing; the candidates are the way out.
    #[error("{message}{}", list(candidates))]
    Choice {
        /// What was looked for and why it did not settle.
        message: String,
        /// What the user can name instead.
        candidates: Vec<String>,
    },
    /// A write verb refused: the plan is not in a state that allows it
    /// (`close` with open items or no outcomes). Nothing was written.
    #[error("{}: {message}{}", path.display(), list(missing))]
    NotReady {
        /// The plan.
        path: PathBuf,
        /// What was refused.
        message: String,
        /// What is missing, one entry each.
        missing: Vec<String>,
    },
    /// A path given to a verb, or found in the repository, leads where
    /// execplan never reads or writes (outside the repository, into `.git/`,
    /// out of the plans folders, through a link that leaves the root).
    /// Nothing was read or written.
    #[error("{}: refused: {reason}; nothing read or written", path.display())]
    Refused {
        /// The path as given.
        path: PathBuf,
        /// Why it is out of bounds, and the way back in.
        reason: String,
    },
    /// Reading git history failed.
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
}

fn list(items: &[String]) -> String {
    items.iter().map(|c| format!("\n  - {c}")).collect()
}

impl From<crate::write::WriteError> for Error {
    fn from(e: crate::write::WriteError) -> Self {
        match e {
            crate::write::WriteError::Io { path, source } => Error::Io { path, source },
            other @ (crate::write::WriteError::Symlink { .. }
            | crate::write::WriteError::NotWritable { .. }) => Error::Invalid(other.to_string()),
        }
    }
}
