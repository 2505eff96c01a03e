//! Plan timelines: when a plan was created and last changed, and when each
//! Progress item appeared and was ticked, derived from one history walk and
//! the [`Digest`] of each revision (each distinct blob read once, with the
//! line scanner or the same parser `check` uses, and cached).
//!
//! Item identity across revisions is the item's text without its timestamp,
//! normalised ([`crate::model::item_key`]); an item whose text was edited is
//! matched to the vanished item it most resembles (the library's item matching), and
//! says so (`matched: reworded`).
//! An item unticked and ticked again counts from the last tick.
//!
//! A revision whose only change is to what `fill` writes (metadata dates,
//! Progress timestamps) is not an update: that is what keeps `fill` and the
//! pre-commit hook from stamping their own commits forever.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::digest::{Digest, Digests};
use crate::evidence::{Evidence, Finder};
use crate::history::{Certainty, CommitInfo, FileLineage, HashKind, History, ObjectId};
use crate::model::{item_key, Plan};
use crate::revision::{source_bytes, Snapshot};
use crate::source::Source;

/// A point in history: a commit, or the uncommitted working tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Fact {
    /// Full commit id; `None` for uncommitted work.
    pub commit: Option<String>,
    /// Abbreviated id, or `working tree`.
    pub short: String,
    /// Author name (or empty for uncommitted work).
    pub author: String,
    /// Author date in UTC (now, for uncommitted work).
    pub time: DateTime<Utc>,
    /// The author's UTC offset in seconds east (0 for uncommitted work).
    #[serde(skip)]
    pub offset: i32,
    /// Committer date in UTC (now, for uncommitted work): an amend or rebase moves
    /// it, so a stamp up to it can be the author's honest time.
    #[serde(skip)]
    pub committed: DateTime<Utc>,
    /// The commit is a shallow-clone boundary: what "appears" there may be older.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boundary: bool,
    /// The plan was moved in here from a path whose older history could not be
    /// read: what "appears" here may be older too.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub moved_in: bool,
}

impl Fact {
    pub(crate) fn of(c: &CommitInfo) -> Self {
        Self {
            commit: Some(c.id.to_string()),
            short: c.short.clone(),
            author: c.author.clone(),
            time: c.time,
            offset: c.offset,
            committed: c.committed,
            boundary: c.at_shallow_boundary,
            moved_in: false,
        }
    }

    fn uncommitted(now: DateTime<Utc>) -> Self {
        Self {
            commit: None,
            short: "working tree".to_string(),
            author: String::new(),
            time: now,
            offset: 0,
            committed: now,
            boundary: false,
            moved_in: false,
        }
    }

    /// History is sure this is when it happened: not a shallow boundary, nor
    /// the first revision of a plan whose older history could not be read.
    /// `fill` writes only certain facts.
    pub fn is_certain(&self) -> bool {
        !self.boundary && !self.moved_in
    }

    /// The author date in the author's own zone.
    pub fn local_date(&self) -> chrono::NaiveDate {
        (self.time + chrono::Duration::seconds(i64::from(self.offset))).date_naive()
    }

    /// `date` is this fact's date in UTC or in its author's zone: a date written
    /// from the author's calendar (21:33 −04:00 is the next day in UTC) is not wrong.
    pub fn on_date(&self, date: chrono::NaiveDate) -> bool {
        date == self.time.date_naive() || date == self.local_date()
    }

    /// "3f2a9c1 on 2025-10-03 by A. Advani", for diagnostics.
    pub fn describe(&self) -> String {
        match &self.commit {
            Some(_) => format!(
                "{} on {} by {}",
                self.short,
                self.time.format(crate::parse::stamp::STAMP_FORMAT),
                self.author
            ),
            None => "in uncommitted changes".to_string(),
        }
    }
}

/// One Progress item through history.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ItemTimeline {
    /// The item text (latest wording).
    pub text: String,
    /// Ticked now.
    pub checked: bool,
    /// Where it first appeared.
    pub added: Fact,
    /// Where it was (last) ticked; `None` while open.
    pub checked_at: Option<Fact>,
    /// How it was followed through history: `exact` when every revision has the same
    /// text, `reworded` when it was matched to an earlier wording at least once.
    pub matched: Matched,
    /// Its 1-based line in the current text, if it still exists.
    #[serde(skip)]
    pub line: Option<usize>,
    /// What changed outside the plans folders behind the tick; filled by
    /// [`attach_evidence`] for ticks in commits, `None` otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// How an item's identity was carried through history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Matched {
    /// The same text (timestamp aside) in every revision.
    Exact,
    /// Joined to a differently worded earlier item (by the library's item matching).
    Reworded,
}

