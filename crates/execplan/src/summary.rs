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

/// How long a plan has gone without a change, when that makes it stale: the
/// whole 24-hour periods from `last_change` to `now`, if more than
/// `stale_days`, for a plan with open items ([`Plan::counts`]). The one
/// definition behind `plans list`, `stale-plan` (EP104) and the report.
/// `last_change` is history's last change when there is history; without
/// one, the Last Updated field (its date's midnight, UTC) stands in.
pub fn staleness(
    plan: &Plan,
    last_change: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    stale_days: u32,
) -> Option<i64> {
    let (done, total) = plan.counts();
    if done >= total {
        return None;
    }
    let last = last_change.or_else(|| field_date(plan).map(midnight))?;
    let days = (now - last).num_days();
    (days > i64::from(stale_days)).then_some(days)
}

fn field_date(plan: &Plan) -> Option<NaiveDate> {
    plan.meta(MetaKey::LastUpdated)
        .and_then(|m| parse_meta_date(&m.value))
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(NaiveTime::MIN).and_utc()
}

/// Summarise a plan. `last_change` is history's last change (None: the
/// Last Updated field stands in).
pub fn summarize(
    plan: &Plan,
    last_change: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    stale_days: u32,
) -> Summary {
    let (done, total) = plan.counts();
    let last_updated = last_change
        .map(|t| t.date_naive())
        .or_else(|| field_date(plan));
    let stale = staleness(plan, last_change, now, stale_days).is_some();
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
