//! The rule registry. Each rule is one item in a file of its own (its id,
//! name, default severity, what it needs, summary, doc, check and fixtures);
//! [`RULES`] lists them. A new rule is one file here and one line in the
//! `registry!` list below. What several rules share lives in `content` (a section's
//! content lines), `paths` (where a written path points), `inline` (evidence
//! written into the text itself) and `history` (what the history rules share).

mod content;
mod fixtures;
pub(crate) mod history;
mod inline;
pub(crate) mod paths;

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::config::Config;
use crate::error::Error;
use crate::model::{Plan, Signal, Span};
pub use crate::severity::Severity;
use crate::source::Source;
use crate::timeline::PlanTimeline;

pub use fixtures::{Fixture, Fixtures, Later, BASE_PLAN};

/// What a rule needs to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Needs {
    /// The plan text alone (and the file system for links).
    Static,
    /// The git history of the plan (skipped by `--no-history`).
    History,
    /// All plans of a folder at once.
    Folder,
}

/// A rule in the registry.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, `EP001`.
    pub id: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    /// Severity when the configuration says nothing.
    pub default: Severity,
    /// What it needs.
    pub needs: Needs,
    /// One line.
    pub summary: &'static str,
    /// A paragraph: what it checks, why, and how to fix it.
    pub doc: &'static str,
    /// The check; its kind decides which pass runs it.
    pub(crate) check: Check,
    /// Plans that trigger the rule and plans it accepts.
    pub fixtures: Fixtures,
}

impl Rule {
    /// Effective severity: the configuration's `[rules]` entry by id or
    /// name, else the default.
    pub fn severity(&self, config: &Config) -> Severity {
        config
            .rules
            .get(self.id)
            .or_else(|| config.rules.get(self.name))
            .copied()
            .unwrap_or(self.default)
    }
}

/// A rule's check, typed by what it looks at.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Check {
    /// One plan's text.
    Plan(fn(&Ctx<'_>, &mut Vec<Finding>)),
    /// One plan against its history.
    History(fn(&HistoryCtx<'_>, &mut Vec<Finding>)),
    /// Every plan of a run at once; findings name the plan by index.
    Folder(fn(&[FolderPlan<'_>], &mut Vec<(usize, Finding)>)),
    /// A file that could not be decoded, or `None` when the error is
    /// operational, not the file's.
    Unreadable(fn(&Error) -> Option<Unreadable>),
}

/// A finding on a file that could not be decoded: with no text to map a span
/// through, it names its line and column itself.
#[derive(Debug)]
pub struct Unreadable {
    /// The finding (its span is empty).
    pub finding: Finding,
    /// 1-based line and column, when the error names them.
    pub at: Option<(usize, usize)>,
}

/// What a per-plan rule sees.
pub struct Ctx<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// Its source text.
    pub source: &'a Source,
    /// Configuration.
    pub config: &'a Config,
    /// Repository (or working) root, for resolving paths.
    pub root: &'a Path,
    /// The current time (injectable for reproducible runs).
    pub now: DateTime<Utc>,
    /// What the repository tracks and ignores, for judging the paths a plan
    /// names (`None` outside a repository, or when no rule asks).
    pub files: Option<&'a crate::history::RepoFiles>,
}

impl Ctx<'_> {
    /// The plan's folder, absolute (or relative to the working directory).
    pub fn plan_dir(&self) -> std::path::PathBuf {
        let rel = self.plan.path.parent().unwrap_or(Path::new(""));
        if rel.is_absolute() {
            rel.to_path_buf()
        } else {
            self.root.join(rel)
        }
    }
}

/// What a history rule sees.
pub struct HistoryCtx<'a> {
    /// The plan (its working-tree text).
    pub plan: &'a Plan,
    /// What history says about it.
    pub timeline: &'a PlanTimeline,
    /// The clone is shallow: facts before its boundary are unknown.
    pub shallow: bool,
    /// Configuration.
    pub config: &'a Config,
    /// The current time.
    pub now: DateTime<Utc>,
    /// What history says about the paths named in Context and Orientation
    /// (empty unless `context-drift` is on).
    pub(crate) drift: &'a [PathDrift],
}

/// One plan of a run, as a folder rule sees it.
pub struct FolderPlan<'a> {
    /// Its path.
    pub path: &'a Path,
    /// The parsed plan, when the file could be decoded.
    pub plan: Option<&'a Plan>,
}

/// A finding before it is bound to a rule and severity.
#[derive(Debug, Clone, Default)]
pub struct Finding {
    /// Where (byte span in the source).
    pub span: Span,
    /// The headline.
    pub message: String,
    /// A short label under the pointed-at text.
    pub label: Option<String>,
    /// Extra facts.
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// Reported at most as a warning: the evidence is incomplete (a shallow clone).
    pub(crate) at_most_warning: bool,
}

impl Finding {
    /// A finding with a span and message.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
            ..Self::default()
        }
    }

    /// Add a label.
    pub fn label(mut self, l: impl Into<String>) -> Self {
        self.label = Some(l.into());
        self
    }

    /// Add a help line.
    pub fn help(mut self, h: impl Into<String>) -> Self {
        self.help = Some(h.into());
        self
    }

    /// Report this finding at most as a warning when `cond` holds.
    pub(crate) fn at_most_warning(mut self, cond: bool) -> Self {
        self.at_most_warning = cond;
        self
    }

    /// Add a note.
    pub fn note(mut self, n: impl Into<String>) -> Self {
        self.notes.push(n.into());
        self
    }
}

