//! `plans init`: set a repository up for ExecPlans without overwriting
//! anything. Each step creates a file that is missing, or appends one line
//! that is missing; a second run finds nothing to do.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::write::write_atomic;

/// One thing `init` did or found done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A file was created.
    Created(PathBuf),
    /// A line was appended to an existing file.
    Appended(PathBuf),
    /// The file (or the line) was already there: left alone.
    Kept(PathBuf),
}

/// The CI system `init --ci` writes a workflow for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ci {
    /// `.github/workflows/execplan.yml`.
    Github,
}

/// What `init` writes.
#[derive(Debug, Clone)]
pub struct Options {
    /// The command prefix that runs execplan in CI (`cargo plans`,
    /// `cargo xtask plans`).
    pub command: String,
    /// Install the standalone binary in CI first (not needed for an xtask).
    pub install_line: Option<String>,
    /// Write a CI workflow.
    pub ci: Option<Ci>,
}

/// The line `init` appends to `AGENTS.md`; its presence (by the link) is
/// what makes a second run leave the file alone.
pub const AGENTS_LINE: &str = "- ExecPlans live in `.agents/`: read [.agents/README.md](.agents/README.md) before starting a multi-step task, and keep its plan current as you work.";
const AGENTS_LINK: &str = "(.agents/README.md)";

/// The configuration file `init` writes: every key, commented out at its default.
pub const CONFIG: &str = r#"# execplan's configuration. Every key is optional; the values shown are the
# defaults. Reference: docs/configuration.md in execplan's repository.

# Where plans live: folders, or globs such as "apps/*/plans/*.md".
# plans = [".agents"]

# Files in those folders that are never plans, matched against the path from
# the root and against the file name.
# exclude = ["README.md", "readme.md", "TEMPLATE.md", "*template*.md", "*TEMPLATE*.md", "index.md", "INDEX.md", "AGENTS.md", "PLANS.md", "CHANGELOG.md"]

# Days without a change after which a plan with open items is stale.
# stale-days = 30

# The sections missing-section requires, by key (also "metadata", "risks",
# "next-steps").
# required-sections = ["purpose", "context", "plan-of-work", "progress", "surprises", "decisions", "outcomes"]

# In the pre-commit hook, a changed plan's Last Updated must be today (UTC).
# hook-requires-today = true

# Every plan keeps Owner / Created / Last Updated: missing-metadata reports a
# plan with none of them, and `plans fill` writes a Metadata block into it.
# require-metadata = false

# Every Surprises & Discoveries observation carries evidence: also report the
# observations of a plan that writes no `Evidence:` line at all.
# require-evidence = false

# Globs of the files whose changes count as the evidence behind a tick; empty
# means every file outside the plans folders.
# evidence = []

# context-drift: lines (added plus removed) a file named in an active plan's
# Context and Orientation may change after its Last Updated before it is reported.
# drift-lines = 200

# Severity per rule id or name: "error", "warning" or "off".
# `cargo plans rules` lists them.
[rules]
# missing-section = "error"

# Rules turned off per file: a glob maps to rule ids or names.
[per-file-ignores]
# "docs/plans/completed/*.md" = ["status-contradiction"]

# Extra heading aliases per section key.
[sections]
# progress = ["Fortschritt"]
"#;

/// The README `init` puts in `.agents/`.
pub const README: &str = r"# ExecPlans

This folder holds ExecPlans: one Markdown file per piece of work that takes
more than a sitting. A plan is written before the work starts and kept
current while it happens, so anyone (a person or a coding agent) can pick
the work up from the file alone.

Each plan has these parts, under these headings:

- **Metadata**: Owner, Created and Last Updated dates (YYYY-MM-DD), the
  module or agent it concerns, and related plans.
- **Summary**: one sentence: what will be true when the plan is done.
- **Purpose / Big Picture**: what will be true when the work is done, and
  how someone can see it.
- **Context and Orientation**: the state of things today, the files that
  matter, terms a newcomer needs.
- **Plan of Work**: the steps, concrete enough to resume from.
- **Progress**: a checklist. Tick an item when it is done and put the UTC
  time in front of it: `- [x] (2025-10-01 13:00Z) Wrote the parser.`
- **Surprises & Discoveries**: what turned out differently, each with an
  `Observation:` and its `Evidence:`.
- **Decision Log**: each `Decision:` with its `Rationale:` and
  `Date/Author:`.
- **Outcomes & Retrospective**: at the end, what worked, what did not, and
  what was measured against the purpose.
- **Risks / Open Questions** (optional): assumptions that could fail and how
  success will be verified.
- **Next Steps / Handoff Notes** (optional): what is left for the next
  contributor.

Start a plan with `cargo plans new <slug>`; `cargo plans check` says what is
missing, and `cargo plans fill` sets the dates and tick times from git
history, so they need not be typed by hand.
";

fn workflow(opts: &Options) -> String {
    // A block scalar: the line is shell, and YAML reads ` #` or `: ` in a
    // plain scalar as its own.
    let install = opts.install_line.as_ref().map_or_else(String::new, |line| {
        format!("      - name: Install execplan\n        run: |\n          {line}\n")
    });
    format!(
        "# Written by `plans init --ci github`: checks the ExecPlans on every push and\n# pull request, with findings as annotations on the changed lines.\nname: ExecPlans\non:\n  push:\n  pull_request:\njobs:\n  plans:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          fetch-depth: 0 # the history rules read the plans' git history\n{install}      - name: Check ExecPlans\n        run: {} check --format github\n",
        opts.command
    )
}