/// A point of the progress series.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SeriesPoint {
    /// When.
    pub time: DateTime<Utc>,
    /// Items ticked.
    pub done: usize,
    /// Items in all.
    pub total: usize,
}

/// A plan through history.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlanTimeline {
    /// Current path (repository-relative, `/`-separated).
    pub path: String,
    /// The creating commit (or the working tree for an untracked plan).
    pub created: Option<Fact>,
    /// False when `created` is only a lower bound: a shallow boundary, or a move
    /// in from an untracked path whose history could not be read.
    pub created_certain: bool,
    /// The untracked path the plan was moved in from when its older history
    /// could not be read (the first revision's facts are then bounds only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_in_from: Option<String>,
    /// The last change that was more than fill's own stamps.
    pub last_updated: Option<Fact>,
    /// Every revision (oldest first), including uncommitted work.
    pub revisions: Vec<Fact>,
    /// Items that exist now, in document order, then removed ones are dropped.
    pub items: Vec<ItemTimeline>,
    /// done/total after each revision.
    pub series: Vec<SeriesPoint>,
    /// Per revision, aligned with `revisions`: the plan's path and blob
    /// there, for what reads the plan at a revision again (evidence).
    #[serde(skip)]
    pub(crate) sources: Vec<(String, Option<ObjectId>)>,
}

struct Tracked {
    key: String,
    text: String,
    checked: bool,
    added: Fact,
    checked_at: Option<Fact>,
    matched: Matched,
    line: Option<usize>,
}

/// One step of the timeline: a revision, or the uncommitted work.
struct Moment<'a> {
    fact: Fact,
    /// Repository path at this revision: a move is an update too.
    path: &'a [u8],
    digest: &'a Digest,
    /// The blob of a committed revision: equal ids, equal bytes.
    blob: Option<ObjectId>,
}

/// The plan as it is in the working tree: its digest and the id its bytes
/// would have as a blob.
struct Current {
    digest: Digest,
    blob: Option<ObjectId>,
}

/// A plan's working-tree text, as a timeline takes it.
#[derive(Debug, Clone, Copy)]
pub enum Working<'a> {
    /// Read and parsed.
    Parsed(&'a Source, &'a Plan),
    /// Its digest and the id its bytes have as a blob (`plans list`, which
    /// parses only plans whose bytes history has not read).
    Digested(&'a Digest, Option<ObjectId>),
}

impl Current {
    /// `known` holds digests of committed blobs: a working-tree file whose
    /// bytes are such a blob (the common case: nothing uncommitted) takes its
    /// digest from there instead of reading the plan again.
    fn of_working(w: Working<'_>, kind: HashKind, known: &Digests) -> Self {
        match w {
            Working::Parsed(source, plan) => Self::of(source, plan, kind, Some(known)),
            Working::Digested(digest, blob) => Self {
                digest: digest.clone(),
                blob,
            },
        }
    }

    fn of(source: &Source, plan: &Plan, kind: HashKind, known: Option<&Digests>) -> Self {
        let bytes = source_bytes(source);
        let blob = crate::history::blob_id(kind, &bytes);
        let digest = blob
            .and_then(|b| known?.get(&b).cloned())
            .unwrap_or_else(|| Digest::of(source, plan));
        Self { digest, blob }
    }
}

