//! `plans guard`: the check at the end of an agent's turn.
//!
//! What the turn changed is the difference between the turn's base commit
//! (the commit the session's last passing guard saw, else `HEAD`, or a
//! revision the caller names) and the files as they are now: commits made
//! during the turn, staged and unstaged edits and new files git does not
//! ignore, read from the index's file stamps so that only files whose stamp
//! moved are hashed. The guard blocks when:
//!
//! - files changed outside the plans folders while no plan's Progress,
//!   Surprises & Discoveries or Decision Log changed, and some plan is open
//!   ([`Kind::Unrecorded`]);
//! - an item was ticked while nothing outside the plans folders changed
//!   ([`Kind::Unbacked`]);
//! - a plan changed in the turn has errors ([`Kind::Errors`]).
//!
//! Each block carries the verb that fixes it (`tick <plan> "<item>"`, …),
//! without the command prefix, which is the caller's. Nothing is read or
//! written outside the repository; the one file written is the session's
//! memory under the git directory (`execplan/guard/`), so that the guard
//! never blocks twice in a row for the same reason.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::check::{check, CheckOptions};
use crate::error::Error;
use crate::history::{blob_id, EntryKind, ObjectId, Repo};
use crate::model::Plan;
use crate::parse::parse;
use crate::plandiff::ItemChangeKind;
use crate::severity::Severity;
use crate::source::Source;
use crate::workspace::Workspace;

/// The largest session id kept as a file name as it is; a longer or odd one
/// is kept by its hash.
const SESSION_MAX: usize = 128;

/// How many changed paths a result names (the count is always whole).
const SHOWN_PATHS: usize = 8;

/// What the client said about the turn (Claude Code's and Codex's `Stop`
/// input: `session_id`, `stop_hook_active`, `hook_event_name`).
#[derive(Debug, Clone, Default)]
pub struct Turn {
    /// The session, when the client names it.
    pub session: Option<String>,
    /// The agent is already continuing because a stop hook blocked it.
    pub continued: bool,
    /// The event (`Stop`, `SubagentStop`), for the record.
    pub event: Option<String>,
    /// Compare with this revision instead of the session's base.
    pub since: Option<String>,
}

/// Why the guard blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Files changed outside the plans folders and no plan recorded it.
    Unrecorded,
    /// An item was ticked with nothing changed behind it.
    Unbacked,
    /// A plan changed in the turn has errors.
    Errors,
}

/// One reason to block, with the verbs that fix it.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    /// Which check.
    pub kind: Kind,
    /// The plan concerned, relative to the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// What is wrong, in a sentence or a few lines.
    pub message: String,
    /// The verbs that fix it, without the command prefix
    /// (`tick .agents/p.md 'Write the parser'`).
    pub fixes: Vec<String>,
}

/// One plan the turn changed.
#[derive(Debug, Clone, Serialize)]
pub struct PlanTurn {
    /// Path relative to the root.
    pub path: String,
    /// Its Progress, Surprises & Discoveries or Decision Log changed.
    pub recorded: bool,
    /// Items ticked in the turn.
    pub ticked: Vec<String>,
}

/// What the guard found.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// The commit the turn is compared with (`None`: no commit yet).
    pub base: Option<String>,
    /// How many files changed outside the plans folders.
    pub changed: usize,
    /// The first of them, in path order.
    pub changed_paths: Vec<String>,
    /// The plans the turn changed.
    pub plans: Vec<PlanTurn>,
    /// The reasons to block (empty: the turn may end).
    pub blocks: Vec<Block>,
    /// The same reasons blocked the previous stop of this session, which the
    /// agent is continuing from: they are reported, not blocked on again.
    pub repeated: bool,
}

impl Verdict {
    /// The turn must not end yet.
    pub fn blocks(&self) -> bool {
        !self.blocks.is_empty() && !self.repeated
    }

    /// A key for the reasons, to tell one block from the next.
    fn key(&self) -> String {
        let text: Vec<String> = self
            .blocks
            .iter()
            .map(|b| {
                format!(
                    "{:?}|{}|{}",
                    b.kind,
                    b.plan.as_deref().unwrap_or(""),
                    b.message
                )
            })
            .collect();
        crate::history::sha256_hex(text.join("\n").as_bytes()).unwrap_or_default()
    }
}

