//! The rule registry. One entry per rule: a stable id, a kebab-case name, a
//! default severity, a one-line summary and a doc paragraph. The README's
//! rule table is tested against this list.

mod entries;
pub(crate) mod history;
mod links;
mod metadata;
mod progress;
mod structure;

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::model::{Plan, Span};
use crate::source::Source;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Not reported.
    #[serde(alias = "allow", alias = "none")]
    Off,
    /// Reported; does not fail `check`.
    #[serde(alias = "warn")]
    Warning,
    /// Reported; `check` exits 1.
    #[serde(alias = "deny")]
    Error,
}

impl Severity {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

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
    /// The check, for per-plan static rules.
    pub(crate) check: Option<CheckFn>,
}

pub(crate) type CheckFn = fn(&Ctx<'_>, &mut Vec<Finding>);

/// What a rule sees.
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

    /// Add a note.
    pub fn note(mut self, n: impl Into<String>) -> Self {
        self.notes.push(n.into());
        self
    }
}

macro_rules! rule {
    ($id:literal, $name:literal, $sev:ident, $needs:ident, $check:expr, $summary:literal, $doc:literal) => {
        Rule {
            id: $id,
            name: $name,
            default: Severity::$sev,
            needs: Needs::$needs,
            summary: $summary,
            doc: $doc,
            check: $check,
        }
    };
}

