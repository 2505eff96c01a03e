//! Naming a plan: what a caller typed (a path, relative to where it runs, or
//! a slug: the file name without `.md`) turned into a plan of the workspace.
//! Every verb and every MCP tool resolves its plan arguments here, so a name
//! that works in one works in all of them.

use std::path::{Path, PathBuf};

use super::Workspace;
use crate::error::Error;

/// How far a name may be from an existing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// A plan file in the working tree.
    File,
    /// A plan file, or a path history may know (a deleted or moved plan).
    History,
}

impl Workspace {
    /// The one plan file `name` names, relative to the root: an existing file
    /// (relative to [`Workspace::cwd`]), else a slug among the plans the
    /// configuration finds: an exact file stem (or path), else the one stem
    /// that contains it. Nothing or several: [`Error::Choice`] with the
    /// candidates.
    pub fn plan(&self, name: &str) -> Result<PathBuf, Error> {
        self.resolve(name, Reach::File)
    }

    /// [`Workspace::plan`] for verbs that read history (`diff`, `log`,
    /// `evidence --rev`): a path that is not in the working tree is taken as
    /// it is, relative to the root, for history to find. A bare word is still
    /// a slug.
    pub fn plan_in_history(&self, name: &str) -> Result<PathBuf, Error> {
        self.resolve(name, Reach::History)
    }

    /// The files or folders a verb over many plans was given (`check`,
    /// `list`, `fill`, `timeline`), each an existing path relative to
    /// [`Workspace::cwd`] or a slug, relative to the root. Empty stays empty:
    /// the configured plans folders.
    pub fn targets(&self, names: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
        names
            .iter()
            .map(|name| {
                let direct = self.cwd.join(name);
                if direct.exists() {
                    // A folder or a file: inside the root, in the plans folders.
                    return self.plan_path(name);
                }
                match name.to_str().filter(|n| is_slug(n)) {
                    Some(slug) => self.by_slug(slug),
                    None => {
                        // A path that is not there is refused first if it
                        // leads out of bounds, so the message says why.
                        self.plan_path(name)?;
                        Err(Error::Io {
                            path: name.clone(),
                            source: std::io::Error::new(
                                std::io::ErrorKind::NotFound,
                                "no such file or folder",
                            ),
                        })
                    }
                }
            })
            .collect()
    }

    fn resolve(&self, name: &str, reach: Reach) -> Result<PathBuf, Error> {
        let direct = self.cwd.join(name);
        if direct.is_file() {
            return self.plan_path(Path::new(name));
        }
        if is_slug(name) {
            return self.by_slug(name);
        }
        match self.by_slug(name) {
            Err(Error::Choice { .. }) if reach == Reach::History => self.plan_path(Path::new(name)),
            Err(e @ Error::Choice { .. }) => {
                // Out of bounds is the better answer than "no such plan".
                self.plan_path(Path::new(name))?;
                Err(e)
            }
            found => found,
        }
    }

    /// The plan whose file stem (or root-relative path) is `name`, else the
    /// one whose stem contains it.
    fn by_slug(&self, name: &str) -> Result<PathBuf, Error> {
        let found = self.discover(&[])?;
        let plans: Vec<&PathBuf> = found
            .files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "md"))
            .collect();
        let slug = name.strip_suffix(".md").unwrap_or(name);
        let stem = |p: &Path| {
            p.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let exact: Vec<&PathBuf> = plans
            .iter()
            .copied()
            .filter(|p| stem(p) == slug || p.as_path() == Path::new(name))
            .collect();
        let lower = slug.to_lowercase();
        let close: Vec<&PathBuf> = plans
            .iter()
            .copied()
            .filter(|_| is_slug(name) && !lower.is_empty())
            .filter(|p| stem(p).to_lowercase().contains(&lower))
            .collect();
        let shown = |ps: &[&PathBuf]| -> Vec<String> {
            ps.iter().map(|p| p.display().to_string()).collect()
        };
        let pick = if exact.is_empty() { &close } else { &exact };
        match pick.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(Error::Choice {
                message: format!(
                    "no plan named `{name}` (neither a file nor a slug); name one of these"
                ),
                candidates: shown(&plans),
            }),
            many => Err(Error::Choice {
                message: format!("`{name}` names several plans; give the path or the whole slug"),
                candidates: shown(many),
            }),
        }
    }
}

/// A bare word (no folder, no `.md`): a slug, never a path.
fn is_slug(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '\\']) && !name.ends_with(".md")
}
