//! Tick evidence: what changed in the code behind a tick, so a tick can be
//! held against the work it claims.
//!
//! A [`Finder`] answers for a window `prev → tick`. The commits are git's
//! `prev..tick` along first parents: the tick commit, then its first parent,
//! and so on until `prev` (at most [`MAX_COMMITS`]; when `prev` is not on
//! that line, only the tick commit is listed). The files are the tree diff
//! `prev → tick`, so a merge that ticks counts what it brought in relative to
//! its first parent, and a squash that holds code and tick together counts
//! its own code. With no `prev` the diff is against the tick commit's first
//! parent. Paths inside the plans folders never count; lines are counted with
//! a line diff, binary files (a NUL in their first 8000 bytes, as git
//! decides) count as files with 0/0. Which window a tick gets (from just
//! before the item appeared) is the timeline's choice
//! (`timeline::attach_evidence`).
//!
//! Evidence is computed after the walk, never inside it: the walk and its
//! cache stay as they are, and only the verbs that show evidence pay for it.
//! Each pair's evidence is kept in a cache of its own (`evidence/cache.rs`), so a
//! re-run diffs only the ticks it has not seen.

mod cache;
mod reads;

pub(crate) use reads::IdMap;
pub use reads::{Numstat, Reads};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::history::{EntryKind, HistoryError, ObjectId, Repo, TreeEntry};

/// How many first-parent commits a tick lists at most.
pub const MAX_COMMITS: usize = 500;

/// One file changed behind a tick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FileChange {
    /// Repository-relative, `/`-separated path (the new path; the old one for a deletion).
    pub path: String,
    /// Lines added.
    pub added: usize,
    /// Lines removed.
    pub removed: usize,
    /// Binary on either side: lines are not counted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub binary: bool,
}

/// What is behind one tick.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Evidence {
    /// Full ids, the tick commit first, then first parents back to (not
    /// including) the plan's previous revision.
    pub commits: Vec<String>,
    /// Files outside the plans folders changed between the previous revision
    /// and the tick commit, in path order.
    pub files: Vec<FileChange>,
    /// Why some of it is not known: an object this clone lacks (a partial
    /// clone), named with its path. The files found are listed (their line
    /// counts as 0); with none found, nothing is known, which is not "nothing
    /// behind the tick".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
    /// The files the item or its plan's Context and Orientation names, among
    /// `files`; `None` when they name no path. Empty when they name paths and
    /// none of them changed: the evidence is only that something changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named: Option<Vec<String>>,
    /// The plan's own records (Decision Log, Surprises & Discoveries,
    /// Outcomes) changed over the window: the item's work may be the plan.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub plan_records: bool,
}

impl Evidence {
    /// Nothing outside the plans folders changed: a bare self-report. Never
    /// said when an object needed to know was missing.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.unknown.is_none()
    }

    /// Lines added and removed over all files.
    pub fn totals(&self) -> (usize, usize) {
        self.files
            .iter()
            .fold((0, 0), |(a, r), f| (a + f.added, r + f.removed))
    }
}

/// Which paths count as evidence: never the plans (every configured plans
/// entry, as a folder and as a glob); when `evidence` globs are configured,
/// only the paths they match.
pub struct Scope {
    plans: GlobSet,
    /// Plans entries that are plain folders: nothing below them can count,
    /// so a tree diff need not enter them.
    plan_dirs: Vec<String>,
    evidence: Option<GlobSet>,
}

impl Scope {
    /// The plans folders of `config`.
    pub fn new(config: &Config) -> Self {
        let mut b = GlobSetBuilder::new();
        let mut plan_dirs = Vec::new();
        for entry in &config.plans {
            let entry = entry.trim_matches('/');
            if !entry.is_empty() && !crate::config::is_glob(entry) {
                plan_dirs.push(entry.to_string());
            }
            let mut patterns = vec![format!("{entry}/**")];
            if crate::config::is_glob(entry) {
                patterns.push(entry.to_string());
            }
            if entry.is_empty() {
                patterns = vec!["**/*.md".to_string()];
            }
            for p in patterns {
                if let Ok(g) = Glob::new(&p) {
                    b.add(g);
                }
            }
        }
        let evidence = (!config.evidence.is_empty()).then(|| {
            let mut e = GlobSetBuilder::new();
            // Config::from_toml has rejected patterns that are not globs.
            for g in config.evidence.iter().filter_map(|p| Glob::new(p).ok()) {
                e.add(g);
            }
            e.build().unwrap_or_else(|_| GlobSet::empty())
        });
        Self {
            plans: b.build().unwrap_or_else(|_| GlobSet::empty()),
            plan_dirs,
            evidence,
        }
    }

