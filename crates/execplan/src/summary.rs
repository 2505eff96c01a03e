//! One-line summaries of plans, for `plans list`.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use crate::model::{MetaKey, Plan};
use crate::parse::stamp::parse_meta_date;

/// Where a plan stands at an instant: the one set of states, shared by
/// `plans list` (as of now) and `plans report` (as of `--to`), from one
/// function, [`state`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Nothing ticked yet, no Progress item at all included, and not stale.
    Draft,
    /// Some items done, some open, changed within `stale-days`.
    Active,
    /// Every item done (at least one item).
    Done,
    /// Open items and no change for more than `stale-days` whole days.
    Stale,
}

/// Where a plan with `facts` stands at the instant `at`, its last change
/// being `last_change` (history's; without history, the Last Updated field
/// stands in): done when every item is (at least one); stale when items are
/// open and it has not changed for more than `stale_days` whole days before
/// `at`; else draft while nothing is ticked, active once something is.
pub fn state(
    facts: &Fields<'_>,
    last_change: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
    stale_days: u32,
) -> State {
    if facts.total > 0 && facts.done == facts.total {
        State::Done
    } else if stale_for(facts, last_change, at, stale_days).is_some() {
        State::Stale
    } else if facts.done == 0 {
        State::Draft
    } else {
        State::Active
    }
}

/// A plan's summary row.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub last_updated: Option<NaiveDate>,
    /// Where it stands.
    pub state: State,
}

/// What a summary reads from a plan: from its parse ([`Fields::of_plan`]) or
/// from its digest (`Digest::facts`), which `plans list` takes for a plan
/// whose bytes history has already read.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    /// The title (first H1).
    pub title: Option<&'a str>,
    /// The Owner field's value.
    pub owner: Option<&'a str>,
    /// The Last Updated field's value, as written.
    pub updated: Option<&'a str>,
    /// Items done.
    pub done: usize,
    /// Items in all.
    pub total: usize,
}

impl<'a> Fields<'a> {
    /// From a parsed plan.
    pub fn of_plan(plan: &'a Plan) -> Self {
        let (done, total) = plan.counts();
        Self {
            title: plan.title.as_ref().map(|t| t.value.as_str()),
            owner: plan.meta(MetaKey::Owner).map(|m| m.value.as_str()),
            updated: plan.meta(MetaKey::LastUpdated).map(|m| m.value.as_str()),
            done,
            total,
        }
    }

    fn field_date(&self) -> Option<NaiveDate> {
        self.updated.and_then(parse_meta_date)
    }
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
    stale_for(&Fields::of_plan(plan), last_change, now, stale_days)
}

fn stale_for(
    facts: &Fields<'_>,
    last_change: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    stale_days: u32,
) -> Option<i64> {
    if facts.done >= facts.total {
        return None;
    }
    let last = last_change.or_else(|| facts.field_date().map(midnight))?;
    let days = (now - last).num_days();
    (days > i64::from(stale_days)).then_some(days)
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(NaiveTime::MIN).and_utc()
}

/// Summarise the plan at `path`. `last_change` is history's last change
/// (None: the Last Updated field stands in).
pub fn summarize(
    path: &std::path::Path,
    facts: &Fields<'_>,
    last_change: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    stale_days: u32,
) -> Summary {
    let (done, total) = (facts.done, facts.total);
    let last_updated = last_change
        .map(|t| t.date_naive())
        .or_else(|| facts.field_date());
    let state = state(facts, last_change, now, stale_days);
    Summary {
        path: path.display().to_string(),
        title: facts.title.map(str::to_string),
        owner: facts
            .owner
            .filter(|v| !crate::model::is_placeholder(v))
            .map(str::to_string),
        done,
        total,
        last_updated,
        state,
    }
}
