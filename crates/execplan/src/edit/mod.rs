//! The write verbs: `tick`, `add`, `split`, `decide`, `surprise`, `outcome`,
//! `close`. Each changes only the bytes it names, then sets Last Updated to
//! today (through `fill`, in the plan's own style), and is refused, with
//! nothing written, when the result would not read back as intended or would
//! carry a `check` error the plan did not have.
//!
//! [`edit_text`] is the pure part (text in, text out); [`apply`] locks the
//! file, edits and writes it atomically, and moves it for `close --move-to`.

mod entries;
mod items;
mod lock;
mod meta;
mod op;
mod sections;
mod text;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::fill::{self, Edit, Facts};
use crate::model::{Plan, SectionKind};
use crate::parse::parse;
use crate::rules::{self, Severity};
use crate::source::Source;
use crate::workspace::Workspace;
use crate::write::write_atomic;

pub use op::{Add, Close, Decide, Op, Outcome, Split, Surprise, Tick, Verb, VERBS};
pub use text::{MAX_ENTRY, MAX_ITEM, MAX_NAME, MAX_OUTCOME};

/// The result of [`edit_text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    /// The whole new file content (BOM put back).
    pub text: String,
    /// Whether it differs from the old content.
    pub changed: bool,
    /// What changed, one line each, for people.
    pub what: Vec<String>,
    /// Things worth knowing that are not changes ("already ticked").
    pub notes: Vec<String>,
}

/// What a write did, for the caller to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The verb.
    pub verb: &'static str,
    /// The plan, relative to the root when under it.
    pub path: PathBuf,
    /// Whether the file was written.
    pub changed: bool,
    /// What changed, one line each.
    pub what: Vec<String>,
    /// Notes ("already ticked", "every item is done: write the outcome").
    pub notes: Vec<String>,
    /// Where `close --move-to` put the plan, relative to the root.
    pub moved_to: Option<PathBuf>,
}

/// Whether an edited plan (its text and its parse) shows the intended change.
type Verify = Box<dyn Fn(&Source, &Plan) -> bool>;

/// One verb's edits against the text as read, and how to tell they worked.
pub(crate) struct Draft {
    edits: Vec<Edit>,
    /// The line of an item `fill` should stamp now.
    stamp: Option<usize>,
    /// The index (in document order, after the edits) of a new item to stamp.
    stamp_new: Option<usize>,
    verify: Verify,
    notes: Vec<String>,
}

impl Draft {
    fn verify(f: impl Fn(&Source, &Plan) -> bool + 'static) -> Self {
        Self {
            edits: Vec::new(),
            stamp: None,
            stamp_new: None,
            verify: Box::new(f),
            notes: Vec::new(),
        }
    }
}

/// Compute the new content of a plan for `op` in the workspace `ws` (its
/// configuration, root and time). Pure: nothing is read or written.
/// `after_path` is where the plan will live (for `close --move-to`: links are
/// checked from there). A decision without an author takes the plan's Owner.
pub fn edit_text(
    ws: &Workspace,
    source: &Source,
    op: &Op,
    after_path: &Path,
) -> Result<Edited, Error> {
    let plan = parse(source, ws.parse_options());
    let today = ws.now.date_naive();
    let alternatives: Vec<Draft> = match op {
        Op::Tick(Tick { item, undo }) => vec![items::tick(source, &plan, item, *undo)?],
        Op::Add(Add { text, done }) => vec![items::add(source, &plan, text, *done)?],
        Op::Split(Split {
            item,
            done,
            remaining,
        }) => vec![items::split(source, &plan, item, done, remaining)?],
        Op::Decide(Decide {
            decision,
            rationale,
            author,
        }) => {
            let author = author
                .clone()
                .or_else(|| {
                    plan.meta(crate::model::MetaKey::Owner)
                        .map(|m| m.value.clone())
                        .filter(|v| !crate::model::is_placeholder(v) && !v.trim().is_empty())
                })
                .ok_or_else(|| {
                    Error::Invalid("no author: pass --author, or set git's user.name".to_string())
                })?;
            entries::decide(source, &plan, decision, rationale, today, &author)?
        }
        Op::Surprise(Surprise {
            observation,
            evidence,
        }) => entries::surprise(source, &plan, observation, evidence)?,
        Op::Outcome(Outcome { text }) => entries::outcome(source, &plan, text)?,
        Op::Close(_) => {
            ready(source, &plan)?;
            vec![Draft::verify(|_, _| true)]
        }
    };
    let unchanged = |notes: Vec<String>| Edited {
        text: fill::apply(source, &[]),
        changed: false,
        what: Vec::new(),
        notes,
    };
    let mut refusal = None;
    for step in alternatives {
        if step.edits.is_empty() && !matches!(op, Op::Close(_)) {
            return Ok(unchanged(step.notes));
        }
        match finish(ws, source, &plan, op, step, after_path) {
            Ok(e) => return Ok(e),
            Err(e) => refusal = Some(e),
        }
    }
    Err(refusal.unwrap_or_else(|| Error::Invalid("nothing to write".to_string())))
}

