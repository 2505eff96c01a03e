//! The open documents, the workspace they belong to, and what history said
//! about each.
//!
//! A document is *trusted* when its path resolves, through links, inside the
//! repository and in one of its plans folders (the bounds every verb holds a
//! plan argument to, `Workspace::plan_path`): only a trusted document is
//! given history (diagnostics, hover) and edits (code actions). Any other
//! markdown document that looks like a plan gets the static rules alone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use execplan::diagnostic::Diagnostic;
use execplan::live::{Buffer, NamedPath};
use execplan::timeline::PlanTimeline;
use execplan::workspace::Workspace;
use lsp_types::Uri;

use super::text::uri_path;

/// Where the server opens its workspace, and at what time.
#[derive(Debug, Clone)]
pub struct Place {
    /// The folder the workspace is opened at (its root is found from here).
    pub dir: PathBuf,
    /// A fixed clock (tests), else the clock or `EXECPLAN_NOW`.
    pub now: Option<DateTime<Utc>>,
}

impl Place {
    /// The workspace, opened afresh through the front door (the configuration
    /// read and validated again: an edit of `execplan.toml` counts at once).
    pub fn workspace(&self) -> Result<Workspace, execplan::Error> {
        match self.now {
            Some(now) => Workspace::open_at(&self.dir, now),
            None => Workspace::open(&self.dir),
        }
    }
}

/// What the history pass found for one text of a document.
#[derive(Debug, Clone)]
pub struct History {
    /// The text it was computed for.
    pub text: String,
    /// `check`'s diagnostics with the history rules (static ones included).
    pub diagnostics: Vec<Diagnostic>,
    /// The timeline, with the evidence behind each tick.
    pub timeline: Option<PlanTimeline>,
    /// The paths Context and Orientation names, and their fate.
    pub paths: Vec<NamedPath>,
}

/// One open document.
pub struct Doc {
    /// The text as the editor holds it.
    pub text: String,
    /// The editor's version of it.
    pub version: i32,
    /// Bumped at every change; a history run for an older one is dropped.
    pub generation: Arc<AtomicU64>,
    /// Root-relative path, when the document is a trusted plan.
    pub rel: Option<PathBuf>,
    /// Absolute path, when it is a file at all.
    pub path: Option<PathBuf>,
    /// The static diagnostics of the current text.
    pub diagnostics: Vec<Diagnostic>,
    /// The last history pass.
    pub history: Option<History>,
}

impl Doc {
    /// A document opened with `text`.
    pub fn new(ws: Option<&Workspace>, uri: &Uri, text: String, version: i32) -> Self {
        let path = uri_path(uri);
        let rel = match (ws, &path) {
            (Some(ws), Some(p)) => trusted(ws, p),
            _ => None,
        };
        Self {
            text,
            version,
            generation: Arc::new(AtomicU64::new(0)),
            rel,
            path,
            diagnostics: Vec::new(),
            history: None,
        }
    }

    /// The current generation.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// A new text: a history run under way for the old one is cancelled.
    pub fn changed(&mut self, text: String, version: i32) {
        self.text = text;
        self.version = version;
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The path the library reads the buffer under: root-relative when
    /// trusted, else absolute (or a placeholder for a buffer with no file).
    pub fn lib_path(&self) -> PathBuf {
        self.rel
            .clone()
            .or_else(|| self.path.clone())
            .unwrap_or_else(|| PathBuf::from("untitled.md"))
    }

    /// The buffer as a plan.
    pub fn buffer(&self, ws: &Workspace) -> Buffer {
        Buffer::new(ws, &self.lib_path(), &self.text)
    }

    /// The history of the current text: the last pass when it saw this
    /// text, else computed now (from the warm caches). `None` for a document
    /// that is not trusted.
    pub fn history(&mut self, ws: &Workspace) -> Option<&History> {
        self.rel.as_ref()?;
        if self.history.as_ref().is_none_or(|h| h.text != self.text) {
            let mut h = compute(ws, &self.buffer(ws), &|| false)?;
            h.text.clone_from(&self.text);
            self.history = Some(h);
        }
        self.history.as_ref()
    }
}

/// The root-relative path of `path` when a plan there may be given history
/// and edits: inside the root (links followed), in a plans folder, out of
/// `.git/`, and not itself a link.
pub fn trusted(ws: &Workspace, path: &Path) -> Option<PathBuf> {
    let rel = ws.plan_path(path).ok()?;
    ws.writable(&rel).ok()?;
    Some(rel)
}

/// The history pass over `buffer`: `check` with the history rules, the
/// timeline and the named paths. `cancelled` is asked between steps; `None`
/// when it said yes.
pub fn compute(ws: &Workspace, buffer: &Buffer, cancelled: &dyn Fn() -> bool) -> Option<History> {
    let checked = execplan::live::check(ws, buffer, true, true);
    if cancelled() {
        return None;
    }
    let timeline = execplan::live::timeline(ws, buffer).ok().flatten();
    if cancelled() {
        return None;
    }
    let paths = execplan::live::context_paths(ws, buffer, timeline.as_ref()).unwrap_or_default();
    if cancelled() {
        return None;
    }
    Some(History {
        text: buffer.source.text.clone(),
        diagnostics: checked.map(|c| c.diagnostics).unwrap_or_default(),
        timeline,
        paths,
    })
}

/// The open documents.
#[derive(Default)]
pub struct Docs {
    /// By URI.
    pub open: HashMap<Uri, Doc>,
}
