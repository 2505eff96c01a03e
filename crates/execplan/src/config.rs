//! Per-repository configuration: `execplan.toml` at the repository root, or
//! `.agents/execplan.toml`. Every key is optional.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::error::Error;
use crate::model::SectionKind;
use crate::parse::{HeadingTable, ParseOptions};
use crate::severity::Severity;

/// The characters that make a `plans` entry a glob (globset's syntax):
/// one definition for discovery, history's folders and `plans new`.
pub const GLOB_CHARS: [char; 4] = ['*', '?', '[', '{'];

/// Whether `pattern` (a `plans` entry or one segment of it) is a glob.
pub fn is_glob(pattern: &str) -> bool {
    pattern.contains(GLOB_CHARS)
}

/// A `plans` entry names a folder or glob inside the repository: relative,
/// not empty, no `..`, not in `.git/`. Checked when the configuration loads,
/// so no verb ever walks, reads or writes elsewhere.
fn inside_root(entry: &str) -> Result<(), String> {
    let why = if entry.trim().is_empty() {
        Some("is empty; name a folder inside the repository (`.` for the whole of it)")
    } else if entry.starts_with('/')
        || entry.starts_with('\\')
        || Path::new(entry).has_root()
        || entry.get(1..3) == Some(":\\")
        || entry.get(1..3) == Some(":/")
    {
        Some("is an absolute path; plans folders are relative to the repository root")
    } else if entry.split(['/', '\\']).any(|seg| seg == "..") {
        Some("climbs out with `..`; plans folders are inside the repository")
    } else if entry.split(['/', '\\']).any(|seg| seg == ".git") {
        Some("is inside `.git/`, which holds git's own files")
    } else {
        None
    };
    match why {
        Some(why) => Err(format!("plans: `{entry}` {why}")),
        None => Ok(()),
    }
}

/// The largest configuration file read (a real one is a few hundred bytes).
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// A configuration file of the repository at `root` may be read: it resolves
/// inside the root (links followed), is a regular file, and is small.
fn contained(root: &Path, path: &Path) -> Result<(), Error> {
    let refused = |reason: String| Error::Refused {
        path: path.to_path_buf(),
        reason,
    };
    let target = std::fs::canonicalize(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let canon_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if !target.starts_with(&canon_root) {
        return Err(refused(format!(
            "a symbolic link to {}, outside the repository; configuration is never read through it (make it a file of the repository)",
            target.display()
        )));
    }
    let meta = std::fs::metadata(&target).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_file() {
        return Err(refused("not a regular file".to_string()));
    }
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(refused(format!(
            "{} bytes, more than the {MAX_CONFIG_BYTES} a configuration file may be",
            meta.len()
        )));
    }
    Ok(())
}

/// The default of `drift-lines` (docs/field-results.md says how it was chosen).
pub const DRIFT_LINES: u32 = 200;

/// Where configuration is looked for, relative to the root, in order.
pub const CONFIG_FILES: [&str; 2] = ["execplan.toml", ".agents/execplan.toml"];

/// The configuration file's contents.
///
/// Its JSON Schema (`schemas/execplan.toml.schema.json`, made with
/// `cargo xtask schemas`) comes from this type and its doc comments.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
#[schemars(
    title = "execplan.toml",
    description = "execplan's configuration: where ExecPlans live and how they are checked. Every key is optional."
)]
pub struct Config {
    /// Plans folders (relative to the root) or glob patterns.
    pub plans: Vec<String>,
    /// Glob patterns (matched against the path relative to the root and
    /// against the file name) of files that are never plans.
    pub exclude: Vec<String>,
    /// Days without a change after which a plan with open items is stale.
    pub stale_days: u32,
    /// Sections that `missing-section` requires, by key.
    pub required_sections: Vec<String>,
    /// Severity overrides by rule id or name: `"error"`, `"warning"`, `"off"`.
    pub rules: BTreeMap<String, Severity>,
    /// Rules (ids or names) turned off per file, as in ruff: a glob, matched
    /// against the path relative to the root and against the file name,
    /// maps to the rules it ignores: `"**/completed/*.md" = ["EP017"]`.
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Extra heading aliases by section key: `progress = ["Fortschritt"]`.
    pub sections: BTreeMap<String, Vec<String>>,
    /// In `hook run`: a changed plan's Last Updated must be today (UTC).
    pub hook_requires_today: bool,
    /// Every plan must keep Owner / Created / Last Updated: `missing-metadata`
    /// reports a plan that keeps none of them, and `fill` writes a Metadata
    /// block into it. Off by default: a project that keeps no metadata block
    /// is not told about it on every plan.
    pub require_metadata: bool,
    /// Every Surprises & Discoveries observation must carry evidence:
    /// `surprise-without-evidence` also reports the observations of a plan
    /// that writes no `Evidence:` line at all. Off by default: such a plan
    /// follows a convention without them, and a warning on each of its
    /// observations is noise.
    pub require_evidence: bool,
    /// Glob patterns (repository-relative) of the files whose changes count
    /// as evidence behind a tick; empty: every file outside the plans folders.
    pub evidence: Vec<String>,
    /// Lines (added plus removed) a file named in an active plan's Context and
    /// Orientation may change after the plan's Last Updated before
    /// `context-drift` reports it.
    pub drift_lines: u32,
    /// Where the file was read from, if anywhere.
    #[serde(skip)]
    pub source: Option<PathBuf>,
    /// Built once from the rest when the configuration is made ([`Config::parse_options`]).
    #[serde(skip)]
    derived: Derived,
}

