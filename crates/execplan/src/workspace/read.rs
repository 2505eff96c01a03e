//! Reading plans: discovered (or named), decoded and parsed on every core
//! with the configuration's parse options. `check`, `list`, `fill`,
//! `timeline`, the write verbs and the MCP tools all read through here, so
//! they agree on what a plan is and report files that cannot be read alike.

use std::path::{Path, PathBuf};

use super::discover::{discover, Found};
use super::Workspace;
use crate::error::Error;
use crate::model::Plan;
use crate::parse::parse;
use crate::source::Source;
use crate::timeline::Ahead;

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
    /// What discovery passed over, with the reason (links, unreadable
    /// folders): the caller says so in a note.
    pub skipped: Vec<(PathBuf, String)>,
}

/// A file read from disk (or the index), before rules run.
#[derive(Debug)]
pub struct Loaded {
    /// Path relative to the root when under it.
    pub path: PathBuf,
    /// Decoded text and parsed plan, or why they are not there.
    pub result: Result<(Source, Plan), Error>,
    /// Whether the path was named explicitly (then it is a plan whatever it looks like).
    pub explicit: bool,
}

impl Workspace {
    /// The candidate plan files under `paths` (root-relative, from
    /// [`Workspace::targets`]; empty: the configured plans folders).
    pub fn discover(&self, paths: &[PathBuf]) -> Result<Found, Error> {
        discover(&self.root, &self.config, paths)
    }

    /// Read and decode the file at `rel` (root-relative).
    pub fn read(&self, rel: &Path) -> Result<Source, Error> {
        let full = self.root.join(rel);
        let bytes = std::fs::read(&full).map_err(|source| Error::Io {
            path: rel.to_path_buf(),
            source,
        })?;
        Source::from_bytes(rel, bytes)
    }

    /// Read and parse the plan at `rel` (root-relative, from [`Workspace::plan`]).
    pub fn read_plan(&self, rel: &Path) -> Result<ReadPlan, Error> {
        let source = self.read(rel)?;
        let plan = parse(&source, self.parse_options());
        Ok(ReadPlan {
            path: rel.to_path_buf(),
            source,
            plan,
        })
    }

    /// Whether `file` was named in `paths` (then it is a plan whatever it looks like).
    pub fn named(&self, paths: &[PathBuf], file: &Path) -> bool {
        paths
            .iter()
            .any(|p| p == file || self.root.join(p) == self.root.join(file))
    }

    /// Discover, read and parse plans, in parallel over the machine's cores.
    pub fn load(&self, paths: &[PathBuf]) -> Result<(Vec<Loaded>, Found), Error> {
        let mut found = self.discover(paths)?;
        let files = std::mem::take(&mut found.files);
        let results = self.parse_all(&files);
        Ok((self.loaded(paths, files, results), found))
    }

    /// [`Workspace::load`], running `beside` on the files found, on a thread
    /// of its own, while they are read and parsed: a verb that reads history
    /// next starts on it there ([`crate::timeline::read_ahead`]).
    pub fn load_beside<R: Send>(
        &self,
        paths: &[PathBuf],
        beside: impl FnOnce(&[PathBuf]) -> R + Send,
    ) -> Result<(Vec<Loaded>, Found, R), Error> {
        let mut found = self.discover(paths)?;
        let files = std::mem::take(&mut found.files);
        let (results, aside) = std::thread::scope(|s| {
            // The progress this thread reports to counts the work beside it too.
            let progress = crate::progress::current();
            let aside = s.spawn(|| match progress {
                Some(p) => crate::progress::observe(&p, || beside(&files)),
                None => beside(&files),
            });
            let results = self.parse_all(&files);
            let aside = aside
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (results, aside)
        });
        Ok((self.loaded(paths, files, results), found, aside))
    }

    /// Discover, read and parse the plans under `paths` (empty: the
    /// configured plans folders). A discovered file that does not look like a
    /// plan is left out; one named explicitly is kept whatever it looks like.
    pub fn select(&self, paths: &[PathBuf]) -> Result<Selection, Error> {
        let (loaded, found) = self.load(paths)?;
        Ok(keep(loaded, found.skipped))
    }

    /// [`Workspace::select`] for a verb that reads history next: history at
    /// `rev` (HEAD when `None`) is read on another core while the plans are
    /// parsed, and handed to [`crate::plans::timelines_ahead`].
    pub fn select_ahead(
        &self,
        paths: &[PathBuf],
        rev: Option<&str>,
    ) -> Result<(Selection, Ahead), Error> {
        let (loaded, found, ahead) = self.load_beside(paths, |files| {
            crate::timeline::read_ahead(&self.root, &self.config, rev, files)
        })?;
        Ok((keep(loaded, found.skipped), ahead))
    }

    /// Read, decode and parse `files` on every core.
    fn parse_all(&self, files: &[PathBuf]) -> Vec<Result<(Source, Plan), Error>> {
        let opts = self.parse_options();
        crate::parallel::map(files, |rel| {
            let source = self.read(rel)?;
            let plan = parse(&source, opts);
            Ok((source, plan))
        })
    }

    fn loaded(
        &self,
        paths: &[PathBuf],
        files: Vec<PathBuf>,
        results: Vec<Result<(Source, Plan), Error>>,
    ) -> Vec<Loaded> {
        files
            .into_iter()
            .zip(results)
            .map(|(path, result)| Loaded {
                explicit: self.named(paths, &path),
                path,
                result,
            })
            .collect()
    }
}

fn keep(loaded: Vec<Loaded>, skipped: Vec<(PathBuf, String)>) -> Selection {
    let mut out = Selection {
        skipped,
        ..Selection::default()
    };
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
            "execplan-read-{}-{:?}",
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
        let ws = Workspace::new(
            &root.0,
            crate::config::Config::default(),
            chrono::Utc::now(),
        );
        let sel = ws.select(&[]).expect("the folder exists");
        let kept: Vec<_> = sel.plans.iter().map(|p| p.path.clone()).collect();
        assert_eq!(kept, vec![PathBuf::from(".agents/plan.md")]);
        assert_eq!(sel.unreadable.len(), 1, "{:?}", sel.unreadable);
        assert!(
            sel.unreadable[0].to_string().contains("latin1.md"),
            "{}",
            sel.unreadable[0]
        );

        let named = ws
            .select(&[PathBuf::from(".agents/notes.md")])
            .expect("the file exists");
        assert_eq!(named.plans.len(), 1, "a file named explicitly is a plan");
    }
}
