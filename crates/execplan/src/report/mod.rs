//! `plans report`: what happened to the plans between two revisions.
//!
//! [`build`] resolves the range, walks history once at `to` and returns a
//! serialisable [`Report`]; [`render()`] turns it into markdown, HTML or JSON
//! (minijinja templates, plotters SVG charts); [`render::write`] is the only
//! function that touches the file system, through the library's atomic write.
//!
//! # Range rules
//!
//! - `to` defaults to `HEAD`.
//! - `from` defaults to the *previous tag*: the newest tag (by the committer date
//!   of its commit, then by name) whose commit is an ancestor of `to` and is not
//!   `to` itself. With no such tag the range is the whole history of `to`.
//! - The range is the set of commits reachable from `to` and not from `from`
//!   (`git log from..to`). A plan's state "at `from`" is its newest revision
//!   reachable from `from`; "at `to`" its newest revision overall.
//! - A plan is identified by its lineage (renames joined), so `active/x.md`
//!   moved to `completed/x.md` inside the range counts once, under its new path.
//!   A plan deleted inside the range is reported with the content it had when
//!   it was deleted.

pub mod chart;
pub mod code;
pub mod render;

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::evidence::Finder;
use crate::history::{CommitFacts, FileLineage, History, HistoryError, ObjectId, Repo};
use crate::model::{item_key, Decision, Plan, SectionKind, Surprise};
use crate::plandiff::{new_decisions, new_surprises};
use crate::revision::{snapshots, Snapshot};
use crate::source::Source;
use crate::summary::State;
use crate::timeline::{Fact, PlanTimeline, SeriesPoint};

pub use code::CodeChange;
pub use render::{render, Format, Rendered};

/// Version of the report's JSON document (and of the template context).
pub const SCHEMA: u32 = 1;

/// What to report on.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Start of the range (exclusive); `None`: the previous tag, else the whole history.
    pub from: Option<String>,
    /// End of the range (inclusive); `None`: `HEAD`.
    pub to: Option<String>,
}

/// One end of the range.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// The revision as given (or the tag name found, or `HEAD`).
    pub rev: String,
    /// Full commit id.
    pub commit: String,
    /// Abbreviated id.
    pub short: String,
    /// Committer date of the commit, UTC.
    pub time: DateTime<Utc>,
}

/// How `from` was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FromKind {
    /// Given with `--from`.
    Given,
    /// The previous tag.
    PreviousTag,
    /// No tag before `to`: the whole history.
    WholeHistory,
}

/// The range the report covers.
#[derive(Debug, Clone, Serialize)]
pub struct RangeInfo {
    /// Start (exclusive); `None` for the whole history.
    pub from: Option<Point>,
    /// End (inclusive).
    pub to: Point,
    /// How `from` was chosen.
    pub from_kind: FromKind,
    /// One sentence saying what the range is and why.
    pub description: String,
    /// Commits in the range (all commits, not only those touching plans).
    pub commits: usize,
    /// Commits in the range that changed a plan.
    pub plan_commits: usize,
    /// Nothing changed in any plan in the range.
    pub empty: bool,
}

/// A Progress item ticked in the range.
#[derive(Debug, Clone, Serialize)]
pub struct CompletedItem {
    /// Item text (timestamp removed).
    pub text: String,
    /// The commit that ticked it.
    pub checked_at: Fact,
    /// The timestamp written on the item, as written, if any.
    pub stamp: Option<String>,
}

/// A Progress item still open at `to`.
#[derive(Debug, Clone, Serialize)]
pub struct OpenItem {
    /// Item text.
    pub text: String,
    /// The commit that added it.
    pub added: Fact,
}

/// A Decision Log entry new in the range.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionEntry {
    /// `Decision:` text.
    pub decision: String,
    /// `Rationale:` text.
    pub rationale: Option<String>,
    /// `Date/Author:` text.
    pub date_author: Option<String>,
}

/// A Surprises & Discoveries entry new in the range.
#[derive(Debug, Clone, Serialize)]
pub struct SurpriseEntry {
    /// `Observation:` text.
    pub observation: String,
    /// `Evidence:` text.
    pub evidence: Option<String>,
}