/// Every rule, in id order.
pub static RULES: &[Rule] = &[
    rule!("EP001", "missing-section", Warning, Static, Some(structure::missing_section),
        "A required section is missing.",
        "The skeleton's living sections (Purpose / Big Picture, Context and Orientation, Plan of Work, Progress, Surprises & Discoveries, Decision Log, Outcomes & Retrospective) are what lets another person or agent resume the work. Headings are matched by normalised text (case, `&`/`and`, numbering, trailing punctuation, any level); add aliases under `[sections]` and change the list with `required-sections`."),
    rule!("EP002", "empty-section", Warning, Static, Some(structure::empty_section),
        "A section has a heading and nothing under it.",
        "An empty section reads as forgotten. Write something, even `None yet.`, or remove the heading if the section is optional."),
    rule!("EP003", "missing-metadata", Warning, Static, Some(metadata::missing_metadata),
        "Owner, Created or Last Updated is missing.",
        "The skeleton's Metadata names an owner and the Created / Last Updated dates. They are read from `- **Field:** value` bullets in a Metadata section, `Field: value` lines before the first section, or YAML front matter. `plans fill` writes the dates from git history."),
    rule!("EP004", "metadata-placeholder", Error, Static, Some(metadata::metadata_placeholder),
        "A metadata value is still a template placeholder.",
        "Values such as `<name or team>`, `<YYYY-MM-DD>` or `TBD` were copied from the template and never filled in. Write the real value; for dates, `plans fill` does it from history."),
    rule!("EP005", "invalid-date", Error, Static, Some(metadata::invalid_date),
        "Created or Last Updated is not a valid date, or is in the future.",
        "Dates are `YYYY-MM-DD` (a time may follow). A date that does not exist (2025-02-30) or lies in the future cannot be right."),
    rule!("EP006", "created-after-updated", Error, Static, Some(metadata::created_after_updated),
        "Created is later than Last Updated.",
        "A plan cannot be updated before it was created; one of the two dates was typed wrong. `plans fill` sets both from history."),
    rule!("EP007", "unstamped-checked-item", Error, Static, Some(progress::unstamped_checked_item),
        "A checked Progress item has no timestamp.",
        "Progress is the plan's truth about status, and its timestamps show the rate of progress. Write `- [x] (2025-10-01 13:00Z) …` when ticking a box; `plans fill` adds the time of the commit that ticked it. Checkboxes outside Progress (acceptance lists) are not checked."),
    rule!("EP008", "invalid-timestamp", Error, Static, Some(progress::invalid_timestamp),
        "A Progress timestamp is a placeholder or not a real date or time.",
        "`(YYYY-MM-DD HH:MMZ)` left from the template, or a date such as 2025-02-30, or a time such as 25:00, is not a timestamp. Write the UTC time the step was done."),
    rule!("EP009", "future-timestamp", Error, Static, Some(progress::future_timestamp),
        "A Progress timestamp is in the future.",
        "A step cannot be done later than now. A local time written with a `Z` is the usual cause: convert to UTC."),
    rule!("EP010", "ambiguous-timestamp", Warning, Static, Some(progress::ambiguous_timestamp),
        "A Progress timestamp has no time zone, or an ambiguous one.",
        "`13:00` with no zone is read as UTC; `CST`, `IST`, `BST` name several offsets and are read as UTC too. Say what you mean: `13:00Z` or `13:00-06:00`."),
    rule!("EP011", "incomplete-decision", Warning, Static, Some(entries::incomplete_decision),
        "A Decision Log entry lacks its Rationale or Date/Author.",
        "Each decision is logged as Decision, Rationale and Date/Author, so a later reader knows why and when it was made."),
    rule!("EP012", "surprise-without-evidence", Warning, Static, Some(entries::surprise_without_evidence),
        "A Surprises & Discoveries observation has no Evidence.",
        "An observation is worth as much as the evidence behind it: the measurement, log or commit that shows it."),
    rule!("EP013", "missing-outcomes", Error, Static, Some(progress::missing_outcomes),
        "Every Progress item is done but Outcomes & Retrospective is empty.",
        "A finished plan owes its retrospective: what succeeded or failed, the measured impact against the purpose, and lessons for next time."),
    rule!("EP014", "broken-link", Error, Static, Some(links::broken_link),
        "A relative link or a Related Plans entry points at a file that does not exist.",
        "Relative links are resolved against the plan's folder (a leading `/` against the repository root). Plans get renamed and moved; fix the link or drop it. External URLs are not fetched."),
    rule!("EP015", "missing-path", Warning, Static, Some(links::missing_path),
        "A path named in a code span in Context and Orientation does not exist.",
        "Context names key files with full paths so the next reader can find them; a path that no longer exists misleads. Only code spans that contain a `/` are treated as paths, resolved against the repository root (and the plan's folder)."),
    rule!("EP016", "template-text", Warning, Static, Some(structure::template_text),
        "Guidance text from the template was left in.",
        "Sentences from the ExecPlan skeleton or from `plans new` (`> **Guide:** …`) are instructions to the author, not content. Replace them with the plan's own words."),
    rule!("EP017", "status-contradiction", Error, Static, Some(progress::status_contradiction),
        "The plan's status or folder contradicts its checkboxes.",
        "A `Status: Complete` plan with open items, a `Not started` plan with ticked items, or a plan in a `completed/` or `done/` folder that is still open: one of the two is wrong."),
    rule!("EP018", "unfilled-section", Warning, Static, Some(structure::unfilled_section),
        "A finished plan still has a living section that says TBD or None yet.",
        "When every Progress item is done, Surprises, Decision Log and Outcomes should say what happened; `TBD`, `(None yet.)` or `Not started yet.` on a finished plan is a section nobody came back to."),
    rule!("EP019", "duplicate-slug", Warning, Folder, None,
        "Two plans in one folder share a number or slug.",
        "Plans are referred to by number or slug (`0007-…`, `p12-…`); two with the same one make references ambiguous. Renumber one."),
    rule!("EP020", "unreadable-plan", Error, Static, None,
        "A plan file is not UTF-8 text.",
        "The file contains bytes that are not UTF-8 (the diagnostic names the line) or looks binary. Re-save it as UTF-8, or move it out of the plans folder."),
    rule!("EP101", "created-mismatch", Error, History, None,
        "Created disagrees with the commit that created the plan.",
        "Created should be the author date (UTC) of the first commit in which the plan, followed through renames, appears on the history of HEAD. `plans fill` writes it."),
    rule!("EP102", "last-updated-stale", Error, History, None,
        "Last Updated is older than the last commit that changed the plan.",
        "Last Updated should be at least the author date (UTC) of the last commit that changed the plan, or today for uncommitted changes. `plans fill` writes it."),
    rule!("EP103", "stamp-after-tick", Error, History, None,
        "A checked item's timestamp is later than the commit that first recorded it as checked.",
        "A box ticked in a commit cannot have been done after that commit was written. The diagnostic names the commit, its author and date."),
    rule!("EP104", "stale-plan", Warning, History, None,
        "A plan with open items has not changed for a long time.",
        "A plan with open Progress items and no commit for `stale-days` days (default 30) is probably abandoned: finish it, close it with a retrospective, or delete it."),
    rule!("EP105", "last-updated-contradicted", Warning, History, None,
        "Last Updated names a date on which history shows no change to the plan.",
        "Last Updated is later than every change history knows of (committed or not), so the date was typed, not earned. `plans fill` writes the true date."),
];

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

/// Run every enabled per-plan static rule (used by `check` and the fuzz targets).
pub fn run_static(ctx: &Ctx<'_>) -> Vec<(&'static Rule, Severity, Finding)> {
    let mut out = Vec::new();
    for rule in RULES {
        let Some(check) = rule.check else { continue };
        let sev = ctx.config.severity(rule);
        if sev == Severity::Off {
            continue;
        }
        let mut findings = Vec::new();
        check(ctx, &mut findings);
        out.extend(findings.into_iter().map(|f| (rule, sev, f)));
    }
    out
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
    }
}
