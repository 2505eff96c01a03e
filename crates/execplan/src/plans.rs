//! The workflows of the verbs that read plans with their history: the
//! plans a verb works on are selected through the [`Workspace`] (configured
//! folders or named paths), read, parsed and given their timelines from one
//! history walk. `list`, `fill`, `timeline` and `evidence` share this path,
//! so they agree on what a plan is and on reporting files that cannot be read.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::digest::Digest;
use crate::error::Error;
use crate::fill::Edit;
use crate::history::HistoryError;
use crate::source::Source;
use crate::summary::{summarize, Summary};
use crate::timeline::{Ahead, PlanRef, TimelineSet, Working};
use crate::workspace::{ReadPlan, Workspace};

/// The timelines of `plans` (in order) from one history walk; with `rev`,
/// history is read at that revision and the working tree is ignored.
pub fn timelines(
    ws: &Workspace,
    rev: Option<&str>,
    plans: &[ReadPlan],
) -> Result<TimelineSet, Error> {
    timelines_ahead(ws, rev, plans, Ahead::default())
}

/// [`timelines`] with what [`Workspace::select_ahead`] read.
pub fn timelines_ahead(
    ws: &Workspace,
    rev: Option<&str>,
    plans: &[ReadPlan],
    ahead: Ahead,
) -> Result<TimelineSet, Error> {
    let refs: Vec<PlanRef<'_>> = plans
        .iter()
        .map(|p| PlanRef {
            path: p.path.as_path(),
            current: Some(Working::Parsed(&p.source, &p.plan)),
        })
        .collect();
    crate::timeline::for_plans_ahead(&ws.root, &ws.config, rev, &refs, ws.now, ahead)
}

/// What `plans list` shows: a row per plan, and the files that could not be read.
#[derive(Debug, Default)]
pub struct Listing {
    /// Each plan summarised, in path order.
    pub rows: Vec<Summary>,
    /// Files that could not be read or decoded: the caller reports them.
    pub unreadable: Vec<Error>,
    /// What discovery passed over, with the reason: the caller says so.
    pub skipped: Vec<(PathBuf, String)>,
}

/// `plans list`'s rows for the plans under `paths` (as
/// [`Workspace::select`] finds them): each summarised with history's last change when the root is a
/// repository (the Last Updated field otherwise), so that `list` and
/// `stale-plan` tell the same time.
///
/// A working-tree plan whose bytes are a blob history has read (most of them,
/// most of the time) is listed from that blob's kept digest, without parsing
/// it again; the rest are parsed. History is read on another core meanwhile.
pub fn list(ws: &Workspace, paths: &[PathBuf]) -> Result<Listing, Error> {
    let (root, config, now) = (ws.root.as_path(), &ws.config, ws.now);
    let found = ws.discover(paths)?;
    let files = found.files;
    let opts = config.parse_options();
    // History is walked (or its cache read) on another core; meanwhile the
    // kept digests are read and the working tree is digested against them.
    let (read, digested, ahead) = std::thread::scope(|s| {
        let walk = s.spawn(|| crate::timeline::walk_ahead(root, config, None, &files));
        let mut kept = crate::timeline::kept_ahead(root, config);
        let read = crate::parallel::map(&files, |rel| ws.read(rel));
        let digested = crate::parallel::map(&read, |r| {
            let source = r.as_ref().ok()?;
            let blob = kept
                .as_ref()
                .and_then(|k| k.blob_id(&crate::revision::source_bytes(source)));
            let known = blob.and_then(|b| kept.as_ref()?.get(&b).cloned());
            let fresh = known.is_none();
            Some((
                known.unwrap_or_else(|| Digest::read(source, opts)),
                blob,
                fresh,
            ))
        });
        // What was read here need not be read again from history.
        if let Some(k) = kept.as_mut() {
            for (digest, blob, _) in digested.iter().flatten().filter(|d| d.2) {
                if let Some(blob) = blob {
                    k.remember(*blob, digest.clone());
                }
            }
        }
        let ahead = walk
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
            .with_kept(kept);
        (read, digested, ahead)
    });
    let mut out = Listing {
        skipped: found.skipped,
        ..Listing::default()
    };
    let mut kept: Vec<(&Path, Digest, Option<crate::history::ObjectId>)> = Vec::new();
    for ((rel, r), d) in files.iter().zip(read).zip(digested) {
        match (r, d) {
            (Err(e), _) => out.unreadable.push(e),
            (Ok(_), Some((digest, blob, _))) if digest.plan || ws.named(paths, rel) => {
                kept.push((rel, digest, blob));
            }
            _ => {}
        }
    }
    let refs: Vec<PlanRef<'_>> = kept
        .iter()
        .map(|(path, digest, blob)| PlanRef {
            path,
            current: Some(Working::Digested(digest, *blob)),
        })
        .collect();
    let changes: Vec<Option<DateTime<Utc>>> =
        match crate::timeline::for_plans_ahead(root, config, None, &refs, now, ahead) {
            Ok(set) => {
                // A plan whose history cannot be read is listed from its text.
                out.unreadable
                    .extend(set.failed.iter().cloned().map(Error::Invalid));
                set.timelines
                    .iter()
                    .map(|t| {
                        t.as_ref()
                            .and_then(|t| t.last_updated.as_ref())
                            .map(|f| f.time)
                    })
                    .collect()
            }
            Err(Error::History(HistoryError::NotARepository { .. })) => vec![None; kept.len()],
            Err(e) => return Err(e),
        };
    out.rows = kept
        .iter()
        .zip(changes.into_iter().chain(std::iter::repeat(None)))
        .map(|((path, digest, _), last)| {
            summarize(path, &digest.facts(), last, now, config.stale_days)
        })
        .collect();
    Ok(out)
}