/// Created → last item ticked.
#[derive(Debug, Clone, Serialize)]
pub struct CycleTime {
    /// Seconds.
    pub seconds: i64,
    /// Days, one decimal.
    pub days: f64,
    /// "3d 4h".
    pub text: String,
}

/// Where a plan stands at the end of the range: what happened to it in the
/// range (finished, deleted), else its [`State`] as
/// of `to`, the states `plans list` gives as of now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every item done at `to`, not at `from`.
    Finished,
    /// Every item was done already at `from` (the plan was only touched).
    Done,
    /// Nothing ticked at `to` (no item at all included), changed within
    /// `stale-days` before `to`.
    Draft,
    /// Some items done and some open at `to`, changed within `stale-days` before `to`.
    Active,
    /// Open items, no change for more than `stale-days` before `to`.
    Stale,
    /// Deleted in the range.
    Deleted,
}

/// One plan in the range.
#[derive(Debug, Clone, Serialize)]
pub struct PlanReport {
    /// Path at `to` (or the last path, for a deleted plan).
    pub path: String,
    /// Path at `from`, when the plan was moved in the range.
    pub previous_path: Option<String>,
    /// The plan's title.
    pub title: Option<String>,
    /// Where it stands.
    pub status: Status,
    /// Has a revision in the range (created, edited, moved or deleted in it).
    pub changed_in_range: bool,
    /// Created in the range.
    pub created_in_range: bool,
    /// All items done at `to` and not at `from`.
    pub finished_in_range: bool,
    /// Deleted in the range.
    pub deleted_in_range: bool,
    /// The creating commit.
    pub created: Option<Fact>,
    /// The deleting commit.
    pub deleted: Option<Fact>,
    /// The last change that was more than `fill`'s stamps.
    pub last_updated: Option<Fact>,
    /// Items done at `to`.
    pub done: usize,
    /// Items at `to`.
    pub total: usize,
    /// Items done at `from` (0 if the plan did not exist).
    pub done_before: usize,
    /// Items at `from`.
    pub total_before: usize,
    /// Items ticked in the range, in document order.
    pub completed: Vec<CompletedItem>,
    /// Of `completed`, the ticks with nothing behind them (EP106's notion; see [`code`]).
    pub without_evidence: Vec<CompletedItem>,
    /// Code changed from the plan's first to its last revision in the range (see [`code`]).
    pub code: Option<CodeChange>,
    /// Items open at `to`, in document order.
    pub open: Vec<OpenItem>,
    /// Decision Log entries present at `to` and not at `from`.
    pub decisions: Vec<DecisionEntry>,
    /// Surprises present at `to` and not at `from`.
    pub surprises: Vec<SurpriseEntry>,
    /// The Outcomes & Retrospective text at `to` (trimmed), if the section has any.
    pub outcomes: Option<String>,
    /// Created → last item ticked, when every item is done.
    pub cycle_time: Option<CycleTime>,
    /// Authors of the plan's revisions in the range, first appearance first.
    pub contributors: Vec<String>,
    /// done/total: the state at `from`, after each revision in the range, and at `to`.
    pub series: Vec<SeriesPoint>,
}

/// Counts over the whole range.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    /// Plans in the report.
    pub plans: usize,
    /// Plans with a revision in the range (the others are in the report only
    /// because they are still open at `to`).
    pub changed: usize,
    /// Plans created in the range.
    pub created: usize,
    /// Plans finished in the range.
    pub finished: usize,
    /// Plans in draft at `to` (nothing ticked).
    pub draft: usize,
    /// Plans still active at `to`.
    pub active: usize,
    /// Plans gone stale at `to`.
    pub stale: usize,
    /// Plans deleted in the range.
    pub deleted: usize,
    /// Items ticked in the range.
    pub items_completed: usize,
    /// Of those, ticks with nothing behind them.
    pub ticks_without_evidence: usize,
    /// Items open at `to`.
    pub items_open: usize,
    /// Decisions logged in the range.
    pub decisions: usize,
    /// Surprises logged in the range.
    pub surprises: usize,
    /// Distinct authors of plan revisions in the range.
    pub contributors: Vec<String>,
}