/// Apply a step, stamp and date through `fill`, keep Status honest, then
/// verify and guard the result.
fn finish(
    ws: &Workspace,
    source: &Source,
    plan: &Plan,
    op: &Op,
    step: Draft,
    after_path: &Path,
) -> Result<Edited, Error> {
    let opts = ws.parse_options();
    let now = ws.now;
    let reparse = |text: String| {
        let s = Source::from_string(&source.path, text);
        let p = parse(&s, opts);
        (s, p)
    };
    let mut what: Vec<String> = step.edits.iter().map(|e| e.what.clone()).collect();
    let mut notes = step.notes;
    let (s1, p1) = reparse(fill::apply(source, &step.edits));
    let mut ticks = HashMap::new();
    let stamp_line = step.stamp.or_else(|| {
        step.stamp_new
            .and_then(|i| p1.all_items().get(i).map(|it| it.line))
    });
    if let Some(line) = stamp_line {
        ticks.insert(line, now);
    }
    // The tick is now, and so is its bound: an existing stamp later than now is wrong.
    let facts = Facts {
        last_updated: Some(now.date_naive()),
        tick_bounds: ticks.clone(),
        ticks,
        ..Facts::default()
    };
    let dated = fill::edits(&s1, &p1, &facts);
    what.extend(dated.iter().map(|e| e.what.clone()));
    let (s2, p2) = reparse(fill::apply(&s1, &dated));
    let (s3, p3) = match meta::last_updated(&s2, &p2, now.date_naive()) {
        Some(e) => {
            what.push(e.what.clone());
            reparse(fill::apply(&s2, &[e]))
        }
        None => (s2, p2),
    };
    let (s4, p4) = match meta::status(ws, &s3, &p3, matches!(op, Op::Close(_))) {
        Some(e) => {
            what.push(e.what.clone());
            reparse(fill::apply(&s3, &[e]))
        }
        None => (s3, p3),
    };
    let path = source.path.display();
    if !(step.verify)(&s4, &p4) || !keeps_the_rest(op, plan, &p4) {
        return Err(Error::Invalid(format!(
            "{path}: refused, nothing written: the {} would not read back as written here (the markdown around it changes its meaning); edit this one by hand",
            op.verb()
        )));
    }
    let before = errors(ws, source, plan, &source.path);
    let moved = Source::from_string(after_path, s4.text.clone());
    let after_plan = parse(&moved, opts);
    for (id, (count, name, message)) in errors(ws, &moved, &after_plan, after_path) {
        if count <= before.get(id).map_or(0, |b| b.0) {
            continue;
        }
        if name == "missing-outcomes" {
            continue; // said in a note below: the tick itself is right
        }
        return Err(Error::Invalid(format!(
            "{path}: refused, nothing written: the {} would add {id} {name}: {message}",
            op.verb()
        )));
    }
    let (done, total) = p4.counts();
    let unwritten = p4
        .section(SectionKind::Outcomes)
        .is_none_or(|s| entries::is_empty(&s4, s));
    if total > 0 && done == total && plan.counts().0 < total && unwritten {
        notes.push(format!(
            "all {total} Progress items are done: write Outcomes & Retrospective with `plans outcome`, then `plans close`"
        ));
    }
    let text = fill::apply(&s4, &[]);
    let changed = text != fill::apply(source, &[]);
    Ok(Edited {
        text,
        changed,
        what,
        notes,
    })
}

/// Verbs that do not touch Progress leave every item as it was.
fn keeps_the_rest(op: &Op, before: &Plan, after: &Plan) -> bool {
    let items = |p: &Plan| -> Vec<(bool, String)> {
        p.all_items().iter().map(|i| (i.checked, i.key())).collect()
    };
    matches!(op, Op::Tick(_) | Op::Add(_) | Op::Split(_)) || items(before) == items(after)
}