/// Build a plan's timeline from its parsed revisions ([`crate::revision::snapshots`]
/// of `lineage`). `current` is the plan as it is in the working tree (None if
/// it does not exist there); uncommitted differences from the last revision
/// count as a revision made `now`. Deleted and undecodable revisions are
/// skipped: later ones may be fine.
pub fn build(
    history: &History,
    lineage: Option<&FileLineage>,
    snapshots: &[Snapshot<'_>],
    path: &str,
    current: Option<(&Source, &Plan)>,
    now: DateTime<Utc>,
) -> PlanTimeline {
    let digests: Vec<Option<Digest>> = snapshots
        .iter()
        .map(|snap| snap.present().map(|(s, p)| Digest::of(s, p)))
        .collect();
    let steps = snapshots
        .iter()
        .zip(&digests)
        .filter_map(|(snap, d)| {
            Some(Moment {
                fact: Fact::of(snap.commit),
                path: snap.revision.path.as_slice(),
                digest: d.as_ref()?,
                blob: Some(snap.revision.blob),
            })
        })
        .collect();
    let kind = snapshots
        .last()
        .map_or(HashKind::Sha1, |s| s.revision.blob.kind());
    let current = current.map(|(s, p)| Current::of(s, p, kind, None));
    from_steps(history, lineage, steps, path, current.as_ref(), now)
}

/// The steps of `lineage` whose commit the walk knows, skipping deletions and
/// blobs that do not decode.
fn steps<'a>(
    history: &'a History,
    lineage: &'a FileLineage,
    digests: &'a Digests,
) -> Vec<Moment<'a>> {
    lineage
        .revisions
        .iter()
        .filter(|r| !matches!(r.change, crate::history::ChangeKind::Deleted))
        .filter_map(|r| {
            Some(Moment {
                fact: Fact::of(history.commit(r)?),
                path: r.path.as_slice(),
                digest: digests.get(&r.blob)?,
                blob: Some(r.blob),
            })
        })
        .collect()
}

fn from_steps<'a>(
    history: &History,
    lineage: Option<&FileLineage>,
    mut steps: Vec<Moment<'a>>,
    path: &'a str,
    current: Option<&'a Current>,
    now: DateTime<Utc>,
) -> PlanTimeline {
    // Committed under another name and not renamed since: moved in the index.
    let moved = lineage.is_some_and(|l| std::str::from_utf8(&l.path).is_ok_and(|p| p != path));
    if let Some(current) = current {
        let last = steps.last().and_then(|s| s.blob);
        if moved || last.is_none() || last != current.blob {
            let path = match steps.last() {
                Some(s) if !moved => s.path,
                _ => path.as_bytes(),
            };
            steps.push(Moment {
                fact: Fact::uncommitted(now),
                path,
                digest: &current.digest,
                blob: current.blob,
            });
        }
    }

    let certainty = lineage
        .and_then(|l| history.created(l))
        .map(|c| c.certainty);
    let moved_in_from = match certainty {
        Some(Certainty::RenamedFromUntracked { from }) => {
            if let Some(first) = steps.first_mut().filter(|s| s.fact.commit.is_some()) {
                first.fact.moved_in = true;
            }
            Some(String::from_utf8_lossy(from).into_owned())
        }
        _ => None,
    };
    let mut tracked: Vec<Tracked> = Vec::new();
    let mut series = Vec::new();
    let mut last_updated: Option<Fact> = None;
    let mut prev: Option<(&str, &[u8])> = None;
    let count = steps.len();
    for (i, step) in steps.iter().enumerate() {
        let normal = step.digest.normal.as_str();
        let same = prev.is_some_and(|(n, p)| n == normal && p == step.path);
        if !same {
            last_updated = Some(step.fact.clone());
        }
        prev = Some((normal, step.path));
        let is_last = i + 1 == count;
        tracked = advance(tracked, step.digest, &step.fact, is_last);
        let done = tracked.iter().filter(|t| t.checked).count();
        series.push(SeriesPoint {
            time: step.fact.time,
            done,
            total: tracked.len(),
        });
    }

    let (created, created_certain) = match lineage.and_then(|l| history.created(l)) {
        Some(c) => (
            Some(Fact::of(c.commit)),
            matches!(c.certainty, Certainty::Exact),
        ),
        None => (steps.first().map(|s| s.fact.clone()), true),
    };
    PlanTimeline {
        path: path.to_string(),
        created,
        created_certain,
        moved_in_from,
        last_updated,
        revisions: steps.iter().map(|s| s.fact.clone()).collect(),
        sources: steps
            .iter()
            .map(|s| (String::from_utf8_lossy(s.path).into_owned(), s.blob))
            .collect(),
        items: tracked
            .into_iter()
            .map(|t| ItemTimeline {
                text: t.text,
                checked: t.checked,
                added: t.added,
                checked_at: t.checked_at,
                matched: t.matched,
                line: t.line,
                evidence: None,
            })
            .collect(),
        series,
    }
}