/// The report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: u32,
    /// Tool name and version.
    pub tool: Tool,
    /// When the report was made.
    pub generated_at: DateTime<Utc>,
    /// The range.
    pub range: RangeInfo,
    /// `stale-days` used.
    pub stale_days: u32,
    /// History is shallow: creations at its boundary are lower bounds.
    pub shallow: bool,
    /// Counts.
    pub totals: Totals,
    /// Paths of plans created in the range.
    pub created: Vec<String>,
    /// Paths of plans finished in the range.
    pub finished: Vec<String>,
    /// Paths of plans in draft at `to`.
    pub draft: Vec<String>,
    /// Paths of plans still active at `to`.
    pub active: Vec<String>,
    /// Paths of stale plans.
    pub stale: Vec<String>,
    /// Paths of plans deleted in the range.
    pub deleted: Vec<String>,
    /// Every plan changed in the range or still open at `to`, by path.
    pub plans: Vec<PlanReport>,
    /// done/total summed over the plans: at `from`, then after each change.
    pub burnup: Vec<SeriesPoint>,
    /// Plans whose history in the range could not be read (a partial clone
    /// lacks a revision's blob), one message each: they are left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<String>,
    /// Objects outside the plans folders this clone lacks, each named once:
    /// the figures that need them are unknown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// Name and version of the tool.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// `execplan`.
    pub name: &'static str,
    /// The library version.
    pub version: &'static str,
}

fn point(repo: &Repo, rev: &str) -> Result<Point, crate::Error> {
    let id = match repo.resolve(rev) {
        Ok(id) => id,
        // In a repository with no commit every revision fails, and git's
        // "rev-spec is malformed" sends the reader looking for a typo.
        Err(_) if repo.head().is_none() => {
            return Err(crate::Error::Invalid(format!(
                "no commits yet, so no history to report on (`{rev}` names nothing): commit the plans first (`git add . && git commit`), then run `plans report` again"
            )))
        }
        Err(e) => return Err(e.into()),
    };
    let commit = repo.commit(id)?;
    Ok(commit_point(&commit, rev))
}

fn commit_point(commit: &CommitFacts, rev: &str) -> Point {
    let id = commit.id;
    let time = DateTime::from_timestamp(commit.committer_time, 0).unwrap_or_default();
    Point {
        rev: rev.to_string(),
        commit: id.to_string(),
        short: id.to_hex_with_len(7).to_string(),
        time,
    }
}

/// The newest tag whose commit is a strict ancestor of `to`.
fn previous_tag(
    repo: &Repo,
    to: ObjectId,
    reachable: &HashSet<ObjectId>,
) -> Result<Option<(String, CommitFacts)>, crate::Error> {
    let mut best: Option<(i64, String, CommitFacts)> = None;
    // Tags of trees and blobs are not release points: `tags` leaves them out.
    for (name, id) in repo.tags()? {
        if id == to || !reachable.contains(&id) {
            continue;
        }
        let Ok(commit) = repo.commit(id) else {
            continue;
        };
        let t = commit.committer_time;
        let better = match &best {
            None => true,
            Some((bt, bn, _)) => t > *bt || (t == *bt && name > *bn),
        };
        if better {
            best = Some((t, name, commit));
        }
    }
    Ok(best.map(|(_, n, c)| (n, c)))
}

/// The plan at `from`: its newest snapshot reachable from `from`, unless that
/// one deletes it.
fn snapshot_at<'s, 'h>(
    snaps: &'s [Snapshot<'h>],
    before: &HashSet<ObjectId>,
) -> Option<&'s Snapshot<'h>> {
    snaps
        .iter()
        .rev()
        .find(|s| before.contains(&s.commit.id))
        .filter(|s| !s.deleted())
}

fn in_range(f: &Fact, before: &HashSet<String>) -> bool {
    f.commit.as_ref().is_some_and(|c| !before.contains(c))
}

fn duration_text(seconds: i64) -> String {
    let d = seconds / 86_400;
    let h = (seconds % 86_400) / 3600;
    let m = (seconds % 3600) / 60;
    if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m}m")
    } else {
        format!("{m}m")
    }
}