/// What the configuration's values compile to, built once when it is loaded
/// rather than at every call site that needs it.
#[derive(Debug, Clone, Default)]
struct Derived {
    parse: ParseOptions,
    exclude: GlobSet,
}

impl Derived {
    fn of(c: &Config) -> Result<Self, String> {
        let mut headings = HeadingTable::default();
        for (key, aliases) in &c.sections {
            if let Some(kind) = SectionKind::from_key(key) {
                for a in aliases {
                    headings.add_alias(a, kind);
                }
            }
        }
        let mut exclude = GlobSetBuilder::new();
        for p in &c.exclude {
            let g = Glob::new(p).map_err(|e| format!("exclude: `{p}` is not a glob ({e})"))?;
            exclude.add(g);
        }
        let exclude = exclude
            .build()
            .map_err(|e| format!("exclude: the globs do not compile ({e})"))?;
        Ok(Self {
            parse: ParseOptions { headings },
            exclude,
        })
    }
}

impl Default for Config {
    fn default() -> Self {
        let mut c = Self {
            plans: vec![".agents".to_string()],
            exclude: [
                "README.md",
                "readme.md",
                "TEMPLATE.md",
                "*template*.md",
                "*TEMPLATE*.md",
                "index.md",
                "INDEX.md",
                "AGENTS.md",
                "PLANS.md",
                "CHANGELOG.md",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            stale_days: 30,
            required_sections: [
                "purpose",
                "context",
                "plan-of-work",
                "progress",
                "surprises",
                "decisions",
                "outcomes",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            rules: BTreeMap::new(),
            per_file_ignores: BTreeMap::new(),
            sections: BTreeMap::new(),
            hook_requires_today: true,
            require_metadata: false,
            require_evidence: false,
            evidence: Vec::new(),
            drift_lines: DRIFT_LINES,
            source: None,
            derived: Derived::default(),
        };
        // The defaults are literals that compile; a failure would be a bug
        // caught by every test, so fall back to nothing excluded.
        c.derived = Derived::of(&c).unwrap_or_default();
        c
    }
}

impl Config {
    /// The folder each `plans` entry names: the entry itself, or the literal
    /// part of a glob before its first wildcard segment (`docs/*/plans` ->
    /// `docs`; `*.md` -> the root, ``). Sorted, without repeats. These are the
    /// folders whose history and staged content concern plans.
    pub fn plan_folders(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .plans
            .iter()
            .map(|p| {
                p.split('/')
                    .take_while(|seg| !is_glob(seg))
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Every `plans` entry names Markdown files only: a folder (walked for `*.md`)
    /// or a path or glob ending in `.md`. Otherwise (`RelNotes/*.adoc`) history must
    /// record every file in the plans folders, or those plans would have none.
    pub fn only_markdown(&self) -> bool {
        self.plans.iter().all(|p| {
            let last = p.trim_end_matches('/').rsplit('/').next().unwrap_or(p);
            let wild = last.contains(['*', '?', '[', '{']);
            let file_like = wild || (last.contains('.') && !last.starts_with('.'));
            !file_like || last.ends_with(".md")
        })
    }

    /// Load the configuration for a root folder; defaults when there is none.
    ///
    /// The repository is not trusted (a pull request controls every file in
    /// it): a configuration file that is a link leading out of the root is
    /// refused before it is read, and so is one that is not a regular file or
    /// is larger than [`MAX_CONFIG_BYTES`], so an error can never quote
    /// another file's contents.
    pub fn load(root: &Path) -> Result<Self, Error> {
        let found: Vec<PathBuf> = CONFIG_FILES
            .iter()
            .map(|f| root.join(f))
            .filter(|p| std::fs::symlink_metadata(p).is_ok())
            .collect();
        match found.as_slice() {
            [] => Ok(Self::default()),
            [one] => {
                contained(root, one)?;
                Self::from_file(one)
            }
            [a, b, ..] => Err(Error::Config {
                path: b.clone(),
                message: format!(
                    "two configuration files ({} and {}); keep one",
                    a.display(),
                    b.display()
                ),
            }),
        }
    }

    /// Parse one configuration file (a path the caller trusts; [`Config::load`]
    /// checks the repository's own).
    pub fn from_file(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut c = Self::from_toml(&text).map_err(|message| Error::Config {
            path: path.to_path_buf(),
            message,
        })?;
        c.source = Some(path.to_path_buf());
        Ok(c)
    }

    /// Parse and validate configuration text. Rule names in `[rules]` are
    /// checked by `rules::validate`, which knows the registry.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let mut c: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        for pattern in &c.evidence {
            globset::Glob::new(pattern)
                .map_err(|e| format!("evidence: `{pattern}` is not a glob ({e})"))?;
        }
        for key in c.sections.keys().chain(c.required_sections.iter()) {
            if SectionKind::from_key(key).is_none() {
                return Err(format!(
                    "unknown section `{key}`; known: {}",
                    SectionKind::ALL.map(|k| k.key()).join(", ")
                ));
            }
        }
        for glob in c.per_file_ignores.keys() {
            globset::Glob::new(glob)
                .map_err(|e| format!("bad glob `{glob}` in [per-file-ignores]: {e}"))?;
        }
        for entry in &c.plans {
            inside_root(entry)?;
            if is_glob(entry) {
                globset::Glob::new(entry)
                    .map_err(|e| format!("plans: `{entry}` is not a glob ({e})"))?;
            }
        }
        c.derived = Derived::of(&c)?;
        Ok(c)
    }

    /// The rules `[per-file-ignores]` turns off for a plan at `rel` (relative
    /// to the root), as written there.
    pub fn ignored_rules(&self, rel: &Path) -> Vec<&str> {
        self.per_file_ignores
            .iter()
            .filter(|(glob, _)| {
                globset::Glob::new(glob).is_ok_and(|g| {
                    let m = g.compile_matcher();
                    m.is_match(rel) || rel.file_name().is_some_and(|n| m.is_match(n))
                })
            })
            .flat_map(|(_, rules)| rules.iter().map(String::as_str))
            .collect()
    }

    /// Parser options derived from this configuration (built once, when it was made).
    pub fn parse_options(&self) -> &ParseOptions {
        &self.derived.parse
    }

    /// Whether configuration excludes `rel` (relative to the root) from the
    /// plans: its `exclude` globs match the path or the file name.
    pub fn excluded(&self, rel: &Path) -> bool {
        let set = &self.derived.exclude;
        set.is_match(rel) || rel.file_name().is_some_and(|n| set.is_match(n))
    }

    /// Required section kinds.
    pub fn required(&self) -> Vec<SectionKind> {
        self.required_sections
            .iter()
            .filter_map(|k| SectionKind::from_key(k))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_folders_are_the_literal_part_of_each_entry() {
        let c = Config::from_toml(
            "plans = [\".agents\", \"docs/*/plans\", \".agents/active\", \"*.md\", \"docs/x?\"]\n",
        )
        .expect("valid config");
        assert_eq!(c.plan_folders(), ["", ".agents", ".agents/active", "docs"]);
    }

    #[test]
    fn parses_and_validates() {
        let c = Config::from_toml(
            "plans = [\"docs/execplans\"]\nstale-days = 10\n[rules]\nEP001 = \"error\"\nempty-section = \"off\"\n[sections]\nprogress = [\"Fortschritt\"]\n",
        )
        .expect("valid config");
        assert_eq!(c.stale_days, 10);
        assert_eq!(c.rules.get("EP001"), Some(&Severity::Error));
        assert!(Config::from_toml("plan = []\n").is_err());
        assert!(Config::from_toml("[sections]\nprogres = [\"x\"]\n").is_err());
    }
}