/// Carry item identities from one revision to the next.
fn advance(prev: Vec<Tracked>, digest: &Digest, fact: &Fact, keep_lines: bool) -> Vec<Tracked> {
    let items = &digest.items;
    let keys: Vec<String> = items.iter().map(|i| item_key(&i.text)).collect();
    let matches = {
        let old_keys: Vec<&str> = prev.iter().map(|t| t.key.as_str()).collect();
        let new_keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        crate::matching::match_items(&old_keys, &new_keys)
    };
    let mut pool: Vec<Option<Tracked>> = prev.into_iter().map(Some).collect();
    items
        .iter()
        .zip(keys)
        .zip(matches)
        .map(|((item, key), m)| {
            let old = m.and_then(|j| pool.get_mut(j).and_then(Option::take));
            let mut t = old.unwrap_or_else(|| Tracked {
                key: key.clone(),
                text: item.text.clone(),
                checked: false,
                added: fact.clone(),
                checked_at: None,
                matched: Matched::Exact,
                line: None,
            });
            if t.key != key {
                t.matched = Matched::Reworded;
            }
            if item.checked && !t.checked {
                t.checked_at = Some(fact.clone());
            } else if !item.checked {
                t.checked_at = None;
            }
            t.checked = item.checked;
            t.key = key;
            t.text = item.text.clone();
            t.line = keep_lines.then_some(item.line);
            t
        })
        .collect()
}

/// The commit of the revision before the one at `tick` in `tl.revisions`
/// (`None` when the tick came with the first revision).
pub(crate) fn previous_revision(tl: &PlanTimeline, tick: &str) -> Option<ObjectId> {
    let at = tl
        .revisions
        .iter()
        .rposition(|r| r.commit.as_deref() == Some(tick))?;
    tl.revisions[..at]
        .iter()
        .rev()
        .find_map(|r| r.commit.as_deref())
        .and_then(|c| ObjectId::from_hex(c.as_bytes()).ok())
}

/// Fill in [`ItemTimeline::evidence`] for every item ticked in a commit:
/// the files changed outside the plans folders from just before the item
/// appeared to the tick ([`crate::evidence`]), so work committed with the
/// item still open and ticked in a later commit counts. The plan's own
/// former paths never count. Each evidence also says which of its files the
/// item or the plan's Context names ([`Evidence::named`]) and whether the
/// plan's records changed over the window ([`Evidence::plan_records`]). A
/// tick in uncommitted work, or at a shallow boundary, has nothing to hold it
/// against and gets none. `attribute`: fill in [`Evidence::named`], which
/// reads the plan at every tick revision (the verbs that show evidence want
/// it; `check` does not).
pub fn attach_evidence(
    root: &std::path::Path,
    config: &crate::config::Config,
    set: &mut TimelineSet,
    attribute: bool,
) -> Result<(), crate::Error> {
    let mut repo = crate::history::Repo::open(root)?;
    // Neighbouring ticks read the same trees and commits; without a cache each
    // read resolves its delta chain again.
    repo.object_cache_size_if_unset(16 << 20);
    let mut finder = Finder::new(&repo, config);
    for tl in set.timelines.iter_mut().flatten() {
        // Per item: where its window starts, the tick commit, and the tick's
        // place among the plan's revisions.
        type Window = (Option<ObjectId>, ObjectId, Option<usize>);
        let windows: Vec<Option<Window>> = (0..tl.items.len())
            .map(|k| {
                let at = tl.items[k].checked_at.as_ref()?;
                // At a shallow boundary the parents are missing: what came before is unknown.
                if at.boundary {
                    return None;
                }
                let tick = at.commit.as_deref()?;
                let id = ObjectId::from_hex(tick.as_bytes()).ok()?;
                let at_tick = tl
                    .revisions
                    .iter()
                    .rposition(|r| r.commit.as_deref() == Some(tick));
                let start = at_tick.and_then(|i| window_start(&repo, tl, k, tick, i));
                Some((start, id, at_tick))
            })
            .collect();
        let former: std::collections::HashSet<String> =
            tl.sources.iter().map(|(p, _)| p.clone()).collect();
        let mut plans = PlanReader::new(&repo, config);
        for (k, window) in windows.into_iter().enumerate() {
            let Some((start, tick, at_tick)) = window else {
                tl.items[k].evidence = None;
                continue;
            };
            let mut e = finder.find(start, tick)?;
            e.files.retain(|f| !former.contains(&f.path));
            if attribute {
                let names = at_tick
                    .and_then(|i| plans.read(&tl.sources[i]))
                    .map(|(_, plan)| named_paths(&tl.items[k].text, plan))
                    .unwrap_or_else(|| named_paths(&tl.items[k].text, &Plan::default()));
                e.named = (!names.is_empty()).then(|| attributed(&e.files, &names));
            }
            if e.is_empty() {
                e.plan_records = records_changed(tl, at_tick, &mut plans);
            }
            tl.items[k].evidence = Some(e);
        }
    }
    finder.save();
    for m in finder.missing() {
        if !set.missing.contains(m) {
            set.missing.push(m.clone());
        }
    }
    Ok(())
}

