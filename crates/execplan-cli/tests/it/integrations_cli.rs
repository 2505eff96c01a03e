//! What CI and set-up read: `check --format sarif`, `init`, `completions`, `man`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

use test_support::{plans_command, TestRepo, NOW};

fn plans(dir: &Path, args: &[&str]) -> Output {
    plans_command(dir, NOW).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

const BROKEN: &str = "# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Progress\n- [x] Wired it in.\n";

#[test]
fn sarif_is_a_valid_2_1_0_log_with_every_rule_and_regions() {
    let r = TestRepo::new();
    r.write(".agents/retry budget.md", BROKEN);
    let out = plans(r.path(), &["check", "--no-history", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    // The typed SARIF model reads it back: required fields, types, enums.
    let log: serde_sarif::sarif::Sarif = serde_json::from_str(&text).expect("SARIF 2.1.0");
    assert_eq!(serde_json::to_value(&log.version).unwrap(), "2.1.0");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let listed = plans(r.path(), &["rules", "--format", "json"]);
    let registry: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(rules.len(), registry["rules"].as_array().unwrap().len());
    assert!(rules
        .iter()
        .all(|r| r["help"]["text"].as_str().is_some_and(|t| t.len() > 20)));
    let results = run["results"].as_array().unwrap();
    let ep007 = results
        .iter()
        .find(|x| x["ruleId"] == "EP007")
        .expect("unstamped tick reported");
    assert_eq!(ep007["level"], "error");
    let index = ep007["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "EP007");
    let loc = &ep007["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], ".agents/retry%20budget.md");
    assert_eq!(loc["region"]["startLine"], 12);
    assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn init_sets_up_once_and_never_overwrites() {
    let r = TestRepo::new();
    r.write("AGENTS.md", "# Agents\r\n\r\nBe kind.");
    let out = plans(r.path(), &["init", "--ci", "github"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(stdout(&out), @r"
    created execplan.toml
    created .agents/README.md
    appended a line about .agents/ to AGENTS.md
    created .github/workflows/execplan.yml
    ");
    let agents = std::fs::read_to_string(r.join("AGENTS.md")).unwrap();
    assert!(agents.starts_with("# Agents\r\n\r\nBe kind.\r\n- ExecPlans live in `.agents/`"));
    assert!(agents.ends_with(".\r\n"), "{agents:?}");
    let workflow = std::fs::read_to_string(r.join(".github/workflows/execplan.yml")).unwrap();
    // The default source is the package registry at this binary's version:
    // no URL is made up.
    assert!(
        workflow.contains(
            "        run: |\n          cargo install --locked execplan-cli --version 0.1.0\n"
        ),
        "{workflow}"
    );
    assert!(!workflow.contains("--git"), "{workflow}");
    assert!(
        workflow.contains("cargo plans check --format github"),
        "{workflow}"
    );
    assert!(workflow.contains("fetch-depth: 0"), "{workflow}");

    // The files it wrote are what execplan itself accepts: the config loads,
    // and the README is not taken for a plan.
    let check = plans(r.path(), &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(
        stdout(&check).contains("checked 0 plans"),
        "{}",
        stdout(&check)
    );

    let before: Vec<(String, Vec<u8>)> = [
        "execplan.toml",
        ".agents/README.md",
        "AGENTS.md",
        ".github/workflows/execplan.yml",
    ]
    .iter()
    .map(|p| (p.to_string(), std::fs::read(r.join(p)).unwrap()))
    .collect();
    let again = plans(r.path(), &["init", "--ci", "github"]);
    assert!(again.status.success());
    insta::assert_snapshot!(stdout(&again), @r"
    kept execplan.toml (already there)
    kept .agents/README.md (already there)
    kept AGENTS.md (already there)
    kept .github/workflows/execplan.yml (already there)
    ");
    for (p, bytes) in before {
        assert_eq!(std::fs::read(r.join(&p)).unwrap(), bytes, "{p} changed");
    }
}

/// `--install-from` names where CI installs the binary from: a git URL or a
/// path, quoted for the shell; without `--ci` it is refused (exit 2).
/// scripts/try-init-ci.sh runs the written steps against a local clone.
#[test]
fn init_ci_install_source_is_an_option() {
    let workflow_for = |source: &str| {
        let r = TestRepo::new();
        let out = plans(
            r.path(),
            &["init", "--ci", "github", "--install-from", source],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(r.join(".github/workflows/execplan.yml")).unwrap()
    };
    let git = workflow_for("https://git.example.com/me/execplan.git");
    assert!(
        git.contains("          cargo install --locked --git https://git.example.com/me/execplan.git execplan-cli\n"),
        "{git}"
    );
    let path = workflow_for("vendor/exec plan #1/crates/execplan-cli");
    assert!(
        path.contains(
            "          cargo install --locked --path 'vendor/exec plan #1/crates/execplan-cli'\n"
        ),
        "{path}"
    );

    let r = TestRepo::new();
    let out = plans(r.path(), &["init", "--install-from", "crates.io"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--ci"));
}

#[test]
fn init_with_hook_installs_it_and_without_agents_md_creates_none() {
    let r = TestRepo::new();
    let out = plans(r.path(), &["init", "--hook"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(r.join(".git/hooks/pre-commit").is_file());
    assert!(!r.join("AGENTS.md").exists());
    assert!(!r.join(".github").exists());
}

#[test]
fn completions_and_man_page_come_from_the_command_tree() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = plans(dir.path(), &["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let text = stdout(&out);
        assert!(
            text.contains("cargo-plans") && text.contains("timeline"),
            "{shell}"
        );
    }
    let bad = plans(dir.path(), &["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
    let man = plans(dir.path(), &["man"]);
    assert!(man.status.success());
    let page = stdout(&man);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH cargo-plans"),
        "{page}"
    );
    assert!(
        page.contains("cargo\\-plans hook") || page.contains("cargo-plans hook"),
        "{page}"
    );
    assert!(
        page.contains("\\-\\-deny\\-warnings"),
        "every verb's flags are on the page"
    );
}

/// `--version` names the binary and its version as the man page does.
#[test]
fn version_names_the_binary_as_the_man_page_does() {
    let r = TestRepo::new();
    let version = stdout(&plans(r.path(), &["--version"]));
    assert_eq!(
        version,
        format!("cargo-plans {}\n", env!("CARGO_PKG_VERSION"))
    );
    let man = stdout(&plans(r.path(), &["man"]));
    assert!(
        man.contains(version.trim_end()),
        "{}",
        &man[..200.min(man.len())]
    );
}

/// `list --help` names the columns in the order `list` prints them.
#[test]
fn list_help_names_the_columns_in_output_order() {
    let r = TestRepo::new();
    r.write(".agents/p.md", BROKEN);
    let help = stdout(&plans(r.path(), &["list", "--help"]));
    let said = help
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("One row per plan: "))
        .expect(&help)
        .trim_end_matches('.');
    let header = stdout(&plans(r.path(), &["list"]));
    let header: Vec<&str> = header.lines().next().unwrap().split_whitespace().collect();
    let named: Vec<&str> = said
        .split(", ")
        .map(|c| match c {
            "done/total" => "DONE",
            "last updated" => "UPDATED",
            "path" => "PLAN",
            "title" => "TITLE",
            "state" => "STATE",
            "owner" => "OWNER",
            other => panic!("a column `list` does not print: {other}"),
        })
        .collect();
    assert_eq!(named, header);
}