/// `path` (under `root`) stays inside the root once links are resolved: a
/// cloned repository whose `.agents` is a link out of it must not make `init`
/// create folders or files elsewhere.
pub(crate) fn inside(root: &Path, path: &Path) -> Result<(), Error> {
    let canon_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let existing = path
        .ancestors()
        .find(|a| std::fs::symlink_metadata(a).is_ok())
        .unwrap_or(root);
    match std::fs::canonicalize(existing) {
        Ok(c) if !c.starts_with(&canon_root) => Err(Error::Refused {
            path: path.strip_prefix(root).unwrap_or(path).to_path_buf(),
            reason: format!(
                "leads through a symbolic link to {}, outside the repository; never followed",
                c.display()
            ),
        }),
        _ => Ok(()),
    }
}

fn create(root: &Path, rel: &str, text: &str) -> Result<Action, Error> {
    let path = root.join(rel);
    if path.exists() || path.is_symlink() {
        return Ok(Action::Kept(PathBuf::from(rel)));
    }
    inside(root, &path)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    write_atomic(&path, text.as_bytes(), true)?;
    Ok(Action::Created(PathBuf::from(rel)))
}

fn append_agents_line(root: &Path) -> Result<Option<Action>, Error> {
    let rel = PathBuf::from("AGENTS.md");
    let path = root.join(&rel);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::Io { path, source }),
    };
    if bytes
        .windows(AGENTS_LINK.len())
        .any(|w| w == AGENTS_LINK.as_bytes())
    {
        return Ok(Some(Action::Kept(rel)));
    }
    // Keep the file's own line endings; start a new line if it lacks one.
    let eol: &[u8] = if bytes.windows(2).any(|w| w == b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    };
    let mut out = bytes.clone();
    if !out.is_empty() && !out.ends_with(b"\n") {
        out.extend_from_slice(eol);
    }
    out.extend_from_slice(AGENTS_LINE.as_bytes());
    out.extend_from_slice(eol);
    write_atomic(&path, &out, false)?;
    Ok(Some(Action::Appended(rel)))
}

/// Set the repository at `root` up; never overwrites a file.
pub fn init(root: &Path, opts: &Options) -> Result<Vec<Action>, Error> {
    // The configuration may live in either of its two places, never both.
    let config = if root.join(".agents/execplan.toml").exists() {
        Action::Kept(PathBuf::from(".agents/execplan.toml"))
    } else {
        create(root, "execplan.toml", CONFIG)?
    };
    let mut steps = vec![config, create(root, ".agents/README.md", README)?];
    steps.extend(append_agents_line(root)?);
    if opts.ci == Some(Ci::Github) {
        steps.push(create(
            root,
            ".github/workflows/execplan.yml",
            &workflow(opts),
        )?);
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::CONFIG;
    use crate::config::Config;

    /// The file `init` writes shows every key at its default: uncommenting its
    /// top-level keys gives the defaults, and every key the configuration
    /// reads is there.
    #[test]
    fn config_shows_every_key_at_its_default() {
        let tables = CONFIG.find("\n[").expect("tables after the keys");
        let uncommented: String = CONFIG[..tables]
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(kv) if kv.split_once(" = ").is_some_and(|(k, _)| !k.contains(' ')) => kv,
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect::<String>()
            + &CONFIG[tables..];
        let shown = Config::from_toml(&uncommented).expect("the keys parse");
        let d = Config::default();
        assert_eq!(shown.plans, d.plans);
        assert_eq!(shown.exclude, d.exclude);
        assert_eq!(shown.stale_days, d.stale_days);
        assert_eq!(shown.required_sections, d.required_sections);
        assert_eq!(shown.hook_requires_today, d.hook_requires_today);
        assert_eq!(shown.require_metadata, d.require_metadata);
        assert_eq!(shown.require_evidence, d.require_evidence);
        assert_eq!(shown.evidence, d.evidence);
        assert_eq!(shown.drift_lines, d.drift_lines);
        // serde names every field it knows when it meets one it does not.
        let err = Config::from_toml("no-such-key = 1").expect_err("unknown key");
        let known = err.split("expected one of").nth(1).expect(&err);
        for key in known.split('`').skip(1).step_by(2) {
            let table = format!("\n[{key}]\n");
            let assignment = format!("\n{key} = ");
            assert!(
                uncommented.contains(&table) || uncommented.contains(&assignment),
                "execplan.toml from init lacks `{key}`"
            );
        }
    }

    /// The README `init` writes names every section `plans new` writes, in
    /// the same order.
    #[test]
    fn readme_names_the_sections_new_writes() {
        let plan = crate::new::render(&crate::new::NewPlan {
            slug: "x".into(),
            title: None,
            owner: None,
            module: None,
            today: chrono::NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
        });
        let written: Vec<&str> = plan.lines().filter_map(|l| l.strip_prefix("## ")).collect();
        let named: Vec<&str> = super::README
            .lines()
            .filter_map(|l| l.strip_prefix("- **")?.split_once("**").map(|(n, _)| n))
            .collect();
        assert_eq!(named, written);
    }
}