/// The session's memory: the base of its next turn and the last block.
#[derive(Debug, Default, serde::Deserialize, Serialize)]
struct Memory {
    base: Option<String>,
    blocked: Option<String>,
}

/// Run the guard on the workspace for `turn`, and remember what it found
/// for the session's next stop.
pub fn guard(ws: &Workspace, turn: &Turn) -> Result<Verdict, Error> {
    let repo = Repo::open(&ws.root)?;
    let memory_path = memory_file(&repo, turn.session.as_deref());
    let memory: Memory = memory_path
        .as_ref()
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let head = repo.head();
    let base = match &turn.since {
        Some(rev) => Some(repo.resolve(rev)?),
        None => memory
            .base
            .as_deref()
            .and_then(|b| repo.resolve(b).ok())
            .or(head),
    };
    let mut verdict = judge(ws, &repo, base)?;
    let key = verdict.key();
    verdict.repeated = !verdict.blocks.is_empty()
        && turn.continued
        && (memory.blocked.as_deref() == Some(key.as_str()) || memory_path.is_none());
    if let Some(path) = memory_path {
        let next = Memory {
            // A turn that may end starts the next one from where it left.
            base: if verdict.blocks() {
                base.map(|b| b.to_string())
            } else {
                head.map(|h| h.to_string())
            },
            blocked: verdict.blocks().then_some(key),
        };
        // The memory only spares the agent a repeated block: failing to
        // keep it must not fail the guard.
        let _ = remember(&path, &next);
    }
    Ok(verdict)
}

/// Where the session's memory is kept: under the git directory, named by
/// the session (a safe name as it is, else its hash). `None` without a session.
fn memory_file(repo: &Repo, session: Option<&str>) -> Option<PathBuf> {
    let session = session?.trim();
    if session.is_empty() {
        return None;
    }
    let safe = session.len() <= SESSION_MAX
        && session
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let name = if safe {
        session.to_string()
    } else {
        crate::history::sha256_hex(session.as_bytes())?
    };
    Some(
        repo.common_dir()
            .join("execplan")
            .join("guard")
            .join(format!("{name}.json")),
    )
}

fn remember(path: &Path, memory: &Memory) -> Result<(), std::io::Error> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_vec(memory).map_err(std::io::Error::other)?;
    let mut tmp = tempfile::NamedTempFile::new_in(path.parent().unwrap_or(Path::new(".")))?;
    std::io::Write::write_all(&mut tmp, &text)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The files of the tree `tree`, by path, recursively.
fn flatten(repo: &Repo, tree: ObjectId) -> Result<HashMap<String, ObjectId>, Error> {
    let mut out = HashMap::new();
    let mut stack = vec![(String::new(), tree)];
    while let Some((prefix, id)) = stack.pop() {
        for e in repo.tree_entries(id)? {
            let name = format!("{prefix}{}", String::from_utf8_lossy(&e.name));
            match e.kind {
                EntryKind::Tree => stack.push((format!("{name}/"), e.id)),
                EntryKind::Commit => {}
                _ => {
                    out.insert(name, e.id);
                }
            }
        }
    }
    Ok(out)
}

/// The files as they are now, by path: each index entry with the blob its
/// working file has (the staged blob when the file's stamp has not moved),
/// then the files git neither tracks nor ignores.
fn current(repo: &Repo, root: &Path) -> Result<HashMap<String, ObjectId>, Error> {
    let index = repo.index()?;
    let kind = repo.hash_kind();
    let mut out = HashMap::new();
    for e in index.entries().filter(|e| e.unconflicted && e.file) {
        let path = String::from_utf8_lossy(e.path).into_owned();
        let full = root.join(&path);
        let Ok(meta) = std::fs::symlink_metadata(&full) else {
            continue;
        };
        if e.link || meta.file_type().is_symlink() {
            // A link is judged by its staged blob: its target is not read.
            out.insert(path, e.id);
            continue;
        }
        let same_stamp = u64::from(e.size) == (meta.len() & 0xffff_ffff)
            && meta
                .modified()
                .ok()
                .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
                .is_some_and(|d| {
                    (d.as_secs() & 0xffff_ffff, d.subsec_nanos())
                        == (u64::from(e.mtime.0), e.mtime.1)
                });
        let id = if same_stamp {
            Some(e.id)
        } else {
            std::fs::read(&full).ok().and_then(|b| blob_id(kind, &b))
        };
        if let Some(id) = id {
            out.insert(path, id);
        }
    }
    let files = repo.files()?;
    let mut walk = walkdir::WalkDir::new(root).follow_links(false).into_iter();
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else { continue };
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        if rel.as_os_str().is_empty() {
            continue;
        }
        let rel = rel.to_string_lossy().replace('\\', "/");
        // `.git` is a folder, or in a linked worktree a file naming one.
        if entry.file_name() == ".git" {
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() {
            let nested = entry.path().join(".git").exists();
            // A folder's ignore rule is asked of something in it.
            if nested || files.is_ignored(&format!("{rel}/.")) {
                walk.skip_current_dir();
            }
            continue;
        }
        if out.contains_key(&rel) || index.blob(rel.as_bytes()).is_some() {
            continue;
        }
        if !files.is_ignored(&rel) {
            let id = std::fs::read(entry.path())
                .ok()
                .and_then(|b| blob_id(kind, &b));
            if let Some(id) = id {
                out.insert(rel, id);
            }
        }
    }
    Ok(out)
}