/// Declares each rule's module and lists its item in [`RULES`]: one line per rule.
macro_rules! registry {
    ($($rule:ident),* $(,)?) => {
        $(mod $rule;)*

        /// Every rule, in id order.
        pub static RULES: &[Rule] = &[$($rule::RULE),*];
    };
}

registry! {
    missing_section,
    empty_section,
    missing_metadata,
    metadata_placeholder,
    invalid_date,
    created_after_updated,
    unstamped_checked_item,
    invalid_timestamp,
    future_timestamp,
    ambiguous_timestamp,
    incomplete_decision,
    surprise_without_evidence,
    missing_outcomes,
    broken_link,
    missing_path,
    template_text,
    status_contradiction,
    unfilled_section,
    duplicate_slug,
    unreadable_plan,
    conflict_marker,
    late_timestamp,
    unknown_allow,
    created_mismatch,
    last_updated_stale,
    stamp_after_tick,
    stale_plan,
    last_updated_contradicted,
    tick_without_evidence,
    context_drift,
}

pub(crate) use context_drift::{facts as drift_facts, PathDrift};

/// Whether a check needs the evidence behind ticks
/// ([`crate::timeline::attach_evidence`]): only then does it pay for the diffs.
pub fn wants_evidence(config: &Config) -> bool {
    tick_without_evidence::RULE.severity(config) != Severity::Off
}

/// Whether a check reads what became of the paths plans name
/// ([`crate::drift`]): only then does it pay for the lookups.
pub fn wants_drift(config: &Config) -> bool {
    context_drift::RULE.severity(config) != Severity::Off
}

/// Whether a check reads the repository's tracked files and ignore rules
/// ([`Ctx::files`]): only `missing-path` asks.
pub fn wants_files(config: &Config) -> bool {
    missing_path::RULE.severity(config) != Severity::Off
}

/// Look a rule up by id (`EP001`) or name (`missing-section`), case-insensitively.
pub fn find(key: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
}

/// The rule whose name or id is nearest to a misspelt `key`, if any is
/// close enough to be what was meant (the same measure and bar as clap's
/// suggestions).
pub fn closest(key: &str) -> Option<&'static Rule> {
    let key = key.to_ascii_lowercase();
    RULES
        .iter()
        .map(|r| {
            let score = strsim::jaro_winkler(&key, r.name)
                .max(strsim::jaro_winkler(&key, &r.id.to_ascii_lowercase()));
            (score, r)
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, r)| r)
}

