//! A plan as an editor holds it (`plans lsp`): text that is not on disk yet,
//! checked, given its history and edited by the same code as the verbs.
//!
//! Nothing here writes a file. Every edit is computed as the new whole text
//! by the writers the verbs use ([`crate::fill`] for stamps and dates,
//! [`crate::edit::edit_text`] for a tick): the editor applies the difference
//! to its buffer, so the buffer ends up exactly as the verb would leave the
//! file. The caller decides whether a document may be given history and
//! edits at all ([`Workspace::plan_path`]: inside the root, in a plans folder).

use std::path::{Path, PathBuf};

use crate::check::{check_loaded, CheckOptions, CheckedPlan};
use crate::error::Error;
use crate::fill::{self, Edit, Facts};
use crate::model::{Plan, Span};
use crate::parse::parse;
use crate::rules::Rule;
use crate::source::Source;
use crate::timeline::{PlanRef, PlanTimeline, Working};
use crate::workspace::{Loaded, Workspace};

/// A buffer read as a plan: its root-relative path and text, parsed with the
/// configuration's options.
#[derive(Debug, Clone)]
pub struct Buffer {
    /// Root-relative path (or the absolute path of a document outside the root).
    pub path: PathBuf,
    /// The text.
    pub source: Source,
    /// Its parse.
    pub plan: Plan,
}

impl Buffer {
    /// Read `text` as the plan at `path`.
    pub fn new(ws: &Workspace, path: &Path, text: &str) -> Self {
        let source = Source::from_string(path, text.to_string());
        let mut plan = parse(&source, ws.parse_options());
        plan.path = path.to_path_buf();
        Self {
            path: path.to_path_buf(),
            source,
            plan,
        }
    }
}

/// `check` on one buffer: the static rules, and the history rules when
/// `history` (the buffer's text counts as the working tree). `None` when the
/// buffer does not look like a plan and `explicit` is false.
pub fn check(
    ws: &Workspace,
    buffer: &Buffer,
    history: bool,
    explicit: bool,
) -> Option<CheckedPlan> {
    let opts = CheckOptions {
        paths: vec![buffer.path.clone()],
        history,
        rev: None,
    };
    let loaded = Loaded {
        path: buffer.path.clone(),
        result: Ok((buffer.source.clone(), buffer.plan.clone())),
        explicit,
    };
    check_loaded(ws, &opts, vec![loaded]).plans.pop()
}

/// The buffer's timeline, the evidence behind each tick attached: what
/// `plans timeline` shows for it with the buffer as the working tree.
pub fn timeline(ws: &Workspace, buffer: &Buffer) -> Result<Option<PlanTimeline>, Error> {
    let refs = [PlanRef {
        path: &buffer.path,
        current: Some(Working::Parsed(&buffer.source, &buffer.plan)),
    }];
    let mut set = crate::timeline::for_plans(&ws.root, &ws.config, None, &refs, ws.now)?;
    if let Some(why) = set.failed.pop() {
        return Err(Error::Invalid(why));
    }
    if set.head.is_some() {
        crate::timeline::attach_evidence(&ws.root, &ws.config, &mut set, false)?;
    }
    Ok(set.timelines.into_iter().flatten().next())
}

/// What part of `plans fill` to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Everything `plans fill` writes.
    All,
    /// Created and Last Updated only.
    Dates,
    /// The stamp of the checked item on this 1-based line only.
    Stamp(usize),
}

/// The buffer's text after `plans fill` (or the part of it `what` names),
/// facts from `timeline`; `None` when it would change nothing.
pub fn fill_text(ws: &Workspace, buffer: &Buffer, tl: &PlanTimeline, what: Fill) -> Option<String> {
    let mut facts = fill::facts(tl);
    facts.metadata_block = ws.config.require_metadata;
    let facts = match what {
        Fill::All => facts,
        Fill::Dates => Facts {
            ticks: Default::default(),
            tick_bounds: Default::default(),
            ..facts
        },
        Fill::Stamp(line) => Facts {
            ticks: facts
                .ticks
                .into_iter()
                .filter(|(l, _)| *l == line)
                .collect(),
            tick_bounds: facts
                .tick_bounds
                .into_iter()
                .filter(|(l, _)| *l == line)
                .collect(),
            ..Facts::default()
        },
    };
    let edits = fill::edits(&buffer.source, &buffer.plan, &facts);
    (!edits.is_empty()).then(|| fill::apply(&buffer.source, &edits))
}