fn parsed(ws: &Workspace, path: &str, bytes: Vec<u8>) -> Option<(Source, Plan)> {
    let source = Source::from_bytes(Path::new(path), bytes).ok()?;
    let plan = parse(&source, ws.parse_options());
    Some((source, plan))
}

/// Compare `base` with the files as they are now, and judge.
fn judge(ws: &Workspace, repo: &Repo, base: Option<ObjectId>) -> Result<Verdict, Error> {
    let before = match base {
        Some(id) => flatten(repo, repo.commit(id)?.tree)?,
        None => HashMap::new(),
    };
    let now = current(repo, &ws.root)?;
    let mut changed: BTreeSet<&str> = BTreeSet::new();
    for (path, id) in &now {
        if before.get(path) != Some(id) {
            changed.insert(path);
        }
    }
    for path in before.keys() {
        if !now.contains_key(path) {
            changed.insert(path);
        }
    }
    let (plan_paths, code): (Vec<&str>, Vec<&str>) =
        changed.iter().partition(|p| ws.in_plans(Path::new(p)));
    let mut plans = Vec::new();
    let mut present = Vec::new();
    for path in plan_paths.iter().filter(|p| p.ends_with(".md")) {
        let old = match before.get(*path) {
            Some(id) => parsed(ws, path, repo.blob(*id)?),
            None => None,
        };
        let new = std::fs::read(ws.root.join(path))
            .ok()
            .and_then(|b| parsed(ws, path, b));
        let is_plan =
            |p: &Option<(Source, Plan)>| p.as_ref().is_some_and(|(_, plan)| plan.looks_like_plan());
        if !is_plan(&old) && !is_plan(&new) {
            continue;
        }
        let diff = crate::plandiff::diff(
            old.as_ref().map(|(s, p)| (s, p)),
            new.as_ref().map(|(s, p)| (s, p)),
        );
        let records = |n: &str| {
            let n = n.to_ascii_lowercase();
            n.contains("progress") || n.contains("surprise") || n.contains("decision")
        };
        let recorded = !diff.items.is_empty()
            || !diff.decisions_added.is_empty()
            || !diff.surprises_added.is_empty()
            || diff.created
            || diff.sections.iter().any(|s| records(&s.heading));
        let ticked = diff
            .items
            .iter()
            .filter(|i| i.kind == ItemChangeKind::Ticked)
            .map(|i| i.text.clone())
            .collect();
        if new.is_some() {
            present.push(PathBuf::from(path));
        }
        plans.push(PlanTurn {
            path: path.to_string(),
            recorded,
            ticked,
        });
    }
    let mut blocks = Vec::new();
    if !code.is_empty() && !plans.iter().any(|p| p.recorded) {
        if let Some(block) = unrecorded(ws, &code)? {
            blocks.push(block);
        }
    }
    if code.is_empty() {
        for p in &plans {
            for item in &p.ticked {
                blocks.push(Block {
                    kind: Kind::Unbacked,
                    plan: Some(p.path.clone()),
                    message: format!(
                        "`{}`: \"{item}\" was ticked, and nothing outside the plans folders changed since {}",
                        p.path,
                        short(base)
                    ),
                    fixes: vec![
                        format!("tick {} {} --undo", arg(&p.path), arg(item)),
                        format!(
                            "split {} {} --done '<what is done>' --remaining '<what is left>'",
                            arg(&p.path),
                            arg(item)
                        ),
                    ],
                });
            }
        }
    }
    if !present.is_empty() {
        blocks.extend(errors(ws, present)?);
    }
    Ok(Verdict {
        base: base.map(|b| b.to_string()),
        changed: code.len(),
        changed_paths: code
            .iter()
            .take(SHOWN_PATHS)
            .map(|p| p.to_string())
            .collect(),
        plans,
        blocks,
        repeated: false,
    })
}

