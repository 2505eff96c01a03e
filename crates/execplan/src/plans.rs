//! The plans a verb works on: selected (configured folders or named paths),
//! read, parsed and, for the verbs that need them, given their timelines from
//! one history walk. `list`, `fill` and `timeline` share this one path, so
//! they agree on what a plan is and on reporting files that cannot be read.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::error::Error;
use crate::model::Plan;
use crate::source::Source;
use crate::timeline::{PlanRef, TimelineSet};

/// A plan read from the working tree and parsed.
#[derive(Debug)]
pub struct ReadPlan {
    /// Path relative to the root when under it.
    pub path: PathBuf,
    /// The decoded text.
    pub source: Source,
    /// The parsed plan.
    pub plan: Plan,
}

/// The plans selected, and the files that could not be read.
#[derive(Debug, Default)]
pub struct Selection {
    /// Files that look like plans, or were named explicitly, in path order.
    pub plans: Vec<ReadPlan>,
    /// Files that could not be read or decoded: the caller reports them.
    pub unreadable: Vec<Error>,
}

/// Discover, read and parse the plans under `paths` (empty: the configured
/// plans folders). A discovered file that does not look like a plan is left
/// out; one named explicitly is kept whatever it looks like.
pub fn select(root: &Path, config: &Config, paths: &[PathBuf]) -> Result<Selection, Error> {
    let (loaded, _) = crate::check::load(root, config, paths)?;
    let mut out = Selection::default();
    for l in loaded {
        match l.result {
            Ok((source, plan)) if l.explicit || plan.looks_like_plan() => {
                out.plans.push(ReadPlan {
                    path: l.path,
                    source,
                    plan,
                });
            }
            Ok(_) => {}
            Err(e) => out.unreadable.push(e),
        }
    }
    Ok(out)
}

/// The timelines of `plans` (in order) from one history walk; with `rev`,
/// history is read at that revision and the working tree is ignored.
pub fn timelines(
    root: &Path,
    config: &Config,
    rev: Option<&str>,
    plans: &[ReadPlan],
    now: DateTime<Utc>,
) -> Result<TimelineSet, Error> {
    let refs: Vec<PlanRef<'_>> = plans
        .iter()
        .map(|p| (p.path.as_path(), Some((&p.source, &p.plan))))
        .collect();
    crate::timeline::for_plans(root, config, rev, &refs, now)
}
