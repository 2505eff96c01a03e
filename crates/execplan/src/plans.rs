//! The plans a verb works on: selected (configured folders or named paths),
//! read, parsed and, for the verbs that need them, given their timelines from
//! one history walk. `list`, `fill` and `timeline` share this one path, so
//! they agree on what a plan is and on reporting files that cannot be read.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::error::Error;
use crate::history::HistoryError;
use crate::model::Plan;
use crate::source::Source;
use crate::summary::{summarize, Summary};
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
        .map(|p| PlanRef {
            path: p.path.as_path(),
            current: Some((&p.source, &p.plan)),
        })
        .collect();
    crate::timeline::for_plans(root, config, rev, &refs, now)
}

/// `plans list`'s rows: each plan summarised with history's last change
/// when the root is a repository (the Last Updated field otherwise), so
/// that `list` and `stale-plan` tell the same time.
pub fn summaries(
    root: &Path,
    config: &Config,
    plans: &[ReadPlan],
    now: DateTime<Utc>,
) -> Result<Vec<Summary>, Error> {
    let changes: Vec<Option<DateTime<Utc>>> = match timelines(root, config, None, plans, now) {
        Ok(set) => set
            .timelines
            .iter()
            .map(|t| {
                t.as_ref()
                    .and_then(|t| t.last_updated.as_ref())
                    .map(|f| f.time)
            })
            .collect(),
        Err(Error::History(HistoryError::NotARepository { .. })) => vec![None; plans.len()],
        Err(e) => return Err(e),
    };
    Ok(plans
        .iter()
        .zip(changes.into_iter().chain(std::iter::repeat(None)))
        .map(|(p, last)| summarize(&p.plan, last, now, config.stale_days))
        .collect())
}

/// One plan's timeline with the evidence behind each tick (`plans evidence`):
/// `path` is read and parsed like any named plan; with `rev`, history is read
/// at that revision and the working tree is ignored. `None` when the plan has
/// neither history nor working-tree text.
pub fn evidence(
    root: &Path,
    config: &Config,
    path: &Path,
    rev: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<crate::timeline::PlanTimeline>, Error> {
    let mut selection = select(root, config, &[path.to_path_buf()])?;
    if let Some(e) = selection.unreadable.pop() {
        return Err(e);
    }
    let mut set = timelines(root, config, rev, &selection.plans, now)?;
    crate::timeline::attach_evidence(root, config, &mut set)?;
    Ok(set.timelines.into_iter().flatten().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder under the system temp folder, removed on drop.
    struct TempRoot(PathBuf);

    impl Drop for TempRoot {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn root_with(files: &[(&str, &[u8])]) -> TempRoot {
        let dir = std::env::temp_dir().join(format!(
            "execplan-plans-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (name, bytes) in files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().expect("a file has a folder"))
                .expect("create the plans folder");
            std::fs::write(path, bytes).expect("write a fixture");
        }
        TempRoot(dir)
    }

    #[test]
    fn select_keeps_plans_drops_notes_and_reports_unreadable_files() {
        let root = root_with(&[
            (".agents/plan.md", b"# P\n\n## Progress\n- [ ] a\n"),
            (".agents/notes.md", b"# Notes\n\nnothing here\n"),
            (".agents/latin1.md", b"# P\n\n## Progress\n- [ ] caf\xe9\n"),
        ]);
        let sel = select(&root.0, &Config::default(), &[]).expect("the folder exists");
        let kept: Vec<_> = sel.plans.iter().map(|p| p.path.clone()).collect();
        assert_eq!(kept, vec![PathBuf::from(".agents/plan.md")]);
        assert_eq!(sel.unreadable.len(), 1, "{:?}", sel.unreadable);
        assert!(
            sel.unreadable[0].to_string().contains("latin1.md"),
            "{}",
            sel.unreadable[0]
        );

        let named = select(
            &root.0,
            &Config::default(),
            &[PathBuf::from(".agents/notes.md")],
        )
        .expect("the file exists");
        assert_eq!(named.plans.len(), 1, "a file named explicitly is a plan");
    }
}
