//! Rules that hold a plan against its git history (EP101–EP105).

use super::{find, Finding, Rule, Severity};
use crate::config::Config;
use crate::model::{MetaKey, Plan};
use crate::parse::stamp::parse_meta_date;
use crate::timeline::PlanTimeline;

pub(crate) const UNSHALLOW: &str = "history is shallow here (a CI checkout fetches one commit by default): run `git fetch --unshallow`, or set `fetch-depth: 0` in actions/checkout";

/// What one plan's history says, as findings.
pub(crate) fn run(
    plan: &Plan,
    tl: &PlanTimeline,
    shallow: bool,
    config: &Config,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<(&'static Rule, Severity, Finding)> {
    let mut out = Vec::new();
    let mut emit = |name: &str, f: Finding, downgrade: bool| {
        if let Some(rule) = find(name) {
            let mut sev = config.severity(rule);
            if downgrade && sev == Severity::Error {
                sev = Severity::Warning;
            }
            if sev != Severity::Off {
                out.push((rule, sev, f));
            }
        }
    };
    let created_field = plan.meta(MetaKey::Created);
    let updated_field = plan.meta(MetaKey::LastUpdated);

    if let (Some(field), Some(created)) = (created_field, &tl.created) {
        if let Some(have) = parse_meta_date(&field.value) {
            let truth = created.time.date_naive();
            if tl.created_certain && have != truth {
                emit(
                    "created-mismatch",
                    Finding::new(
                        field.value_span.clone(),
                        format!(
                            "Created says {have}, but the plan was created {}",
                            created.describe()
                        ),
                    )
                    .label(format!("history says {truth}"))
                    .help("run `plans fill` to write it from history"),
                    false,
                );
            } else if !tl.created_certain && have > truth {
                // The plan existed at the boundary, so it cannot be younger than it.
                emit(
                    "created-mismatch",
                    Finding::new(
                        field.value_span.clone(),
                        format!(
                            "Created says {have}, but the plan already existed {}",
                            created.describe()
                        ),
                    )
                    .label(format!("history says {truth} or earlier"))
                    .note(UNSHALLOW)
                    .help("run `plans fill` after fetching full history"),
                    shallow,
                );
            }
        }
    }

    if let (Some(field), Some(last)) = (updated_field, &tl.last_updated) {
        if let Some(have) = parse_meta_date(&field.value) {
            let truth = last.time.date_naive();
            if have < truth {
                emit(
                    "last-updated-stale",
                    Finding::new(
                        field.value_span.clone(),
                        format!(
                            "Last Updated says {have}, but the plan changed {}",
                            last.describe()
                        ),
                    )
                    .label(format!("history says {truth}"))
                    .help("run `plans fill` to write it from history"),
                    false,
                );
            } else if have > truth && !last.boundary {
                emit(
                    "last-updated-contradicted",
                    Finding::new(
                        field.value_span.clone(),
                        format!(
                            "Last Updated says {have}, but the last change to the plan was {}",
                            last.describe()
                        ),
                    )
                    .label(format!("history says {truth}"))
                    .help("run `plans fill` to write the true date"),
                    false,
                );
            }
        }
    }

    for item in plan.all_items() {
        let Some(stamp) = &item.stamp else { continue };
        if !item.checked {
            continue;
        }
        let Some(t) = tl.items.iter().find(|t| t.line == Some(item.line)) else {
            continue;
        };
        let Some(at) = &t.checked_at else { continue };
        if at.commit.is_none() || at.boundary {
            continue;
        }
        let later = stamp.value.later_than(at.time);
        if later {
            emit(
                "stamp-after-tick",
                Finding::new(stamp.span.clone(), format!("timestamp `{}` is later than the commit that ticked this item", stamp.raw))
                    .label(format!("ticked in {}", at.describe()))
                    .help("run `plans fill` to set it to the time of the commit that ticked it, or write the time the step was done (no later than that commit)"),
                false,
            );
        }
    }

    let (done, total) = plan.counts();
    if total > done {
        if let Some(last) = &tl.last_updated {
            let days = (now - last.time).num_days();
            if last.commit.is_some() && days > i64::from(config.stale_days) {
                let span = plan.title.as_ref().map_or(0..0, |t| t.span.clone());
                emit(
                    "stale-plan",
                    Finding::new(
                        span,
                        format!(
                            "{} of {total} items open and no change for {days} days",
                            total - done
                        ),
                    )
                    .label(format!("last changed {}", last.describe()))
                    .help("finish it, close it with a retrospective, or delete it"),
                    false,
                );
            }
        }
    }
    out
}
