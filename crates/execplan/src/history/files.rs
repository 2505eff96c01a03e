//! What the repository holds as files, for rules that judge a path a plan
//! names: the tracked paths (from the index) and git's ignore rules
//! (`.gitignore` files, `.git/info/exclude`, `core.excludesFile`). A path that
//! git ignores is generated output (`coverage/lcov.info`, `target/…`), not a
//! file a plan can be wrong about; a path that ends a tracked one
//! (`src/auth.ts` for `apps/relay/src/auth.ts`) is written relative to the
//! package the plan is about.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use gix::bstr::{BString, ByteSlice};

use super::{HistoryError, Repo};

/// The tracked files of a repository and its ignore rules.
pub struct RepoFiles {
    repo: gix::Repository,
    /// Tracked file paths, `/`-separated (the index's order).
    paths: Vec<BString>,
    /// By last component (a file name, or a folder name for every folder on
    /// a tracked path): the indices of the paths that have it.
    by_name: HashMap<BString, Vec<(usize, usize)>>,
    /// Every folder name that occurs on a tracked path.
    folders: HashSet<BString>,
    ignore: RefCell<Option<gix::worktree::Stack>>,
}

impl std::fmt::Debug for RepoFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RepoFiles")
            .field("paths", &self.paths.len())
            .finish_non_exhaustive()
    }
}

impl Repo {
    /// The tracked files (as the index has them) and the ignore rules.
    pub fn files(&self) -> Result<RepoFiles, HistoryError> {
        let repo = self.gix().clone();
        let index = repo
            .index_or_empty()
            .map_err(|e| HistoryError::git("reading the index", e))?;
        let paths: Vec<BString> = index
            .entries()
            .iter()
            .map(|e| e.path(&index).to_owned())
            .collect();
        let ignore = repo
            .excludes(
                &index,
                None,
                gix::worktree::stack::state::ignore::Source::WorktreeThenIdMappingIfNotSkipped,
            )
            .ok()
            .map(gix::AttributeStack::detach);
        let mut by_name: HashMap<BString, Vec<(usize, usize)>> = HashMap::new();
        let mut folders = HashSet::new();
        for (i, p) in paths.iter().enumerate() {
            let mut end = p.len();
            // The file, then each folder on its path: (path index, length of the prefix).
            loop {
                let prefix = &p[..end];
                let start = prefix.rfind_byte(b'/').map_or(0, |s| s + 1);
                let name = BString::from(&prefix[start..]);
                if end < p.len() {
                    folders.insert(name.clone());
                }
                by_name.entry(name).or_default().push((i, end));
                if start == 0 {
                    break;
                }
                end = start - 1;
            }
        }
        Ok(RepoFiles {
            repo,
            paths,
            by_name,
            folders,
            ignore: RefCell::new(ignore),
        })
    }
}

impl RepoFiles {
    /// Git ignores `rel` (repository-relative, `/`-separated): it is, or lies
    /// in, generated or local output. A tracked path is never ignored.
    pub fn is_ignored(&self, rel: &str) -> bool {
        if self.tracked(rel) {
            return false;
        }
        let mut stack = self.ignore.borrow_mut();
        let Some(stack) = stack.as_mut() else {
            return false;
        };
        // A folder's rule (`coverage/`) covers what is in it: ask each
        // leading folder, then the path itself.
        let parts: Vec<&str> = rel.split('/').filter(|s| !s.is_empty()).collect();
        for n in 1..=parts.len() {
            let sub = parts[..n].join("/");
            let mode = (n < parts.len()).then_some(gix::index::entry::Mode::DIR);
            let excluded = stack
                .at_path(std::path::Path::new(&sub), mode, &self.repo.objects)
                .map(|p| p.is_excluded())
                .unwrap_or(false);
            if excluded {
                return true;
            }
        }
        false
    }

    /// Every tracked path, `/`-separated, in the index's order (names that
    /// are not UTF-8 are left out).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.paths.iter().filter_map(|p| p.to_str().ok())
    }

    /// `rel` is a tracked file or a folder holding one.
    pub fn tracked(&self, rel: &str) -> bool {
        self.ending_in(rel, true).is_some()
    }

    /// A tracked file, or a folder holding one, whose path ends with `rel`
    /// at a folder boundary (or is `rel`): where a package-relative path
    /// (`src/auth.ts`) lies in the repository (`apps/relay/src/auth.ts`).
    pub fn resolve_suffix(&self, rel: &str) -> Option<String> {
        self.ending_in(rel, false)
    }

    /// Some folder on a tracked path has this name.
    pub fn has_folder(&self, name: &str) -> bool {
        self.folders.contains(name.as_bytes())
    }

    fn ending_in(&self, rel: &str, whole: bool) -> Option<String> {
        let rel = rel.trim_matches('/');
        let name = rel.rsplit('/').next()?;
        self.by_name
            .get(name.as_bytes())?
            .iter()
            .find_map(|&(i, end)| {
                let p = self.paths.get(i)?.get(..end)?;
                let fits = p == rel.as_bytes()
                    || (!whole
                        && p.ends_with(rel.as_bytes())
                        && p.get(p.len() - rel.len() - 1) == Some(&b'/'));
                fits.then(|| p.to_str_lossy().into_owned())
            })
    }
}
