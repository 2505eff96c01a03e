//! One-line summaries of plans, for `plans list`.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{MetaKey, Plan};
use crate::parse::stamp::parse_meta_date;

/// Where a plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Nothing ticked yet (or no Progress at all).
    Draft,
    /// Some work done, some open, recently touched.
    Active,
    /// Every item done.
    Done,
    /// Open items and no change for longer than `stale-days`.
    Stale,
}

/// A plan's summary row.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Path relative to the root.
    pub path: String,
    /// Title (first H1).
    pub title: Option<String>,
    /// Owner field.
    pub owner: Option<String>,
    /// Items done.
    pub done: usize,
    /// Items in all.
    pub total: usize,
    /// Last update: from history when known, else the Last Updated field.
    pub last_updated: Option<NaiveDate>,
    /// Where it stands.
    pub state: State,
}

/// Summarise a plan. `last_change` is the date history gives (None: use the field).
pub fn summarize(
    plan: &Plan,
    last_change: Option<NaiveDate>,
    today: NaiveDate,
    stale_days: u32,
) -> Summary {
    let (done, total) = plan.done_total();
    let field = plan
        .meta(MetaKey::LastUpdated)
        .and_then(|m| parse_meta_date(&m.value));
    let last_updated = last_change.or(field);
    let stale = last_updated.is_some_and(|d| (today - d).num_days() > i64::from(stale_days));
    let state = if total > 0 && done == total {
        State::Done
    } else if stale {
        State::Stale
    } else if done == 0 {
        State::Draft
    } else {
        State::Active
    };
    Summary {
        path: plan.path.display().to_string(),
        title: plan.title.as_ref().map(|t| t.value.clone()),
        owner: plan
            .meta(MetaKey::Owner)
            .map(|m| m.value.clone())
            .filter(|v| !crate::model::is_placeholder(v)),
        done,
        total,
        last_updated,
        state,
    }
}