fn decision_entry(d: &Decision) -> DecisionEntry {
    DecisionEntry {
        decision: d.decision.value.clone(),
        rationale: d.rationale.as_ref().map(|r| r.value.clone()),
        date_author: d.date_author.as_ref().map(|r| r.value.clone()),
    }
}

fn surprise_entry(s: &Surprise) -> SurpriseEntry {
    SurpriseEntry {
        observation: s.observation.value.clone(),
        evidence: s.evidence.as_ref().map(|r| r.value.clone()),
    }
}

fn outcomes_of(source: &Source, plan: &Plan) -> Option<String> {
    let s = plan.section(SectionKind::Outcomes)?;
    let text = source.text.get(s.body.clone())?;
    // `plans new`'s guidance is for the author, not the reader.
    let text: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("> **Guide:**"))
        .collect();
    let text = text.join("\n");
    // Trailing horizontal rules belong to the layout, not to the text.
    let text = text.trim().trim_end_matches(['-', '\n', ' ']).trim();
    // A placeholder ("Not started yet.", "None yet.", the skeleton's "In
    // progress.") holds the place of a retrospective; it is not one.
    let unwritten = crate::model::is_unwritten(text, &["in progress"]);
    (!text.is_empty() && !unwritten).then(|| text.to_string())
}

struct Inputs<'a> {
    repo: &'a Repo,
    history: &'a History,
    before: &'a HashSet<ObjectId>,
    before_hex: &'a HashSet<String>,
    opts: crate::parse::ParseOptions,
    to: &'a Point,
    start: DateTime<Utc>,
    stale_days: u32,
}

