//! The README documents every verb, flag and rule: these tests keep it true.

use std::path::Path;
use std::process::Command;

use clap::CommandFactory;

fn readme() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    std::fs::read_to_string(path).expect("README.md at the workspace root")
}

#[test]
fn rule_table_matches_the_registry() {
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-plans"))
        .args(["rules", "--format", "markdown"])
        .output()
        .expect("run cargo-plans");
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).expect("utf-8");
    let readme = readme();
    let start = readme
        .find("<!-- rules:start -->\n")
        .expect("rules:start marker")
        + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    assert_eq!(
        &readme[start..end],
        table,
        "README rule table is stale: regenerate it with `cargo xtask plans rules --format markdown`"
    );
}

/// The README's `### ` sections as (heading, heading and body), plus the text
/// between `## Verbs` and the first verb as the global options' section.
fn sections(readme: &str) -> (String, Vec<(String, String)>) {
    let mut global = String::new();
    let mut found: Vec<(String, String)> = Vec::new();
    let mut in_verbs_preamble = false;
    for line in readme.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            in_verbs_preamble = false;
            found.push((heading.to_owned(), String::new()));
        } else if line.starts_with("## ") || line.starts_with("# ") {
            in_verbs_preamble = line == "## Verbs";
            // Text after a level-2 heading belongs to no verb.
            found.push((String::new(), String::new()));
            continue;
        }
        if in_verbs_preamble {
            global.push_str(line);
            global.push('\n');
        } else if let Some((_, body)) = found.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    (global, found)
}

/// The section whose heading names `` `plans <verb>`` (a verb may share a
/// heading with its siblings, as `hook install` · `hook uninstall` do).
fn section_of<'a>(sections: &'a [(String, String)], verb: &str) -> Option<&'a str> {
    let named = format!("`plans {verb}");
    sections.iter().find_map(|(heading, text)| {
        let mut rest = heading.as_str();
        while let Some(at) = rest.find(&named) {
            rest = &rest[at + named.len()..];
            if rest.starts_with([' ', '`']) {
                return Some(text.as_str());
            }
        }
        None
    })
}

/// `--long` and `-s` spellings of the options a command defines itself.
fn flags(cmd: &clap::Command) -> Vec<String> {
    let mut out = Vec::new();
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        if let Some(long) = arg.get_long() {
            out.push(format!("--{long}"));
        }
        if let Some(short) = arg.get_short() {
            out.push(format!("-{short}"));
        }
    }
    out
}

#[test]
fn every_verb_and_flag_is_documented_in_its_own_section() {
    let readme = readme();
    let (global, sections) = sections(&readme);
    let cli = execplan_cli::Cli::command();
    let mut missing = Vec::new();
    for flag in flags(&cli) {
        if !global.contains(&flag) {
            missing.push(format!("global {flag} (under `## Verbs`)"));
        }
    }
    let mut verbs: Vec<(String, &clap::Command)> = Vec::new();
    for sub in cli.get_subcommands() {
        verbs.push((sub.get_name().to_owned(), sub));
        for nested in sub.get_subcommands() {
            verbs.push((format!("{} {}", sub.get_name(), nested.get_name()), nested));
        }
    }
    for (verb, cmd) in verbs {
        let Some(text) = section_of(&sections, &verb) else {
            missing.push(format!("a `### `plans {verb} …`` section"));
            continue;
        };
        for flag in flags(cmd) {
            if !text.contains(&flag) {
                missing.push(format!("`plans {verb} {flag}` in its section"));
            }
        }
    }
    assert!(missing.is_empty(), "README does not document: {missing:?}");
}

#[test]
fn a_flag_named_only_in_another_verbs_section_is_missed() {
    let readme = "## Verbs\n`--color`\n### `plans ab [--x]`\n`--x` does x\n### `plans b`\nnothing\n## Exit codes\n`--y`\n";
    let (global, sections) = sections(readme);
    assert!(global.contains("--color") && !global.contains("--x"));
    assert!(section_of(&sections, "ab").is_some_and(|t| t.contains("--x")));
    assert!(section_of(&sections, "b").is_some_and(|t| !t.contains("--x")));
    // `a` is a prefix of `ab`, not a verb with a section of its own.
    assert!(section_of(&sections, "a").is_none());
    assert!(!sections
        .iter()
        .any(|(_, t)| t.contains("--y") && t.contains("--x")));
}

#[test]
fn exit_codes_are_documented() {
    let readme = readme();
    for code in ["| 0 |", "| 1 |", "| 2 |"] {
        assert!(readme.contains(code), "exit code row {code} missing");
    }
}

/// "What makes a file a plan" names every rule a weak signal is spared, and
/// no other.
#[test]
fn what_makes_a_plan_names_the_structure_rules() {
    let readme = readme();
    let (_, sections) = sections(&readme);
    let text = sections
        .iter()
        .find(|(heading, _)| heading == "What makes a file a plan")
        .map(|(_, text)| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .expect("a section \"What makes a file a plan\"");
    for rule in execplan::rules::RULES {
        let named = text.contains(&format!("{} `{}`", rule.id, rule.name));
        assert_eq!(
            named,
            execplan::rules::is_structure(rule),
            "{} {}",
            rule.id,
            rule.name
        );
    }
}
