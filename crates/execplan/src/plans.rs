//! The plans a verb works on: selected (configured folders or named paths),
//! read, parsed and, for the verbs that need them, given their timelines from
//! one history walk. `list`, `fill` and `timeline` share this one path, so
//! they agree on what a plan is and on reporting files that cannot be read.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::digest::Digest;
use crate::error::Error;
use crate::history::HistoryError;
use crate::model::Plan;
use crate::source::Source;
use crate::summary::{summarize, Summary};
use crate::timeline::{Ahead, PlanRef, TimelineSet, Working};

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
    Ok(keep(loaded))
}

/// [`select`] for a verb that reads history next: history at `rev` (HEAD when
/// `None`) is read on another core while the plans are parsed, and handed to
/// [`timelines_ahead`].
pub fn select_ahead(
    root: &Path,
    config: &Config,
    paths: &[PathBuf],
    rev: Option<&str>,
) -> Result<(Selection, Ahead), Error> {
    let (loaded, _, ahead) = crate::check::load_beside(root, config, paths, |files| {
        crate::timeline::read_ahead(root, config, rev, files)
    })?;
    Ok((keep(loaded), ahead))
}

fn keep(loaded: Vec<crate::check::Loaded>) -> Selection {
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
    out
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
    timelines_ahead(root, config, rev, plans, now, Ahead::default())
}

/// [`timelines`] with what [`select_ahead`] read.
pub fn timelines_ahead(
    root: &Path,
    config: &Config,
    rev: Option<&str>,
    plans: &[ReadPlan],
    now: DateTime<Utc>,
    ahead: Ahead,
) -> Result<TimelineSet, Error> {
    let refs: Vec<PlanRef<'_>> = plans
        .iter()
        .map(|p| PlanRef {
            path: p.path.as_path(),
            current: Some(Working::Parsed(&p.source, &p.plan)),
        })
        .collect();
    crate::timeline::for_plans_ahead(root, config, rev, &refs, now, ahead)
}

/// What `plans list` shows: a row per plan, and the files that could not be read.
#[derive(Debug, Default)]
pub struct Listing {
    /// Each plan summarised, in path order.
    pub rows: Vec<Summary>,
    /// Files that could not be read or decoded: the caller reports them.
    pub unreadable: Vec<Error>,
}

/// `plans list`'s rows for the plans under `paths` (as [`select`] finds
/// them): each summarised with history's last change when the root is a
/// repository (the Last Updated field otherwise), so that `list` and
/// `stale-plan` tell the same time.
///
/// A working-tree plan whose bytes are a blob history has read (most of them,
/// most of the time) is listed from that blob's kept digest, without parsing
/// it again; the rest are parsed. History is read on another core meanwhile.
pub fn list(
    root: &Path,
    config: &Config,
    paths: &[PathBuf],
    now: DateTime<Utc>,
) -> Result<Listing, Error> {
    let files = crate::discover::discover(root, config, paths)?.files;
    let opts = config.parse_options();
    // History is walked (or its cache read) on another core; meanwhile the
    // kept digests are read and the working tree is digested against them.
    let (read, digested, ahead) = std::thread::scope(|s| {
        let walk = s.spawn(|| crate::timeline::walk_ahead(root, config, None, &files));
        let mut kept = crate::timeline::kept_ahead(root, config);
        let read = crate::parallel::map(&files, |rel| crate::check::read_source(root, rel));
        let digested = crate::parallel::map(&read, |r| {
            let source = r.as_ref().ok()?;
            let blob = kept
                .as_ref()
                .and_then(|k| k.blob_id(&crate::revision::source_bytes(source)));
            let known = blob.and_then(|b| kept.as_ref()?.get(&b).cloned());
            let fresh = known.is_none();
            Some((
                known.unwrap_or_else(|| Digest::read(source, &opts)),
                blob,
                fresh,
            ))
        });
        // What was read here need not be read again from history.
        if let Some(k) = kept.as_mut() {
            for (digest, blob, _) in digested.iter().flatten().filter(|d| d.2) {
                if let Some(blob) = blob {
                    k.remember(*blob, digest.clone());
                }
            }
        }
        let ahead = walk
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
            .with_kept(kept);
        (read, digested, ahead)
    });
    let mut out = Listing::default();
    let mut kept: Vec<(&Path, Digest, Option<crate::history::ObjectId>)> = Vec::new();
    for ((rel, r), d) in files.iter().zip(read).zip(digested) {
        match (r, d) {
            (Err(e), _) => out.unreadable.push(e),
            (Ok(_), Some((digest, blob, _)))
                if digest.plan || crate::check::named(root, paths, rel) =>
            {
                kept.push((rel, digest, blob));
            }
            _ => {}
        }
    }
    let refs: Vec<PlanRef<'_>> = kept
        .iter()
        .map(|(path, digest, blob)| PlanRef {
            path,
            current: Some(Working::Digested(digest, *blob)),
        })
        .collect();
    let changes: Vec<Option<DateTime<Utc>>> =
        match crate::timeline::for_plans_ahead(root, config, None, &refs, now, ahead) {
            Ok(set) => set
                .timelines
                .iter()
                .map(|t| {
                    t.as_ref()
                        .and_then(|t| t.last_updated.as_ref())
                        .map(|f| f.time)
                })
                .collect(),
            Err(Error::History(HistoryError::NotARepository { .. })) => vec![None; kept.len()],
            Err(e) => return Err(e),
        };
    out.rows = kept
        .iter()
        .zip(changes.into_iter().chain(std::iter::repeat(None)))
        .map(|((path, digest, _), last)| {
            summarize(path, &digest.facts(), last, now, config.stale_days)
        })
        .collect();
    Ok(out)
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
