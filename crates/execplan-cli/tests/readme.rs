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

#[test]
fn every_verb_and_flag_is_documented() {
    let readme = readme();
    let cli = execplan_cli::Cli::command();
    let mut missing = Vec::new();
    for arg in cli.get_arguments() {
        if let Some(long) = arg.get_long() {
            if !readme.contains(&format!("--{long}")) {
                missing.push(format!("global --{long}"));
            }
        }
    }
    for sub in cli.get_subcommands() {
        let name = sub.get_name();
        if !readme.contains(&format!("plans {name}")) {
            missing.push(format!("verb `plans {name}`"));
        }
        for arg in sub.get_arguments() {
            if let Some(long) = arg.get_long() {
                if !readme.contains(&format!("--{long}")) {
                    missing.push(format!("`plans {name} --{long}`"));
                }
            }
        }
        for nested in sub.get_subcommands() {
            if !readme.contains(&format!("plans {name} {}", nested.get_name())) {
                missing.push(format!("verb `plans {name} {}`", nested.get_name()));
            }
        }
    }
    assert!(missing.is_empty(), "README does not document: {missing:?}");
}

#[test]
fn exit_codes_are_documented() {
    let readme = readme();
    for code in ["| 0 |", "| 1 |", "| 2 |"] {
        assert!(readme.contains(code), "exit code row {code} missing");
    }
}