/// One plan's timeline with the evidence behind each tick (`plans evidence`):
/// `path` is read and parsed like any named plan; with `rev`, history is read
/// at that revision and the working tree is ignored. `None` when the plan has
/// neither history nor working-tree text.
pub fn evidence(
    ws: &Workspace,
    path: &Path,
    rev: Option<&str>,
) -> Result<Option<crate::timeline::PlanTimeline>, Error> {
    let mut selection = ws.select(&[path.to_path_buf()])?;
    if let Some(e) = selection.unreadable.pop() {
        return Err(e);
    }
    let mut set = timelines(ws, rev, &selection.plans)?;
    if let Some(why) = set.failed.pop() {
        return Err(Error::Invalid(why));
    }
    crate::timeline::attach_evidence(&ws.root, &ws.config, &mut set, true)?;
    Ok(set.timelines.into_iter().flatten().next())
}

/// What `plans timeline` shows: the timelines, and the files that could not be read.
#[derive(Debug)]
pub struct Timelines {
    /// Each plan's timeline, with the evidence behind each tick.
    pub set: TimelineSet,
    /// Files that could not be read or decoded: the caller reports them.
    pub unreadable: Vec<Error>,
    /// What discovery passed over, with the reason: the caller says so.
    pub skipped: Vec<(PathBuf, String)>,
}

/// `plans timeline`: the timelines of the plans under `paths` with their
/// evidence, history read at `rev` (HEAD when `None`). A repository with no
/// plans folder in its working tree (a bare one) is read from history alone.
pub fn timeline(ws: &Workspace, paths: &[PathBuf], rev: Option<&str>) -> Result<Timelines, Error> {
    let (selection, ahead) = match ws.select_ahead(paths, rev) {
        Ok(s) => s,
        Err(Error::NoPlansFolder { .. }) if paths.is_empty() => {
            let mut set = crate::timeline::from_history(&ws.root, &ws.config, rev, ws.now)?;
            crate::timeline::attach_evidence(&ws.root, &ws.config, &mut set, true)?;
            return Ok(Timelines {
                set,
                unreadable: Vec::new(),
                skipped: Vec::new(),
            });
        }
        Err(e) => return Err(e),
    };
    let mut set = timelines_ahead(ws, rev, &selection.plans, ahead)?;
    if set.head.is_some() {
        crate::timeline::attach_evidence(&ws.root, &ws.config, &mut set, true)?;
    }
    Ok(Timelines {
        set,
        unreadable: selection.unreadable,
        skipped: selection.skipped,
    })
}