/// Error-level findings of the static rules, counted by rule id (with the
/// rule's name and one message).
fn errors(
    ws: &Workspace,
    source: &Source,
    plan: &Plan,
    path: &Path,
) -> HashMap<&'static str, (usize, &'static str, String)> {
    let mut plan = plan.clone();
    plan.path = path.to_path_buf();
    let rctx = rules::Ctx {
        plan: &plan,
        source,
        config: &ws.config,
        root: &ws.root,
        now: ws.now,
        files: None,
    };
    let mut out: HashMap<&'static str, (usize, &'static str, String)> = HashMap::new();
    for (rule, sev, f) in rules::run_static(&rctx) {
        if sev == Severity::Error {
            let e = out.entry(rule.id).or_insert((0, rule.name, f.message));
            e.0 += 1;
        }
    }
    out
}

/// `close` refuses while items are open or Outcomes & Retrospective says
/// nothing, naming each.
fn ready(source: &Source, plan: &Plan) -> Result<(), Error> {
    let mut missing: Vec<String> = plan
        .all_items()
        .iter()
        .filter(|i| !i.checked)
        .map(|i| format!("open item, line {}: {}", i.line, i.text))
        .collect();
    match plan.section(SectionKind::Outcomes) {
        None => missing.push(
            "Outcomes & Retrospective: no such section; write it with `plans outcome`".to_string(),
        ),
        Some(s) if entries::is_empty(source, s) => missing.push(format!(
            "Outcomes & Retrospective (line {}): empty; write it with `plans outcome`",
            s.line
        )),
        Some(_) => {}
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::NotReady {
            path: source.path.clone(),
            message: "not closed: it is not finished".to_string(),
            missing,
        })
    }
}

/// Resolve the plan `name` (a path or slug, [`Workspace::plan`]) and
/// [`apply`] `op` to it: what the write verbs and the MCP server's write
/// tools do.
pub fn write(ws: &Workspace, name: &str, op: &Op) -> Result<Written, Error> {
    apply(ws, &ws.plan(name)?, op)
}

/// Lock the plan at `rel` (root-relative, from [`Workspace::plan`]), apply
/// `op`, write atomically, and for `close --move-to` move it. A refused or
/// failed edit leaves the file as it was. A decision without an author is
/// git's `user.name`'s, else the plan Owner's.
pub fn apply(ws: &Workspace, rel: &Path, op: &Op) -> Result<Written, Error> {
    // Checked again here, not only when the plan was named: the one place
    // every write goes through.
    let path = ws.writable(rel)?;
    let path = path.as_path();
    let _lock = lock::lock(path)?;
    let rel = |p: &Path| ws.rel(p).to_path_buf();
    // Read under the name the user knows (relative to the root), so messages
    // and the guard's link checks see the plan where `check` sees it.
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let source = Source::from_bytes(&rel(path), bytes)?;
    let dest = match op {
        Op::Close(Close { move_to: Some(dir) }) => {
            let name = path
                .file_name()
                .ok_or_else(|| Error::Invalid(format!("{}: not a file name", path.display())))?;
            // A plan moves only to another plans folder of the repository.
            let dir = ws.plan_path(dir)?;
            Some(ws.writable(&dir.join(name))?)
        }
        _ => None,
    };
    if let Some(d) = &dest {
        if d.exists() && d != path {
            return Err(Error::Exists { path: d.clone() });
        }
    }
    let op = match op {
        Op::Decide(d) if d.author.is_none() => Op::Decide(Decide {
            author: crate::gitconfig::user_name(&ws.root),
            ..d.clone()
        }),
        other => other.clone(),
    };
    let after = rel(dest.as_deref().unwrap_or(path));
    let edited = edit_text(ws, &source, &op, &after)?;
    if edited.changed {
        write_atomic(path, edited.text.as_bytes(), false)?;
    }
    let mut change = Written {
        verb: op.verb(),
        path: rel(path),
        changed: edited.changed,
        what: edited.what,
        notes: edited.notes,
        moved_to: None,
    };
    if let Some(d) = dest.filter(|d| d != path) {
        if let Some(parent) = d.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::rename(path, &d).map_err(|source| Error::Io {
            path: d.clone(),
            source,
        })?;
        change.what.push(format!("moved to {}", rel(&d).display()));
        change.moved_to = Some(rel(&d));
        change.changed = true;
    }
    Ok(change)
}