/// Where a tick's window starts: just before the commit in which the item
/// appeared (the work may have been committed with the item still open), or
/// at the plan's last earlier revision that ticked another item, whichever
/// is later (work an earlier tick already stood on is not this one's); an
/// item that appeared already ticked starts at the plan's previous revision.
/// `at_tick` is the tick's place among the plan's revisions.
fn window_start(
    repo: &crate::history::Repo,
    tl: &PlanTimeline,
    k: usize,
    tick: &str,
    at_tick: usize,
) -> Option<ObjectId> {
    let item = &tl.items[k];
    let added = item
        .added
        .commit
        .as_deref()
        .filter(|a| *a != tick && !item.added.boundary && !item.added.moved_in);
    let Some(added) = added else {
        return previous_revision(tl, tick);
    };
    let at_added = tl
        .revisions
        .iter()
        .position(|r| r.commit.as_deref() == Some(added));
    let other_ticks: std::collections::HashSet<&str> = tl
        .items
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != k)
        .filter_map(|(_, o)| o.checked_at.as_ref()?.commit.as_deref())
        .collect();
    let last_other = tl.revisions[..at_tick]
        .iter()
        .rposition(|r| r.commit.as_deref().is_some_and(|c| other_ticks.contains(c)));
    if let (Some(j), Some(a)) = (last_other, at_added) {
        if j >= a {
            return tl.revisions[j]
                .commit
                .as_deref()
                .and_then(|c| ObjectId::from_hex(c.as_bytes()).ok());
        }
    }
    let added = ObjectId::from_hex(added.as_bytes()).ok()?;
    // A root commit has no parent: the window starts at it (its files are
    // the repository's start, not the item's work). A parent this clone
    // lacks leaves the narrower window.
    match repo.first_parent(added) {
        Ok(Some(parent)) => Some(parent),
        Ok(None) => Some(added),
        Err(_) => previous_revision(tl, tick),
    }
}

/// Reads a plan at a revision, each blob parsed once.
struct PlanReader<'r> {
    repo: &'r crate::history::Repo,
    options: &'r crate::parse::ParseOptions,
    seen: std::collections::HashMap<ObjectId, Option<(Source, Plan)>>,
}

impl<'r> PlanReader<'r> {
    fn new(repo: &'r crate::history::Repo, config: &'r crate::config::Config) -> Self {
        Self {
            repo,
            options: config.parse_options(),
            seen: Default::default(),
        }
    }

    /// The plan at a revision (`(path, blob)` of [`PlanTimeline::sources`]);
    /// `None` for uncommitted work or a blob that cannot be read or decoded.
    fn read(&mut self, (path, blob): &(String, Option<ObjectId>)) -> Option<(&Source, &Plan)> {
        let id = (*blob)?;
        let repo = self.repo;
        let options = self.options;
        self.seen
            .entry(id)
            .or_insert_with(|| {
                let bytes = repo.blob(id).ok()?;
                let source = Source::from_bytes(std::path::Path::new(path), bytes).ok()?;
                let plan = crate::parse::parse(&source, options);
                Some((source, plan))
            })
            .as_ref()
            .map(|(s, p)| (s, p))
    }
}

/// The paths an item names in its code spans, and those the plan's Context
/// and Orientation names: what a tick's evidence is attributed to.
fn named_paths(item: &str, plan: &Plan) -> Vec<String> {
    let mut out: Vec<String> = code_spans(item)
        .into_iter()
        .chain(
            plan.links
                .iter()
                .filter(|l| l.code_span && l.section == Some(crate::model::SectionKind::Context))
                .map(|l| l.dest.as_str()),
        )
        .filter_map(path_named)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The text of each code span of one line.
fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// A code span that names a path: a `/` or a file extension, no spaces, no
/// glob, no URL; returned without `./` and a trailing `/`.
fn path_named(span: &str) -> Option<String> {
    let s = span.trim();
    if s.is_empty()
        || s.contains(char::is_whitespace)
        || s.contains("://")
        || s.contains(['*', '?', '[', '<'])
    {
        return None;
    }
    let s = s
        .trim_start_matches("./")
        .trim_start_matches('/')
        .trim_end_matches('/');
    let name = s.rsplit('/').next().unwrap_or(s);
    let extension = name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric())
    });
    (s.contains('/') || extension).then(|| s.to_string())
}

