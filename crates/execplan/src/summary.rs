//! One-line summaries of plans, for `plans list`.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
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

/// How long a plan has gone without a change, when that makes it stale:
/// the whole days from `last_change` to `now`, if more than `stale_days`.
/// The one definition of the clock behind `plans list` (by calendar date),
/// `stale-plan` (EP104) and the report's stale status.
pub fn staleness(last_change: DateTime<Utc>, now: DateTime<Utc>, stale_days: u32) -> Option<i64> {
    let days = (now - last_change).num_days();
    (days > i64::from(stale_days)).then_some(days)
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
    let midnight = |d: NaiveDate| d.and_time(NaiveTime::MIN).and_utc();
    let stale =
        last_updated.is_some_and(|d| staleness(midnight(d), midnight(today), stale_days).is_some());
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
