//! `plans rules` output, including the README's table.

use execplan::config::Config;
use execplan::rules::Rule;
use serde_json::json;

/// One paragraph per rule.
pub fn human(rules: &[Rule], config: &Config) -> String {
    let mut s = String::new();
    for r in rules {
        let sev = r.severity(config);
        let configured = if sev == r.default {
            String::new()
        } else {
            format!(" (configured: {})", sev.as_str())
        };
        s.push_str(&format!(
            "{} {} [{}{}]\n  {}\n  {}\n\n",
            r.id,
            r.name,
            r.default.as_str(),
            configured,
            r.summary,
            r.doc
        ));
    }
    s
}

/// JSON list.
pub fn json(rules: &[Rule], config: &Config) -> String {
    let list: Vec<_> = rules
        .iter()
        .map(|r| json!({"id": r.id, "name": r.name, "default": r.default, "severity": r.severity(config), "needs": r.needs, "summary": r.summary, "doc": r.doc}))
        .collect();
    let doc = json!({"schema": super::SCHEMA, "rules": list});
    super::pretty(&doc) + "\n"
}

/// The README table: generated here, and a test keeps the README equal to it.
pub fn markdown(rules: &[Rule]) -> String {
    let mut s =
        String::from("| id | name | default | needs | what it checks |\n|---|---|---|---|---|\n");
    for r in rules {
        s.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            r.id,
            r.name,
            r.default.as_str(),
            match r.needs {
                execplan::rules::Needs::Static => "static",
                execplan::rules::Needs::History => "history",
                execplan::rules::Needs::Folder => "folder",
            },
            r.summary
        ));
    }
    s
}