/// A path Context and Orientation names, and what history did to it.
#[derive(Debug, Clone)]
pub struct NamedPath {
    /// Where it is written.
    pub span: Span,
    /// The path as written (no `./`, no trailing `/`).
    pub path: String,
    /// Whether it exists in the working tree.
    pub exists: bool,
    /// The plan says it creates or removes it.
    pub creates: bool,
    /// History's word on it since the plan last changed (EP107's message),
    /// when history has one.
    pub history: Option<String>,
    /// Its name today, when history followed it through renames.
    pub renamed_to: Option<String>,
}

/// The paths the buffer's Context and Orientation names; with `tl`, what
/// history along HEAD's first-parent line did to each (as EP107 reads it).
pub fn context_paths(
    ws: &Workspace,
    buffer: &Buffer,
    tl: Option<&PlanTimeline>,
) -> Result<Vec<NamedPath>, Error> {
    let named = crate::rules::paths::context_paths(&buffer.plan, &buffer.source, &ws.root);
    let drift = match tl {
        Some(tl) => {
            let repo = crate::history::Repo::open(&ws.root)?;
            match crate::drift::Tracker::new(&repo)? {
                Some(mut t) => crate::rules::drift_facts(
                    &ws.root,
                    &buffer.plan,
                    &buffer.source,
                    tl,
                    &mut t,
                    &ws.config,
                )?,
                None => Vec::new(),
            }
        }
        None => Vec::new(),
    };
    Ok(named
        .into_iter()
        .map(|n| {
            let d = drift.iter().find(|d| d.span() == n.span);
            NamedPath {
                span: n.span.clone(),
                path: n.path.to_string(),
                exists: n.tries.iter().any(|t| t.exists()),
                creates: n.creates,
                history: d.map(crate::rules::PathDrift::describe),
                renamed_to: d.and_then(|d| d.renamed_to().map(str::to_string)),
            }
        })
        .collect())
}

/// The buffer's text with the path at `named` written as its new name.
/// `None` when it has none, or the span no longer holds the old one.
pub fn follow_rename(buffer: &Buffer, named: &NamedPath) -> Option<String> {
    let to = named.renamed_to.as_deref()?;
    let written = buffer.source.text.get(named.span.clone())?;
    let at = written.find(&named.path)?;
    let start = named.span.start + at;
    let edit = Edit {
        span: start..start + named.path.len(),
        text: to.to_string(),
        what: format!("`{}` → `{to}`", named.path),
    };
    Some(fill::apply(&buffer.source, &[edit]))
}

/// The buffer's text with an inline allow of `rule`: for the block at `line`
/// (a comment line above it, indented as it is), or for the whole file
/// (`line` is `None`: a comment at the end). `None` when the comment would
/// change the plan's structure or not cover the line.
pub fn allow(ws: &Workspace, buffer: &Buffer, rule: &Rule, line: Option<usize>) -> Option<String> {
    let source = &buffer.source;
    let edit = match line {
        Some(line) if line >= 1 && line <= source.line_count() => {
            let text = source.line(line);
            let indent = &text[..text.len() - text.trim_start().len()];
            let at = source.line_start(line);
            Edit {
                span: at..at,
                text: format!(
                    "{indent}<!-- execplan: allow({}) -->{}",
                    rule.name,
                    match source.line_ending(line) {
                        "" => "\n",
                        e => e,
                    }
                ),
                what: format!("allow {} on line {line}", rule.name),
            }
        }
        Some(_) => return None,
        None => {
            let end = source.text.len();
            let sep = if source.text.is_empty() || source.text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            Edit {
                span: end..end,
                text: format!("{sep}\n<!-- execplan: allow-file({}) -->\n", rule.name),
                what: format!("allow {} in the file", rule.name),
            }
        }
    };
    let text = fill::apply(source, std::slice::from_ref(&edit));
    let after = Buffer::new(ws, &buffer.path, strip_bom(&text));
    let items = |p: &Plan| -> Vec<(bool, String)> {
        p.all_items().iter().map(|i| (i.checked, i.key())).collect()
    };
    let heads =
        |p: &Plan| -> Vec<String> { p.sections.iter().map(|s| s.heading.clone()).collect() };
    let covered = after.plan.allows.iter().any(|a| {
        a.rules.iter().any(|r| r == rule.name)
            && match line {
                Some(l) => !a.file && a.line == l && a.until_line > l,
                None => a.file,
            }
    });
    let same =
        items(&buffer.plan) == items(&after.plan) && heads(&buffer.plan) == heads(&after.plan);
    (covered && same).then_some(text)
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The repository's tracked paths (the index), for completing a path.
/// Empty outside a repository.
pub fn tracked_paths(ws: &Workspace) -> Vec<String> {
    crate::history::Repo::open(&ws.root)
        .and_then(|r| r.files())
        .map(|f| f.paths().map(str::to_string).collect())
        .unwrap_or_default()
}