/// Refuse a configuration whose `[rules]` or `[per-file-ignores]` names a
/// rule that does not exist; the error names the configuration file.
pub fn validate(config: Config) -> Result<Config, Error> {
    let unknown = |k: &&String| find(k).is_none();
    let bad = config
        .rules
        .keys()
        .find(unknown)
        .map(|r| (r, "[rules]"))
        .or_else(|| {
            config
                .per_file_ignores
                .values()
                .flatten()
                .find(unknown)
                .map(|r| (r, "[per-file-ignores]"))
        });
    if let Some((rule, table)) = bad {
        return Err(Error::Config {
            path: config
                .source
                .clone()
                .unwrap_or_else(|| crate::config::CONFIG_FILES[0].into()),
            message: format!(
                "unknown rule `{rule}` in {table}; {}`plans rules` lists them",
                closest(rule)
                    .map(|r| format!("did you mean `{}` ({})? ", r.name, r.id))
                    .unwrap_or_default()
            ),
        });
    }
    Ok(config)
}

/// A finding bound to its rule and effective severity.
pub type Bound = (&'static Rule, Severity, Finding);

/// Run the enabled rules of one kind: `run` gets each rule's check, when it
/// is of that kind, and returns its findings.
fn run_each<T>(
    config: &Config,
    mut run: impl FnMut(&Check) -> Option<Vec<T>>,
) -> Vec<(&'static Rule, Severity, T)> {
    let mut out = Vec::new();
    for rule in RULES {
        let sev = rule.severity(config);
        if sev == Severity::Off {
            continue;
        }
        if let Some(found) = run(&rule.check) {
            out.extend(found.into_iter().map(|f| (rule, sev, f)));
        }
    }
    out
}

/// The rules that hold a plan to the skeleton: its sections, its Metadata,
/// the retrospective and living sections a finished plan owes. A file that is
/// a plan only by a weak signal ([`Signal::Weak`]) is not held to them (what
/// its text says against itself, a Status its checkboxes contradict, is
/// still said, as a warning).
pub const STRUCTURE: &[&str] = &[
    "missing-section",
    "empty-section",
    "missing-metadata",
    "missing-outcomes",
    "unfilled-section",
];

/// Whether a rule is one of [`STRUCTURE`].
pub fn is_structure(rule: &Rule) -> bool {
    STRUCTURE.contains(&rule.name)
}

/// The severity a finding of `rule` keeps on `plan`: on a file that is a plan
/// only by a weak signal, none for a structure rule and at most a warning
/// for any other; elsewhere `sev`.
fn weigh(plan: Option<&Plan>, rule: &Rule, sev: Severity) -> Option<Severity> {
    match plan.map(Plan::signal) {
        Some(Signal::Weak) if is_structure(rule) => None,
        Some(Signal::Weak) => Some(sev.min(Severity::Warning)),
        _ => Some(sev),
    }
}

/// Run every enabled per-plan static rule (used by `check`, the write verbs
/// and the fuzz targets).
pub fn run_static(ctx: &Ctx<'_>) -> Vec<Bound> {
    run_each(ctx.config, |check| {
        let Check::Plan(f) = check else { return None };
        let mut found = Vec::new();
        f(ctx, &mut found);
        Some(found)
    })
    .into_iter()
    .filter_map(|(rule, sev, f)| Some((rule, weigh(Some(ctx.plan), rule, sev)?, f)))
    .collect()
}

/// Run every enabled history rule on one plan.
pub fn run_history(ctx: &HistoryCtx<'_>) -> Vec<Bound> {
    run_each(ctx.config, |check| {
        let Check::History(f) = check else {
            return None;
        };
        let mut found = Vec::new();
        f(ctx, &mut found);
        Some(found)
    })
    .into_iter()
    .filter_map(|(rule, sev, f)| {
        let sev = if f.at_most_warning {
            sev.min(Severity::Warning)
        } else {
            sev
        };
        Some((rule, weigh(Some(ctx.plan), rule, sev)?, f))
    })
    .collect()
}

/// Run every enabled folder rule over the plans of a run; each finding comes
/// with the index of its plan.
pub fn run_folder(config: &Config, plans: &[FolderPlan<'_>]) -> Vec<(usize, Bound)> {
    run_each(config, |check| {
        let Check::Folder(f) = check else { return None };
        let mut found = Vec::new();
        f(plans, &mut found);
        Some(found)
    })
    .into_iter()
    .filter_map(|(rule, sev, (i, f))| {
        let plan = plans.get(i).and_then(|p| p.plan);
        Some((i, (rule, weigh(plan, rule, sev)?, f)))
    })
    .collect()
}

/// What the rules make of a file that could not be loaded: `None` when the
/// error is operational (the run reports it as a failure), else the enabled
/// rules' findings.
pub fn run_unreadable(
    config: &Config,
    error: &Error,
) -> Option<Vec<(&'static Rule, Severity, Unreadable)>> {
    let mut claimed = false;
    let mut out = Vec::new();
    for rule in RULES {
        let Check::Unreadable(f) = rule.check else {
            continue;
        };
        let Some(found) = f(error) else {
            continue;
        };
        claimed = true;
        let sev = rule.severity(config);
        if sev != Severity::Off {
            out.push((rule, sev, found));
        }
    }
    claimed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_well_formed() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
        ids.sort_unstable();
        names.sort_unstable();
        ids.dedup();
        names.dedup();
        assert_eq!(ids.len(), RULES.len());
        assert_eq!(names.len(), RULES.len());
        for r in RULES {
            assert!(r.id.starts_with("EP") && r.id.len() == 5, "{}", r.id);
            assert!(r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert!(r.summary.ends_with('.') && r.doc.len() > 40);
        }
        assert!(
            RULES.windows(2).all(|w| w[0].id < w[1].id),
            "RULES in id order"
        );
    }

    #[test]
    fn the_structure_rules_are_rules_that_read_one_plan() {
        for name in STRUCTURE {
            let rule = find(name).unwrap_or_else(|| panic!("{name} is not a rule"));
            assert!(matches!(rule.check, Check::Plan(_)), "{name}");
        }
    }

    /// A design note: a Status line and a checklist, no Progress heading,
    /// every box ticked, no Outcomes.
    const NOTE: &str = "# Cache layout\n\nStatus: accepted\n\n## Options\n- [x] One file per key.\n- [x] One file per shard.\n\nSee [the spec](missing.md).\n";

    fn found(text: &str) -> Vec<(&'static str, Severity)> {
        let source = Source::from_string(Path::new("note.md"), text.to_string());
        let plan = crate::parse::parse(&source, &crate::parse::ParseOptions::default());
        let config = Config::default();
        let ctx = Ctx {
            plan: &plan,
            source: &source,
            config: &config,
            root: Path::new("/nonexistent-root"),
            now: chrono::DateTime::<Utc>::MIN_UTC,
            files: None,
        };
        run_static(&ctx)
            .into_iter()
            .map(|(r, sev, _)| (r.id, sev))
            .collect()
    }

    #[test]
    fn a_weak_signal_is_held_to_no_structure_rule_and_warned_at_most() {
        let weak = found(NOTE);
        assert!(
            weak.iter().all(|(id, sev)| *sev == Severity::Warning
                && !STRUCTURE.contains(&find(id).map_or("", |r| r.name))),
            "{weak:?}"
        );
        // The broken link is still said, as a warning.
        assert!(weak.contains(&("EP014", Severity::Warning)), "{weak:?}");
        // The same checklist under a Progress heading is a plan, held to all.
        let plan = found(&NOTE.replace("## Options", "## Progress"));
        for want in [
            ("EP001", Severity::Warning),
            ("EP013", Severity::Error),
            ("EP014", Severity::Error),
        ] {
            assert!(plan.contains(&want), "{want:?}: {plan:?}");
        }
    }

    #[test]
    fn needs_agrees_with_the_kind_of_check() {
        for r in RULES {
            let needs = match r.check {
                Check::Plan(_) | Check::Unreadable(_) => Needs::Static,
                Check::History(_) => Needs::History,
                Check::Folder(_) => Needs::Folder,
            };
            assert_eq!(r.needs, needs, "{}", r.id);
        }
    }

    #[test]
    fn configuration_sets_severity_and_unknown_rules_are_refused() {
        let c = Config::from_toml("[rules]\nEP001 = \"error\"\nempty-section = \"off\"\n")
            .expect("valid");
        let c = validate(c).expect("known rules");
        let r = find("missing-section").expect("rule");
        assert_eq!(r.severity(&c), Severity::Error);
        assert_eq!(find("EP002").expect("rule").severity(&c), Severity::Off);
        let bad = Config::from_toml("[rules]\nnope = \"error\"\n").expect("parses");
        assert!(validate(bad).is_err());
    }
}