    /// Nothing below the folder `dir` can count: it is a plans folder or inside one.
    fn skips_dir(&self, dir: &str) -> bool {
        self.plan_dirs.iter().any(|p| {
            dir.strip_prefix(p.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }

    /// `path` counts as evidence.
    pub fn counts(&self, path: &str) -> bool {
        !self.plans.is_match(path) && self.evidence.as_ref().is_none_or(|e| e.is_match(path))
    }
}

/// One side of a changed tree entry: its id and kind, or nothing.
type Side = Option<(ObjectId, EntryKind)>;

/// Computes evidence, remembering each `(prev, tick)` pair: items ticked
/// together share one diff, and [`Finder::save`] keeps them for the next run.
pub struct Finder<'r> {
    repo: &'r Repo,
    reads: Reads<'r>,
    scope: Scope,
    seen: cache::Cache,
    /// First parent of each commit read so far: ticks far apart on a long line
    /// walk the same commits, and reading each once keeps that linear.
    parents: std::cell::RefCell<IdMap<ObjectId, Option<ObjectId>>>,
    /// Objects found missing, each named once with where it was needed.
    missing: Vec<String>,
}

impl<'r> Finder<'r> {
    /// A finder over `repo` that leaves out the plans folders of `config`.
    pub fn new(repo: &'r Repo, config: &Config) -> Self {
        Self {
            repo,
            reads: Reads::new(repo),
            scope: Scope::new(config),
            seen: cache::Cache::open(repo, config),
            parents: Default::default(),
            missing: Vec::new(),
        }
    }

    /// Keep what was computed for the next run (never fails: a cache that
    /// cannot be written is recomputed next time).
    pub fn save(&self) {
        self.seen.save();
    }

    /// The evidence behind a tick in `tick` whose plan's previous revision is
    /// `prev` (`None`: the tick came with the plan's first revision).
    ///
    /// An object this clone lacks (a partial clone) does not fail the search:
    /// the evidence says what is unknown ([`Evidence::unknown`]), is not kept
    /// in the cache (a later fetch brings the object), and [`Finder::missing`]
    /// names the object once.
    pub fn find(
        &mut self,
        prev: Option<ObjectId>,
        tick: ObjectId,
    ) -> Result<Evidence, HistoryError> {
        if let Some(e) = self.seen.get(&(prev, tick)) {
            return Ok(e.clone());
        }
        let e = match self.compute(prev, tick) {
            Ok(e) => e,
            Err(err) if err.is_missing_object() => Evidence {
                commits: vec![tick.to_string()],
                files: Vec::new(),
                unknown: Some(format!("reading commit {tick}: {err}")),
                named: None,
                plan_records: false,
            },
            Err(err) => return Err(err),
        };
        match &e.unknown {
            None => self.seen.insert((prev, tick), e.clone()),
            Some(why) if !self.missing.contains(why) => self.missing.push(why.clone()),
            Some(_) => {}
        }
        Ok(e)
    }

    /// The objects found missing so far, each with where it was needed.
    pub fn missing(&self) -> &[String] {
        &self.missing
    }

    fn compute(&self, prev: Option<ObjectId>, tick: ObjectId) -> Result<Evidence, HistoryError> {
        let commit = self.repo.commit(tick)?;
        let base = prev.or(commit.parents.first().copied());
        let commits = self.first_parent_line(tick, prev)?;
        let new_tree = commit.tree;
        let old_tree = match base {
            Some(b) => Some(self.repo.commit(b)?.tree),
            None => None,
        };
        let mut changed = Vec::new();
        self.diff_trees("", old_tree, Some(new_tree), &mut changed)?;
        let mut files = Vec::new();
        let mut unknown = None;
        for (path, old, new) in changed {
            match self.file_change(path.clone(), old, new) {
                Ok(Some(f)) => files.push(f),
                Ok(None) => {}
                // The file changed (the trees say so); its lines are unknown.
                Err(e) if e.is_missing_object() => {
                    unknown.get_or_insert_with(|| format!("{path}: {e}"));
                    files.push(FileChange {
                        path,
                        added: 0,
                        removed: 0,
                        binary: false,
                    });
                }
                Err(e) => return Err(e),
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Evidence {
            commits,
            files,
            unknown,
            named: None,
            plan_records: false,
        })
    }

    /// `tick`, then first parents until `prev` (exclusive); just `tick` when
    /// `prev` is not on that line within [`MAX_COMMITS`].
    fn first_parent_line(
        &self,
        tick: ObjectId,
        prev: Option<ObjectId>,
    ) -> Result<Vec<String>, HistoryError> {
        let Some(prev) = prev else {
            return Ok(vec![tick.to_string()]);
        };
        // Ids first: most windows on a long history never reach `prev` within
        // the bound, and their line is dropped.
        let mut line: Vec<ObjectId> = Vec::new();
        let mut at = tick;
        while line.len() < MAX_COMMITS {
            if at == prev {
                return Ok(line.iter().map(ToString::to_string).collect());
            }
            line.push(at);
            // A shallow clone ends the line: prev is not on it as far as we can see.
            let Some(parent) = self.first_parent(at) else {
                break;
            };
            match parent {
                Some(p) => at = p,
                None => break,
            }
        }
        Ok(vec![tick.to_string()])
    }

    /// The blobs that differ between the trees `old` and `new` (either may be
    /// absent), below `prefix`. Unlike a full tree diff it never enters a plans
    /// folder: a tick's diff would otherwise compare the whole plans folder,
    /// which is most of the cost in a repository of many plans.
    fn diff_trees(
        &self,
        prefix: &str,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
        out: &mut Vec<(String, Side, Side)>,
    ) -> Result<(), HistoryError> {
        if old == new {
            return Ok(());
        }
        let mut names: std::collections::BTreeMap<Vec<u8>, (Side, Side)> = Default::default();
        for (entries, is_new) in [(self.entries(old)?, false), (self.entries(new)?, true)] {
            for TreeEntry { name, id, kind } in entries.iter() {
                let (id, kind) = (*id, *kind);
                let slot = names.entry(name.to_vec()).or_default();
                if is_new {
                    slot.1 = Some((id, kind));
                } else {
                    slot.0 = Some((id, kind));
                }
            }
        }
        for (name, (o, n)) in names {
            if o == n {
                continue;
            }
            let path = if prefix.is_empty() {
                String::from_utf8_lossy(&name).into_owned()
            } else {
                format!("{prefix}/{}", String::from_utf8_lossy(&name))
            };
            let tree = |s: Side| s.filter(|(_, m)| m.is_tree()).map(|(id, _)| id);
            let leaf = |s: Side| s.filter(|(_, m)| !m.is_tree());
            if (tree(o).is_some() || tree(n).is_some()) && !self.scope.skips_dir(&path) {
                self.diff_trees(&path, tree(o), tree(n), out)?;
            }
            if leaf(o).is_some() || leaf(n).is_some() {
                out.push((path, leaf(o), leaf(n)));
            }
        }
        Ok(())
    }

    /// The entries of the tree `id` (none for no tree).
    fn entries(&self, id: Option<ObjectId>) -> Result<std::rc::Rc<[TreeEntry]>, HistoryError> {
        match id {
            Some(id) => self.reads.entries(id),
            None => Ok(std::rc::Rc::from(Vec::new())),
        }
    }

    /// The first parent of `id` (`Some(None)` for a root), or `None` when
    /// the commit cannot be read (beyond a shallow boundary).
    fn first_parent(&self, id: ObjectId) -> Option<Option<ObjectId>> {
        if let Some(p) = self.parents.borrow().get(&id) {
            return Some(*p);
        }
        let parent = self.repo.first_parent(id).ok()?;
        self.parents.borrow_mut().insert(id, parent);
        Some(parent)
    }

    fn file_change(
        &self,
        path: String,
        old: Side,
        new: Side,
    ) -> Result<Option<FileChange>, HistoryError> {
        let (mode_old, mode_new) = (old.map(|(_, m)| m), new.map(|(_, m)| m));
        let (old, new) = (old.map(|(id, _)| id), new.map(|(id, _)| id));
        // Trees appear as entries of their own; submodules have no blob to count.
        let is_blob = |k: Option<EntryKind>| k.is_none_or(EntryKind::is_blob);
        if !is_blob(mode_old) || !is_blob(mode_new) {
            return Ok(None);
        }
        if !self.scope.counts(&path) {
            return Ok(None);
        }
        let Numstat {
            added,
            removed,
            binary,
        } = self.reads.numstat(old, new)?;
        Ok(Some(FileChange {
            path,
            added,
            removed,
            binary,
        }))
    }
}

/// git's test: a NUL byte in the first 8000 bytes.
fn is_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8000).any(|b| *b == 0)
}

/// Lines added and removed from `old` to `new`, as `git diff --numstat` counts them.
pub fn line_counts(old: &[u8], new: &[u8]) -> (usize, usize) {
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_lines(old.as_ref(), new.as_ref());
    diff.iter_all_changes()
        .fold((0, 0), |(a, r), c| match c.tag() {
            similar::ChangeTag::Insert => (a + 1, r),
            similar::ChangeTag::Delete => (a, r + 1),
            similar::ChangeTag::Equal => (a, r),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_like_numstat() {
        assert_eq!(line_counts(b"a\nb\nc\n", b"a\nB\nc\nd\n"), (2, 1));
        assert_eq!(line_counts(b"", b"x\ny\n"), (2, 0));
        assert_eq!(line_counts(b"x\n", b""), (0, 1));
    }

    #[test]
    fn plans_folders_never_count() {
        let c = Config::from_toml("plans = [\".agents\", \"docs/*/plans\"]\n").expect("valid");
        let s = Scope::new(&c);
        assert!(!s.counts(".agents/a.md"));
        assert!(!s.counts("docs/x/plans/a.md"));
        assert!(s.counts("src/lib.rs"));
        assert!(s.counts("docs/guide.md"));
        let c = Config::from_toml("evidence = [\"src/**\", \".agents/**\"]\n").expect("valid");
        let s = Scope::new(&c);
        assert!(s.counts("src/lib.rs"));
        assert!(!s.counts("docs/guide.md"));
        assert!(
            !s.counts(".agents/p.md"),
            "plans never count, whatever the globs say"
        );
        assert!(Config::from_toml("evidence = [\"src/[\"]\n").is_err());
    }
}