/// The files of `files` that a named path covers: the path itself, a file
/// below a named folder, a path named relative to its package (a file whose
/// path ends with it), or a bare file name.
fn attributed(files: &[crate::evidence::FileChange], names: &[String]) -> Vec<String> {
    files
        .iter()
        .filter(|f| {
            names.iter().any(|n| {
                let p = f.path.as_str();
                p == n
                    || p.strip_prefix(n.as_str())
                        .is_some_and(|r| r.starts_with('/'))
                    || p.strip_suffix(n.as_str()).is_some_and(|r| r.ends_with('/'))
                    || p.contains(&format!("/{n}/"))
            })
        })
        .map(|f| f.path.clone())
        .collect()
}

/// The plan's own records (Decision Log, Surprises & Discoveries, Outcomes &
/// Retrospective) changed in the commit that ticked the item: the item's
/// work may be the plan itself, a decision captured or research written.
/// Only the tick's own revision counts: records another item's work changed
/// earlier in the window are not this item's.
fn records_changed(tl: &PlanTimeline, at_tick: Option<usize>, plans: &mut PlanReader<'_>) -> bool {
    let Some(at_tick) = at_tick else {
        return false;
    };
    let Some(from) = at_tick.checked_sub(1) else {
        return false;
    };
    let records = |plans: &mut PlanReader<'_>, i: usize| -> Option<String> {
        let (source, plan) = plans.read(&tl.sources[i])?;
        let mut out = String::new();
        for kind in [
            crate::model::SectionKind::Decisions,
            crate::model::SectionKind::Surprises,
            crate::model::SectionKind::Outcomes,
        ] {
            if let Some(text) = plan
                .section(kind)
                .and_then(|s| source.text.get(s.body.clone()))
            {
                out.push_str(text.trim());
                out.push('\n');
            }
        }
        Some(out)
    };
    match (records(plans, from), records(plans, at_tick)) {
        (Some(a), Some(b)) => a != b,
        _ => false,
    }
}

/// Whether a lineage holds a plan, judged on its latest revision (a file
/// that only looked like a plan long ago is not one now).
pub fn looks_like_plan(snapshots: &[Snapshot<'_>]) -> bool {
    snapshots
        .last()
        .and_then(Snapshot::parsed)
        .is_some_and(|(_, plan)| plan.looks_like_plan())
}

/// [`looks_like_plan`] from digests: the latest revision whose commit the walk knows.
fn digest_looks_like_plan(history: &History, lineage: &FileLineage, digests: &Digests) -> bool {
    lineage
        .revisions
        .iter()
        .rev()
        .find(|r| history.commit(r).is_some())
        .and_then(|r| digests.get(&r.blob))
        .is_some_and(|d| d.plan)
}

/// Every blob of `lineages`, in lineage order, each once.
fn blobs<'a>(lineages: impl Iterator<Item = &'a FileLineage>) -> Vec<ObjectId> {
    let mut seen = std::collections::HashSet::new();
    lineages
        .flat_map(|l| l.revisions.iter().map(|r| r.blob))
        .filter(|id| seen.insert(*id))
        .collect()
}

/// Timelines of many plans from one walk.
#[derive(Debug, Clone, Default)]
pub struct TimelineSet {
    /// The commit the walk started from (`None`: no commits yet).
    pub head: Option<String>,
    /// The repository is shallow and the walk hit its boundary.
    pub shallow: bool,
    /// One per requested plan, in order; `None` when the plan has no history
    /// and no working-tree content, or its history could not be read (see
    /// [`TimelineSet::failed`]).
    pub timelines: Vec<Option<PlanTimeline>>,
    /// Objects this clone lacks (a partial clone) that some facts needed, each
    /// named once with where: those facts (a tick's evidence, the code changed
    /// while a plan was active) are unknown, every other fact is computed.
    pub missing: Vec<String>,
    /// Plans whose own history could not be read (a revision's blob is
    /// missing), one message each: their timelines are `None`.
    pub failed: Vec<String>,
}

/// A plan to build a timeline for: its path relative to the repository root,
/// and its working-tree text when it has one.
#[derive(Debug, Clone, Copy)]
pub struct PlanRef<'a> {
    /// Root-relative path.
    pub path: &'a std::path::Path,
    /// The working-tree text; `None` when the plan is not there.
    pub current: Option<Working<'a>>,
}