/// The report entry of one lineage; `None` if it has nothing to say in the range.
fn plan_report(
    c: &Inputs<'_>,
    finder: &mut Finder<'_>,
    l: &FileLineage,
    snaps: &[Snapshot<'_>],
    tl: &PlanTimeline,
) -> Result<Option<PlanReport>, crate::Error> {
    let path = l.display_path().into_owned();
    let at_from = snapshot_at(snaps, c.before);
    let in_range_revs: Vec<&Snapshot<'_>> = snaps
        .iter()
        .filter(|s| !c.before.contains(&s.commit.id))
        .collect();
    let Some(last) = snaps.last() else {
        return Ok(None);
    };
    let deleted_in_range = l.deleted && last.deleted() && !c.before.contains(&last.commit.id);
    if l.deleted && !deleted_in_range {
        return Ok(None);
    }
    // The content at `to` (or when deleted).
    let Some((source, plan)) = last.parsed() else {
        return Ok(None);
    };
    let before = at_from.and_then(Snapshot::parsed).map(|(_, p)| p);
    let (done, total) = plan.counts();
    let (done_before, total_before) = before.map_or((0, 0), Plan::counts);
    let complete = total > 0 && done == total;
    let complete_before = total_before > 0 && done_before == total_before;
    if in_range_revs.is_empty() && (complete || l.deleted) {
        return Ok(None);
    }
    let created_in_range = at_from.is_none() && !in_range_revs.is_empty();
    let finished_in_range = complete && !complete_before && !l.deleted;
    let state = crate::summary::state(
        &crate::summary::Fields::of_plan(plan),
        tl.last_updated.as_ref().map(|f| f.time),
        c.to.time,
        c.stale_days,
    );
    let status = if deleted_in_range {
        Status::Deleted
    } else if finished_in_range {
        Status::Finished
    } else {
        match state {
            State::Done => Status::Done,
            State::Stale => Status::Stale,
            State::Draft => Status::Draft,
            State::Active => Status::Active,
        }
    };

    let (completed, open) = items_at_to(c, plan, tl);
    let without_evidence = code::without_evidence(finder, tl, &completed)?;
    let revisions: Vec<&Fact> = tl
        .revisions
        .iter()
        .filter(|f| in_range(f, c.before_hex))
        .collect();
    let code = code::while_active(finder, &revisions)?;
    let empty = Plan::default();
    let old = before.unwrap_or(&empty);
    let mut contributors: Vec<String> = Vec::new();
    for s in &in_range_revs {
        if !contributors.contains(&s.commit.author) {
            contributors.push(s.commit.author.clone());
        }
    }
    let start = before.map(|_| SeriesPoint {
        time: c.start,
        done: done_before,
        total: total_before,
    });
    Ok(Some(PlanReport {
        previous_path: at_from
            .map(|s| String::from_utf8_lossy(&s.revision.path).into_owned())
            .filter(|p| *p != path),
        path,
        title: plan.title.as_ref().map(|t| t.value.clone()),
        status,
        changed_in_range: !in_range_revs.is_empty(),
        created_in_range,
        finished_in_range,
        deleted_in_range,
        created: tl.created.clone(),
        deleted: deleted_in_range.then(|| Fact::of(last.commit)),
        last_updated: tl.last_updated.clone(),
        done,
        total,
        done_before,
        total_before,
        completed,
        without_evidence,
        code,
        open,
        decisions: new_decisions(old, plan)
            .into_iter()
            .map(decision_entry)
            .collect(),
        surprises: new_surprises(old, plan)
            .into_iter()
            .map(surprise_entry)
            .collect(),
        outcomes: outcomes_of(source, plan),
        cycle_time: if complete { cycle_time(tl) } else { None },
        contributors,
        series: series_in_range(c, tl, start),
    }))
}

/// Items ticked in the range, and items open at `to`, in document order.
fn items_at_to(
    c: &Inputs<'_>,
    plan: &Plan,
    tl: &PlanTimeline,
) -> (Vec<CompletedItem>, Vec<OpenItem>) {
    let mut completed = Vec::new();
    let mut open = Vec::new();
    let stamps: BTreeMap<String, String> = plan
        .all_items()
        .iter()
        .filter_map(|i| i.stamp.as_ref().map(|s| (i.key(), s.raw.clone())))
        .collect();
    for item in &tl.items {
        match &item.checked_at {
            Some(f) if item.checked => {
                if in_range(f, c.before_hex) {
                    completed.push(CompletedItem {
                        text: item.text.clone(),
                        checked_at: f.clone(),
                        stamp: stamps.get(&item_key(&item.text)).cloned(),
                    });
                }
            }
            _ => open.push(OpenItem {
                text: item.text.clone(),
                added: item.added.clone(),
            }),
        }
    }
    (completed, open)
}

/// Created → last item ticked, for a plan whose every item is done.
fn cycle_time(tl: &PlanTimeline) -> Option<CycleTime> {
    let last_tick = tl
        .items
        .iter()
        .filter_map(|i| i.checked_at.as_ref().map(|f| f.time))
        .max()?;
    let created = tl.created.as_ref()?;
    if last_tick < created.time {
        return None;
    }
    let seconds = (last_tick - created.time).num_seconds();
    Some(CycleTime {
        seconds,
        days: (seconds as f64 / 8_640.0).round() / 10.0,
        text: duration_text(seconds),
    })
}

/// done/total: `start` (the state at `from`, if the plan existed), after each
/// revision in the range, and held until the end of the range.
fn series_in_range(
    c: &Inputs<'_>,
    tl: &PlanTimeline,
    start: Option<SeriesPoint>,
) -> Vec<SeriesPoint> {
    let mut series: Vec<SeriesPoint> = start.into_iter().collect();
    for (f, p) in tl.revisions.iter().zip(&tl.series) {
        if in_range(f, c.before_hex) {
            series.push(p.clone());
        }
    }
    series.sort_by_key(|p| p.time);
    // Hold the last state until the end of the range, so the line spans it.
    if let Some(last) = series.last().cloned() {
        if last.time < c.to.time {
            series.push(SeriesPoint {
                time: c.to.time,
                ..last
            });
        }
    }
    series
}

/// done/total summed over plans: the state at the start, then after each change;
/// a deleted plan keeps counting with its last state (its work was done).
fn burnup(plans: &[PlanReport], start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<SeriesPoint> {
    let mut state: Vec<(usize, usize)> = plans
        .iter()
        .map(|p| (p.done_before, p.total_before))
        .collect();
    let mut events: Vec<(DateTime<Utc>, usize, usize, usize)> = plans
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.series
                .iter()
                .filter(move |s| s.time > start || p.total_before == 0)
                .map(move |s| (s.time, i, s.done, s.total))
        })
        .collect();
    events.sort_by_key(|e| e.0);
    let sum = |st: &[(usize, usize)]| -> (usize, usize) {
        st.iter().fold((0, 0), |(d, t), (a, b)| (d + a, t + b))
    };
    let mut out = Vec::new();
    let (d, t) = sum(&state);
    let first = events.first().map_or(start, |e| e.0.min(start));
    out.push(SeriesPoint {
        time: first,
        done: d,
        total: t,
    });
    for (time, i, done, total) in events {
        if let Some(s) = state.get_mut(i) {
            *s = (done, total);
        }
        let (d, t) = sum(&state);
        out.push(SeriesPoint {
            time,
            done: d,
            total: t,
        });
    }
    let (d, t) = sum(&state);
    if out.last().is_some_and(|p| p.time < end) {
        out.push(SeriesPoint {
            time: end,
            done: d,
            total: t,
        });
    }
    out
}

