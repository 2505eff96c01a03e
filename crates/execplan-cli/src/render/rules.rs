//! `plans rules` output, including the README's table.

use execplan::config::Config;
use execplan::rules::{Needs, Rule, Severity};
use schemars::JsonSchema;
use serde::Serialize;

/// `[default]`, or `[default (configured: x)]` when the configuration
/// changes it.
fn severity(r: &Rule, config: &Config) -> String {
    let sev = r.severity(config);
    if sev == r.default {
        format!("[{}]", r.default.as_str())
    } else {
        format!("[{} (configured: {})]", r.default.as_str(), sev.as_str())
    }
}

fn needs(r: &Rule) -> &'static str {
    match r.needs {
        Needs::Static => "static",
        Needs::History => "history",
        Needs::Folder => "folder",
    }
}

/// One paragraph per rule.
pub fn human(rules: &[&Rule], config: &Config) -> String {
    let mut s = String::new();
    for r in rules {
        s.push_str(&format!(
            "{} {} {}\n  {}\n  {}\n\n",
            r.id,
            r.name,
            severity(r, config),
            r.summary,
            r.doc
        ));
    }
    s
}

/// One rule, whole: its doc, what it needs, and how to turn it off or allow
/// it where it is wrong.
pub fn human_one(r: &Rule, config: &Config) -> String {
    let needs = match r.needs {
        Needs::Static => "the plan's text (and the files it links)",
        Needs::History => "the plan's git history (skipped by `check --no-history`)",
        Needs::Folder => "every plan of its folder at once",
    };
    format!(
        "{} {} {}\n\n{}\n\n{}\n\nNeeds: {needs}.\nConfigure: `{} = \"off\"` (or \"warning\", \"error\") under [rules] in execplan.toml.\nAllow it in one place: `<!-- execplan: allow({}) -->` on its own line allows it for the next block; `<!-- execplan: allow-file({}) -->`, for the whole plan.\n",
        r.id,
        r.name,
        severity(r, config),
        r.summary,
        r.doc,
        r.name,
        r.name,
        r.name
    )
}

/// `plans rules --format json`.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "plans rules --format json")]
pub struct Document {
    /// `$schema` and `schema`.
    #[serde(flatten)]
    pub header: super::doc::Header,
    /// Every rule, in id order.
    pub rules: Vec<RuleDoc>,
}

/// One rule.
#[derive(Serialize, JsonSchema)]
pub struct RuleDoc {
    /// Its id, `EP007`.
    pub id: &'static str,
    /// Its name, `unstamped-checked-item`.
    pub name: &'static str,
    /// Its severity unless configured.
    pub default: Severity,
    /// Its severity under this repository's configuration.
    pub severity: Severity,
    /// What it reads.
    pub needs: NeedsDoc,
    /// One line.
    pub summary: &'static str,
    /// The whole doc (markdown).
    pub doc: &'static str,
}

/// What a rule reads: the plan alone, its git history, or a whole folder.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NeedsDoc {
    /// The plan text alone (and the file system for links).
    Static,
    /// The plan's git history (skipped by `--no-history`).
    History,
    /// All plans of a folder at once.
    Folder,
}

impl From<Needs> for NeedsDoc {
    fn from(n: Needs) -> Self {
        match n {
            Needs::Static => Self::Static,
            Needs::History => Self::History,
            Needs::Folder => Self::Folder,
        }
    }
}

/// The document's schema id.
pub const ID: &str = "urn:execplan:schema:rules:1";

/// JSON list.
pub fn json(rules: &[&Rule], config: &Config) -> String {
    let rules = rules
        .iter()
        .map(|r| RuleDoc {
            id: r.id,
            name: r.name,
            default: r.default,
            severity: r.severity(config),
            needs: r.needs.into(),
            summary: r.summary,
            doc: r.doc,
        })
        .collect();
    super::pretty_doc(&Document {
        header: super::doc::Header::new(ID),
        rules,
    }) + "\n"
}

/// The README table: generated here, and a test keeps the README equal to it.
pub fn markdown(rules: &[&Rule]) -> String {
    let mut s =
        String::from("| id | name | default | needs | what it checks |\n|---|---|---|---|---|\n");
    for r in rules {
        s.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            r.id,
            r.name,
            r.default.as_str(),
            needs(r),
            r.summary
        ));
    }
    s
}