/// Repository-relative, `/`-separated form of a root-relative path.
pub fn repo_path(p: &std::path::Path) -> String {
    let s: Vec<String> = p
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    s.join("/")
}

/// The exact bytes of a root-relative path, `/`-separated: git paths are
/// bytes, and a plan named in Latin-1 must still find its history.
pub fn repo_path_bytes(p: &std::path::Path) -> Vec<u8> {
    let mut out = Vec::new();
    for c in p.components() {
        if let std::path::Component::Normal(n) = c {
            if !out.is_empty() {
                out.push(b'/');
            }
            #[cfg(unix)]
            out.extend_from_slice(std::os::unix::ffi::OsStrExt::as_bytes(n));
            #[cfg(not(unix))]
            out.extend_from_slice(n.to_string_lossy().as_bytes());
        }
    }
    out
}

/// History read ahead: the walk and the kept digests, made on another core
/// while the working tree's plans are parsed ([`crate::workspace::Workspace::select_ahead`]).
/// A walk made for other options than the plans turn out to need is not used.
#[derive(Debug, Default)]
pub struct Ahead {
    walked: Option<(crate::history::WalkOptions, History)>,
    kept: Option<crate::digest::Kept>,
}

impl Ahead {
    /// With `kept` read elsewhere ([`kept_ahead`]).
    pub fn with_kept(self, kept: Option<crate::digest::Kept>) -> Self {
        Self { kept, ..self }
    }
}

/// Read ahead for the plan files `files`. Never an error: what fails here is
/// done again, and reported, where it is needed.
pub fn read_ahead(
    root: &std::path::Path,
    config: &crate::config::Config,
    rev: Option<&str>,
    files: &[std::path::PathBuf],
) -> Ahead {
    // The two caches are independent files: read them side by side.
    std::thread::scope(|s| {
        let kept = s.spawn(|| kept_ahead(root, config));
        let walked = walk_ahead(root, config, rev, files);
        let kept = kept.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        walked.with_kept(kept)
    })
}

/// The walk part of [`read_ahead`] (no kept digests).
pub fn walk_ahead(
    root: &std::path::Path,
    config: &crate::config::Config,
    rev: Option<&str>,
    files: &[std::path::PathBuf],
) -> Ahead {
    let Ok(repo) = crate::history::Repo::open(root) else {
        return Ahead::default();
    };
    let paths: Vec<String> = files.iter().map(|p| repo_path(p)).collect();
    let opts = crate::revision::walk_options(config, rev.unwrap_or("HEAD"), &paths);
    let walked = crate::history::walk_cached(&repo, &opts)
        .ok()
        .map(|h| (opts, h));
    Ahead { walked, kept: None }
}

/// The kept digests part of [`read_ahead`]: `None` outside a repository.
pub fn kept_ahead(
    root: &std::path::Path,
    config: &crate::config::Config,
) -> Option<crate::digest::Kept> {
    let repo = crate::history::Repo::open(root).ok()?;
    Some(crate::digest::kept(&repo, config.parse_options()))
}

/// Open the repository and walk its history once, over the plans folders
/// and the folders of `plans` (or take the walk read ahead for the same).
fn walk(
    root: &std::path::Path,
    config: &crate::config::Config,
    rev: Option<&str>,
    plans: &[PlanRef<'_>],
    ahead: &mut Ahead,
) -> Result<(crate::history::Repo, History), crate::Error> {
    let repo = crate::history::Repo::open(root)?;
    let paths: Vec<String> = plans.iter().map(|p| repo_path(p.path)).collect();
    let opts = crate::revision::walk_options(config, rev.unwrap_or("HEAD"), &paths);
    let history = match ahead.walked.take() {
        Some((o, history)) if o == opts => history,
        _ => crate::history::walk_cached(&repo, &opts)?,
    };
    Ok((repo, history))
}

/// Why a lineage's history cannot be read: the first of its revisions whose
/// blob this clone lacks, named with its path and commit, and the way out.
fn lacking(history: &History, lineage: &FileLineage, digests: &Digests) -> Option<String> {
    let rev = lineage
        .revisions
        .iter()
        .find(|r| digests.missing(&r.blob).is_some())?;
    let at = history
        .commit(rev)
        .map_or_else(String::new, |c| format!(" at {}", c.short));
    let folder = lineage
        .display_path()
        .rsplit_once('/')
        .map_or_else(|| ".".to_string(), |(d, _)| d.to_string());
    let id = rev.blob.to_string();
    Some(format!(
        "{}: its history needs blob {} ({}{at}), which this clone lacks; fetch the plans' history once with `git log --format= -p -- {folder} > /dev/null` (a partial clone fetches each missing blob on demand), then run again",
        lineage.display_path(),
        id.get(..12).unwrap_or(&id),
        String::from_utf8_lossy(&rev.path),
    ))
}

fn finish(
    history: &History,
    results: Vec<Result<Option<PlanTimeline>, String>>,
) -> Result<TimelineSet, crate::Error> {
    let mut failed = Vec::new();
    let timelines = results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|why| {
                failed.push(why);
                None
            })
        })
        .collect();
    Ok(TimelineSet {
        head: history.head.map(|h| h.to_string()),
        shallow: history.shallow,
        timelines,
        missing: Vec::new(),
        failed,
    })
}

