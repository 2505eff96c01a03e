//! `plans prime`: a briefing for an agent that starts work: the open plans
//! (active first, then stale, then drafts), their open items, their last
//! decisions, and the paths they name that are missing or have drifted
//! (EP015, EP107) or the plan's staleness (EP104). The caller bounds its
//! size when it renders it.

use std::path::PathBuf;

use serde::Serialize;

use crate::check::{check, CheckOptions};
use crate::error::Error;
use crate::summary::{State, Summary};
use crate::workspace::Workspace;

/// The rules whose findings a briefing carries: paths that are gone or have
/// drifted, and a plan nobody has touched for a while.
const PATH_RULES: [&str; 3] = ["EP015", "EP107", "EP104"];

/// How many open items and decisions a plan brings at most.
const ITEMS: usize = 8;
const DECISIONS: usize = 3;

/// One open plan in the briefing.
#[derive(Debug, Clone, Serialize)]
pub struct PlanBrief {
    /// Path relative to the root.
    pub path: String,
    /// Title (first H1).
    pub title: Option<String>,
    /// Where it stands.
    pub state: State,
    /// Items done.
    pub done: usize,
    /// Items in all.
    pub total: usize,
    /// Its open items, in order (at most eight).
    pub open: Vec<String>,
    /// How many more open items it has.
    pub more_open: usize,
    /// Its last decisions, newest last, with their date and author when given.
    pub decisions: Vec<String>,
    /// Paths it names that are missing or drifted, and staleness: one line each.
    pub attention: Vec<String>,
}

/// The briefing.
#[derive(Debug, Clone, Serialize)]
pub struct Briefing {
    /// The open plans, active first, then stale, then drafts; most recently
    /// changed first within each.
    pub plans: Vec<PlanBrief>,
    /// How many plans are done.
    pub done: usize,
}

/// The plans not done (every item done is done), active first, then stale,
/// then drafts, most recently changed first within each; and how many are done.
pub fn open_plans(ws: &Workspace) -> Result<(Vec<Summary>, usize), Error> {
    let listing = crate::plans::list(ws, &[])?;
    let total = listing.rows.len();
    let mut open: Vec<Summary> = listing
        .rows
        .into_iter()
        .filter(|r| r.state != State::Done)
        .collect();
    let rank = |s: State| match s {
        State::Active => 0,
        State::Stale => 1,
        _ => 2,
    };
    open.sort_by_key(|r| (rank(r.state), std::cmp::Reverse(r.last_updated)));
    let done = total - open.len();
    Ok((open, done))
}

/// The briefing for the workspace's plans.
pub fn prime(ws: &Workspace) -> Result<Briefing, Error> {
    let (open, done) = open_plans(ws)?;
    let paths: Vec<PathBuf> = open.iter().map(|r| PathBuf::from(&r.path)).collect();
    let checked = if paths.is_empty() {
        None
    } else {
        Some(check(
            ws,
            &CheckOptions {
                paths,
                history: true,
                rev: None,
            },
        )?)
    };
    let mut plans = Vec::new();
    for row in &open {
        let found = checked.as_ref().and_then(|c| {
            c.plans
                .iter()
                .find(|p| p.path == std::path::Path::new(&row.path))
        });
        let (mut items, mut decisions, mut attention) = (Vec::new(), Vec::new(), Vec::new());
        if let Some(p) = found {
            if let Some(plan) = &p.plan {
                items = plan
                    .all_items()
                    .into_iter()
                    .filter(|i| !i.checked)
                    .map(|i| i.text.clone())
                    .collect();
                decisions = plan
                    .decisions
                    .iter()
                    .rev()
                    .take(DECISIONS)
                    .rev()
                    .map(|d| match &d.date_author {
                        Some(w) => format!("{} ({})", d.decision.value, w.value),
                        None => d.decision.value.clone(),
                    })
                    .collect();
            }
            attention = p
                .diagnostics
                .iter()
                .filter(|d| PATH_RULES.contains(&d.rule))
                .map(|d| format!("line {}: {} [{}]", d.line, d.message, d.rule))
                .collect();
        }
        let more_open = items.len().saturating_sub(ITEMS);
        items.truncate(ITEMS);
        plans.push(PlanBrief {
            path: row.path.clone(),
            title: row.title.clone(),
            state: row.state,
            done: row.done,
            total: row.total,
            open: items,
            more_open,
            decisions,
            attention,
        });
    }
    Ok(Briefing { plans, done })
}
