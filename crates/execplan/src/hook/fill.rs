//! `plans hook run --fill`: the staged plans read and parsed, and the dates
//! fill would set in them, from one history walk.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{Staged, StagedPlan};
use crate::config::Config;
use crate::error::Error;
use crate::fill::{apply, edits, facts, Edit};
use crate::parse::parse;
use crate::source::Source;
use crate::timeline::PlanRef;
use crate::workspace::Loaded;

/// A staged plan that fill changes.
#[derive(Debug, Clone)]
pub struct StagedFill {
    /// The plan as staged.
    pub plan: StagedPlan,
    /// What fill changes, in order.
    pub edits: Vec<Edit>,
    /// The text after the edits.
    pub text: String,
}

impl Staged {
    /// The staged plans, decoded and parsed: what the hook checks.
    pub fn load(&self, config: &Config) -> Vec<Loaded> {
        let opts = config.parse_options();
        self.plans
            .iter()
            .map(|p| {
                let path = PathBuf::from(&p.path);
                let result = Source::from_bytes(&path, p.bytes.clone()).map(|s| {
                    let plan = parse(&s, opts);
                    (s, plan)
                });
                Loaded {
                    path,
                    result,
                    explicit: false,
                }
            })
            .collect()
    }

    /// What fill would change in the staged plans `loaded` (from [`Staged::load`]),
    /// judged against history with the staged text as the uncommitted work.
    pub fn fills(
        &self,
        config: &Config,
        loaded: &[Loaded],
        now: DateTime<Utc>,
    ) -> Result<Vec<StagedFill>, Error> {
        let refs: Vec<PlanRef<'_>> = loaded
            .iter()
            .filter_map(|l| {
                l.result.as_ref().ok().map(|(s, p)| PlanRef {
                    path: l.path.as_path(),
                    current: Some(crate::timeline::Working::Parsed(s, p)),
                })
            })
            .collect();
        let set = crate::timeline::for_plans(&self.workdir, config, None, &refs, now)?;
        let mut out = Vec::new();
        for (plan_ref, tl) in refs.iter().zip(&set.timelines) {
            let (Some(crate::timeline::Working::Parsed(source, plan)), Some(tl)) =
                (plan_ref.current, tl)
            else {
                continue;
            };
            let e = edits(source, plan, &facts(tl));
            if e.is_empty() {
                continue;
            }
            let Some(staged) = self
                .plans
                .iter()
                .find(|p| Path::new(&p.path) == plan_ref.path)
            else {
                continue;
            };
            out.push(StagedFill {
                plan: staged.clone(),
                text: apply(source, &e),
                edits: e,
            });
        }
        Ok(out)
    }
}

/// Put the filled text of each of `fills` in place of its plan in `loaded`,
/// so the checks that follow see what is now staged.
pub fn reload(loaded: &mut [Loaded], fills: Vec<StagedFill>, config: &Config) {
    let opts = config.parse_options();
    for fill in fills {
        let path = PathBuf::from(&fill.plan.path);
        if let Some(l) = loaded.iter_mut().find(|l| l.path == path) {
            let s = Source::from_string(&path, fill.text);
            let plan = parse(&s, opts);
            l.result = Ok((s, plan));
        }
    }
}