/// The range as resolved: its two ends and the commits before it.
struct Range {
    to: Point,
    from: Option<Point>,
    from_kind: FromKind,
    /// Commits reachable from `from` (empty for the whole history).
    before: HashSet<ObjectId>,
    /// Commits in the range.
    commits: usize,
}

fn commit_id(p: &Point) -> Result<ObjectId, crate::Error> {
    Ok(ObjectId::from_hex(p.commit.as_bytes())
        .map_err(|e| HistoryError::git("reading a commit id", e))?)
}

/// Resolve `options` by the range rules in the module documentation.
fn resolve(repo: &Repo, options: &Options) -> Result<Range, crate::Error> {
    let to_rev = options.to.clone().unwrap_or_else(|| "HEAD".to_string());
    let to = point(repo, &to_rev)?;
    let to_id = commit_id(&to)?;
    let reachable = repo.ancestors(to_id)?;
    let (from, from_kind) = match &options.from {
        Some(f) => (Some(point(repo, f)?), FromKind::Given),
        None => match previous_tag(repo, to_id, &reachable)? {
            Some((name, commit)) => (Some(commit_point(&commit, &name)), FromKind::PreviousTag),
            None => (None, FromKind::WholeHistory),
        },
    };
    let before: HashSet<ObjectId> = match &from {
        Some(p) => repo.ancestors(commit_id(p)?)?,
        None => HashSet::new(),
    };
    let commits = reachable.difference(&before).count();
    Ok(Range {
        to,
        from,
        from_kind,
        before,
        commits,
    })
}

/// One sentence saying what the range is and why.
fn describe(from: Option<&Point>, from_kind: FromKind, to: &Point) -> String {
    match (from, from_kind) {
        (Some(f), FromKind::PreviousTag) => format!(
            "From the previous tag {} ({}) to {} ({}): commits reachable from {} and not from {}.",
            f.rev, f.short, to.rev, to.short, to.rev, f.rev
        ),
        (Some(f), _) => format!(
            "From {} ({}) to {} ({}): commits reachable from {} and not from {}.",
            f.rev, f.short, to.rev, to.short, to.rev, f.rev
        ),
        (None, _) => format!(
            "The whole history up to {} ({}): no tag before it.",
            to.rev, to.short
        ),
    }
}

/// The plan entries of a report, the plans whose history could not be read,
/// and the objects the figures lacked.
type PlanReports = (Vec<PlanReport>, Vec<String>, Vec<String>);