fn short(base: Option<ObjectId>) -> String {
    base.map_or_else(
        || "the first commit".to_string(),
        |b| {
            let s = b.to_string();
            s.get(..7).unwrap_or(&s).to_string()
        },
    )
}

/// Files changed and no plan recorded it: block when a plan is open, naming
/// the open plans (active first) and their first open item.
fn unrecorded(ws: &Workspace, code: &[&str]) -> Result<Option<Block>, Error> {
    let (open, _) = crate::prime::open_plans(ws)?;
    if open.is_empty() {
        return Ok(None);
    }
    let shown: Vec<&str> = code.iter().take(SHOWN_PATHS).copied().collect();
    let more = code.len().saturating_sub(shown.len());
    let mut message = format!(
        "{} file{} changed outside the plans folders ({}{}) and no plan's Progress, Surprises & Discoveries or Decision Log changed. Record the work in its plan: tick what is done, split what is half done, log what surprised you or what you decided.",
        code.len(),
        if code.len() == 1 { "" } else { "s" },
        shown.join(", "),
        if more > 0 { format!(", and {more} more") } else { String::new() }
    );
    let plans: Vec<&str> = open.iter().take(3).map(|r| r.path.as_str()).collect();
    message.push_str(&format!(" Open plans: {}.", plans.join(", ")));
    let first = open[0].path.as_str();
    let item = ws.read_plan(Path::new(first)).ok().and_then(|p| {
        p.plan
            .all_items()
            .into_iter()
            .find(|i| !i.checked)
            .map(|i| i.text.clone())
    });
    let plan = arg(first);
    let mut fixes = Vec::new();
    if let Some(item) = &item {
        fixes.push(format!("tick {plan} {}", arg(item)));
    }
    fixes.push(format!("add {plan} '<the step you took>' --done"));
    fixes.push(format!(
        "surprise {plan} --observation '<what you found>' --evidence '<how you know>'"
    ));
    fixes.push(format!(
        "decide {plan} --decision '<what you chose>' --rationale '<why>'"
    ));
    Ok(Some(Block {
        kind: Kind::Unrecorded,
        plan: Some(first.to_string()),
        message,
        fixes,
    }))
}

/// The errors of the plans the turn changed, history rules included.
fn errors(ws: &Workspace, paths: Vec<PathBuf>) -> Result<Vec<Block>, Error> {
    let checked = check(
        ws,
        &CheckOptions {
            paths,
            history: true,
            rev: None,
        },
    )?;
    let mut out = Vec::new();
    for p in &checked.plans {
        let errors: Vec<_> = p
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        if errors.is_empty() {
            continue;
        }
        let path = p.path.display().to_string();
        let lines: Vec<String> = errors
            .iter()
            .take(5)
            .map(|d| {
                let help = d
                    .help
                    .as_deref()
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                format!("  line {}: {} [{}]{help}", d.line, d.message, d.rule)
            })
            .collect();
        let more = errors.len().saturating_sub(lines.len());
        let mut message = format!(
            "`{path}` has {} error{}:\n{}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            lines.join("\n")
        );
        if more > 0 {
            message.push_str(&format!("\n  and {more} more"));
        }
        out.push(Block {
            kind: Kind::Errors,
            plan: Some(path.clone()),
            message,
            fixes: vec![
                format!("fill {}", arg(&path)),
                format!("check {}", arg(&path)),
            ],
        });
    }
    Ok(out)
}

/// A shell word: as it is when the shell reads it so, else single-quoted.
fn arg(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+:=@,".contains(&b));
    if plain {
        s.to_string()
    } else {
        crate::hook::sh_quote(s)
    }
}