/// One plan `fill` would change, and how.
#[derive(Debug)]
pub struct Filling {
    /// The plan, relative to the root.
    pub path: PathBuf,
    /// Its text as read.
    pub source: Source,
    /// The edits that bring it in line with history (never empty).
    pub edits: Vec<Edit>,
}

/// What `plans fill` found: the plans it would change. Nothing is written:
/// the caller writes each with [`Filling::write`] (or shows it).
#[derive(Debug)]
pub struct Fill {
    /// How many plans were read.
    pub plans: usize,
    /// The plans with something to fill, in path order.
    pub changes: Vec<Filling>,
    /// History is shallow: Created dates at the boundary are unknown and left alone.
    pub shallow: bool,
    /// Plans with facts history is not sure of, left as written, each with why
    /// ("x.md: moved in from `old.md` in 1a2b3c4, whose older history …").
    pub uncertain: Vec<String>,
    /// Files that could not be read or decoded: the caller reports them.
    pub unreadable: Vec<Error>,
    /// What discovery passed over, with the reason: the caller says so.
    pub skipped: Vec<(PathBuf, String)>,
}

/// `plans fill`: the edits history asks of each plan under `paths`. With
/// `metadata` (or `require-metadata` in the configuration), a plan that keeps
/// no metadata block gets one.
pub fn fill(ws: &Workspace, paths: &[PathBuf], metadata: bool) -> Result<Fill, Error> {
    let (selection, ahead) = ws.select_ahead(paths, None)?;
    let set = timelines_ahead(ws, None, &selection.plans, ahead)?;
    let plans = selection.plans.len();
    let skipped = selection.skipped;
    // A plan whose history cannot be read gets no facts, so nothing is filled.
    let mut unreadable = selection.unreadable;
    unreadable.extend(set.failed.iter().cloned().map(Error::Invalid));
    let uncertain = selection
        .plans
        .iter()
        .zip(&set.timelines)
        .filter_map(|(p, tl)| uncertain_note(&p.path, tl.as_ref()?))
        .collect();
    let changes = selection
        .plans
        .into_iter()
        .zip(&set.timelines)
        .filter_map(|(p, tl)| {
            let mut facts = crate::fill::facts(tl.as_ref()?);
            facts.metadata_block = metadata || ws.config.require_metadata;
            let edits = crate::fill::edits(&p.source, &p.plan, &facts);
            (!edits.is_empty()).then_some(Filling {
                path: p.path,
                source: p.source,
                edits,
            })
        })
        .collect();
    Ok(Fill {
        plans,
        changes,
        shallow: set.shallow,
        uncertain,
        unreadable,
        skipped,
    })
}

/// Why `fill` leaves some of a plan's facts alone, when it was moved in from a
/// path whose older history could not be read (a shallow clone has one note
/// for the whole run).
fn uncertain_note(path: &std::path::Path, tl: &crate::timeline::PlanTimeline) -> Option<String> {
    let from = tl.moved_in_from.as_deref()?;
    let at = tl.revisions.first()?;
    let ticks = tl
        .items
        .iter()
        .filter(|i| i.checked_at.as_ref().is_some_and(|f| !f.is_certain()))
        .count();
    let mut left = Vec::new();
    if !tl.created_certain {
        left.push("Created".to_string());
    }
    if ticks > 0 {
        left.push(format!(
            "the time{} of {ticks} item{} ticked before it",
            if ticks == 1 { "" } else { "s" },
            if ticks == 1 { "" } else { "s" }
        ));
    }
    (!left.is_empty()).then(|| {
        format!(
            "{}: moved in from `{from}` in {}, whose older history could not be read: {} left as written (they are no later than that commit)",
            path.display(),
            at.short,
            left.join(" and ")
        )
    })
}

impl Filling {
    /// Write the edits to the plan in the workspace, atomically (only inside
    /// a plans folder of the repository, never through a link).
    pub fn write(&self, ws: &Workspace) -> Result<bool, Error> {
        crate::fill::write(&ws.writable(&self.path)?, &self.source, &self.edits)
    }
}