/// The report entry of every plan-looking, non-excluded lineage that has
/// something to say in the range, by path.
/// Also the plans whose history could not be read, and the objects missing
/// for the figures (a partial clone).
fn plan_reports(
    c: &Inputs<'_>,
    config: &crate::config::Config,
    now: DateTime<Utc>,
) -> Result<PlanReports, crate::Error> {
    let mut plans = Vec::new();
    let mut unreadable = Vec::new();
    let mut finder = Finder::new(c.repo, config);
    for l in &c.history.files {
        let path = l.display_path();
        if config.excluded(std::path::Path::new(path.as_ref())) {
            continue;
        }
        let snaps = match snapshots(c.repo, c.history, l, &c.opts) {
            Ok(s) => s,
            Err(e) if e.is_missing_object() => {
                unreadable.push(format!("{path}: its history cannot be read: {e}"));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if !crate::timeline::looks_like_plan(&snaps) {
            continue;
        }
        let tl = crate::timeline::build(c.history, Some(l), &snaps, &path, None, now);
        if let Some(p) = plan_report(c, &mut finder, l, &snaps, &tl)? {
            plans.push(p);
        }
    }
    finder.save();
    Ok((plans, unreadable, finder.missing().to_vec()))
}

/// Counts over the plans; `lists` are the created, finished, draft, active,
/// stale and deleted paths.
fn totals(plans: &[PlanReport], lists: [&[String]; 6]) -> Totals {
    let [created, finished, draft, active, stale, deleted] = lists;
    let mut contributors: Vec<String> = Vec::new();
    for p in plans {
        for a in &p.contributors {
            if !contributors.contains(a) {
                contributors.push(a.clone());
            }
        }
    }
    Totals {
        plans: plans.len(),
        changed: plans.iter().filter(|p| p.changed_in_range).count(),
        created: created.len(),
        finished: finished.len(),
        draft: draft.len(),
        active: active.len(),
        stale: stale.len(),
        deleted: deleted.len(),
        items_completed: plans.iter().map(|p| p.completed.len()).sum(),
        ticks_without_evidence: plans.iter().map(|p| p.without_evidence.len()).sum(),
        items_open: plans
            .iter()
            .filter(|p| !p.deleted_in_range)
            .map(|p| p.open.len())
            .sum(),
        decisions: plans.iter().map(|p| p.decisions.len()).sum(),
        surprises: plans.iter().map(|p| p.surprises.len()).sum(),
        contributors,
    }
}

/// Build the report for the repository of the workspace.
pub fn build(ws: &crate::workspace::Workspace, options: &Options) -> Result<Report, crate::Error> {
    let (config, now) = (&ws.config, ws.now);
    let repo = Repo::open(&ws.root)?;
    let Range {
        to,
        from,
        from_kind,
        before,
        commits,
    } = resolve(&repo, options)?;
    let before_hex: HashSet<String> = before.iter().map(ToString::to_string).collect();
    // Not cached: the cache holds one walk per set of folders, and a report's
    // walk from a tag would evict the HEAD walk every `check` reuses.
    let opts = crate::revision::walk_options(config, &to.commit, &[]);
    let history = crate::history::walk(&repo, &opts)?;
    let plan_commits = history
        .commits
        .iter()
        .filter(|c| !before.contains(&c.id))
        .count();
    let start = match &from {
        Some(p) => p.time,
        None => history
            .commits
            .iter()
            .map(|c| c.time)
            .min()
            .unwrap_or(to.time),
    };
    let ctx = Inputs {
        repo: &repo,
        history: &history,
        before: &before,
        before_hex: &before_hex,
        opts: config.parse_options().clone(),
        to: &to,
        start,
        stale_days: config.stale_days,
    };
    let (plans, unreadable, missing) = plan_reports(&ctx, config, now)?;

    let list = |f: &dyn Fn(&PlanReport) -> bool| -> Vec<String> {
        plans
            .iter()
            .filter(|p| f(p))
            .map(|p| p.path.clone())
            .collect()
    };
    let created = list(&|p| p.created_in_range);
    let finished = list(&|p| p.finished_in_range);
    let draft = list(&|p| p.status == Status::Draft);
    let active = list(&|p| p.status == Status::Active);
    let stale = list(&|p| p.status == Status::Stale);
    let deleted = list(&|p| p.deleted_in_range);
    let totals = totals(
        &plans,
        [&created, &finished, &draft, &active, &stale, &deleted],
    );
    let description = describe(from.as_ref(), from_kind, &to);
    let burnup = burnup(&plans, start, to.time);
    Ok(Report {
        schema: SCHEMA,
        tool: Tool {
            name: "execplan",
            version: env!("CARGO_PKG_VERSION"),
        },
        generated_at: now,
        range: RangeInfo {
            from,
            to,
            from_kind,
            description,
            commits,
            plan_commits,
            empty: plan_commits == 0,
        },
        stale_days: config.stale_days,
        shallow: history.shallow,
        totals,
        created,
        finished,
        draft,
        active,
        stale,
        deleted,
        plans,
        burnup,
        unreadable,
        missing,
    })
}
