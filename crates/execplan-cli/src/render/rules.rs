//! `plans rules` output, including the README's table.

use execplan::config::Config;
use execplan::rules::{Needs, Rule};
use serde_json::json;

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

/// JSON list.
pub fn json(rules: &[&Rule], config: &Config) -> String {
    let list: Vec<_> = rules
        .iter()
        .map(|r| json!({"id": r.id, "name": r.name, "default": r.default, "severity": r.severity(config), "needs": r.needs, "summary": r.summary, "doc": r.doc}))
        .collect();
    let doc = json!({"schema": super::SCHEMA, "rules": list});
    super::pretty(&doc) + "\n"
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