/// Walk once and build the timeline of every plan. With `rev`, history is
/// read at that revision and the working tree is ignored.
pub fn for_plans(
    root: &std::path::Path,
    config: &crate::config::Config,
    rev: Option<&str>,
    plans: &[PlanRef<'_>],
    now: DateTime<Utc>,
) -> Result<TimelineSet, crate::Error> {
    for_plans_ahead(root, config, rev, plans, now, Ahead::default())
}

/// [`for_plans`] with what was read ahead.
pub fn for_plans_ahead(
    root: &std::path::Path,
    config: &crate::config::Config,
    rev: Option<&str>,
    plans: &[PlanRef<'_>],
    now: DateTime<Utc>,
    mut ahead: Ahead,
) -> Result<TimelineSet, crate::Error> {
    let (repo, history) = walk(root, config, rev, plans, &mut ahead)?;
    let parse_opts = config.parse_options();
    let kind = repo.hash_kind();
    // A plan moved in the index only (`git mv`, not yet committed) keeps its past.
    let work: Vec<(PlanRef<'_>, Option<&FileLineage>)> = plans
        .iter()
        .map(|plan| {
            let bytes = repo_path_bytes(plan.path);
            let current = if rev.is_some() { None } else { plan.current };
            let lineage = history.lineage_bytes(&bytes).or_else(|| {
                current.and_then(|_| crate::history::staged_origin(&repo, &history, &bytes))
            });
            (PlanRef { current, ..*plan }, lineage)
        })
        .collect();
    let sync = repo.into_shared();
    let ids = blobs(work.iter().filter_map(|(_, l)| *l));
    let digests = crate::digest::for_blobs(&sync, &history, &ids, parse_opts, ahead.kept)?;
    let results = crate::parallel::map(&work, |(plan, lineage)| {
        if lineage.is_none() && plan.current.is_none() {
            return Ok(None);
        }
        if let Some(why) = lineage.and_then(|l| lacking(&history, l, &digests)) {
            return Err(why);
        }
        let steps = lineage.map_or_else(Vec::new, |l| steps(&history, l, &digests));
        let current = plan.current.map(|w| Current::of_working(w, kind, &digests));
        let rp = repo_path(plan.path);
        Ok(Some(from_steps(
            &history,
            *lineage,
            steps,
            &rp,
            current.as_ref(),
            now,
        )))
    });
    finish(&history, results)
}

/// Timelines of every plan that exists at `rev`, read from history alone:
/// for bare repositories, or any place without a working tree.
pub fn from_history(
    root: &std::path::Path,
    config: &crate::config::Config,
    rev: Option<&str>,
    now: DateTime<Utc>,
) -> Result<TimelineSet, crate::Error> {
    let (repo, history) = walk(root, config, rev, &[], &mut Ahead::default())?;
    let parse_opts = config.parse_options();
    let lineages: Vec<&FileLineage> = history
        .files
        .iter()
        .filter(|l| !l.deleted)
        .filter(|l| !config.excluded(std::path::Path::new(l.display_path().as_ref())))
        .collect();
    let sync = repo.into_shared();
    let digests = crate::digest::for_blobs(
        &sync,
        &history,
        &blobs(lineages.iter().copied()),
        parse_opts,
        None,
    )?;
    let results = crate::parallel::map(&lineages, |l| {
        if let Some(why) = lacking(&history, l, &digests) {
            return Err(why);
        }
        if !digest_looks_like_plan(&history, l, &digests) {
            return Ok(None);
        }
        let path = l.display_path();
        let steps = steps(&history, l, &digests);
        Ok(Some(from_steps(&history, Some(l), steps, &path, None, now)))
    });
    finish(&history, results)
}
