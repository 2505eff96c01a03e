//! The code behind a plan in the range: what changed outside the plans
//! folders while the plan was being worked on, and the ticks with nothing
//! behind them.
//!
//! - **Code changed while active** is the tree diff from the commit of the
//!   plan's first revision in the range to the commit of its last revision in
//!   the range (files outside the plans folders, or inside the `evidence`
//!   globs when configured; lines as `git diff --numstat` counts them). A plan
//!   with one revision in the range has nothing between them: no entry.
//! - **Ticks without evidence** are EP106's: an item ticked in the range whose
//!   tick commit's tree differs from the plan's previous revision in no file
//!   that counts. Ticks that came with the plan's first revision, and ticks at
//!   a shallow boundary, are left out, as the rule leaves them out.

use serde::Serialize;

use crate::evidence::{FileChange, Finder};
use crate::history::ObjectId;
use crate::timeline::{Fact, PlanTimeline};

use super::CompletedItem;

/// Code changed while a plan was active in the range.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CodeChange {
    /// The plan's first revision in the range.
    pub from: Fact,
    /// Its last revision in the range.
    pub to: Fact,
    /// Files changed between them, by path.
    pub files: Vec<FileChange>,
    /// Lines added over all files.
    pub added: usize,
    /// Lines removed over all files.
    pub removed: usize,
    /// Why the figures are not all known: an object this clone lacks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
}

fn id(f: &Fact) -> Option<ObjectId> {
    f.commit
        .as_deref()
        .and_then(|c| ObjectId::from_hex(c.as_bytes()).ok())
}

/// The code changed between the first and the last of `revisions` (the
/// plan's revisions in the range, oldest first).
pub(super) fn while_active(
    finder: &mut Finder<'_>,
    revisions: &[&Fact],
) -> Result<Option<CodeChange>, crate::Error> {
    let (Some(first), Some(last)) = (revisions.first(), revisions.last()) else {
        return Ok(None);
    };
    let (Some(a), Some(b)) = (id(first), id(last)) else {
        return Ok(None);
    };
    if a == b {
        return Ok(None);
    }
    let e = finder.find(Some(a), b)?;
    let (added, removed) = e.totals();
    Ok(Some(CodeChange {
        from: (*first).clone(),
        to: (*last).clone(),
        files: e.files,
        added,
        removed,
        unknown: e.unknown,
    }))
}

/// The items of `completed` (ticked in the range) whose tick has nothing behind it.
pub(super) fn without_evidence(
    finder: &mut Finder<'_>,
    tl: &PlanTimeline,
    completed: &[CompletedItem],
) -> Result<Vec<CompletedItem>, crate::Error> {
    let mut out = Vec::new();
    for item in completed {
        let at = &item.checked_at;
        let (Some(tick), Some(hex)) = (id(at), at.commit.as_deref()) else {
            continue;
        };
        let Some(prev) = crate::timeline::previous_revision(tl, hex) else {
            continue;
        };
        if at.boundary {
            continue;
        }
        if finder.find(Some(prev), tick)?.is_empty() {
            out.push(item.clone());
        }
    }
    Ok(out)
}
