//! The bad-input table of docs/bad-input.md: each row is a test. The tool
//! gives a clear message and the documented exit code, never panics, and
//! keeps going over the other plans.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::path::Path;
use test_support::{output, plans_command, run, NOW};

const GOOD: &str = "# Good\n\n## Progress\n- [x] (2025-01-01 10:00Z) a\n- [ ] b\n";

/// A plans folder holding one good plan and the given bad file.
fn folder_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".agents")).unwrap();
    std::fs::write(dir.path().join(".agents/good.md"), GOOD).unwrap();
    std::fs::write(dir.path().join(".agents").join(name), bytes).unwrap();
    dir
}

fn json(dir: &Path) -> Value {
    let (out, err, _) = run(dir, &["check", "--no-history", "--format", "json"]);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"))
}

fn diags_of<'a>(doc: &'a Value, file: &str) -> Vec<&'a Value> {
    doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["path"].as_str().unwrap().ends_with(file))
        .flat_map(|p| p["diagnostics"].as_array().unwrap().iter())
        .collect()
}

fn checked(doc: &Value, file: &str) -> bool {
    doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["path"].as_str().unwrap().ends_with(file))
}

#[test]
fn empty_file_is_not_a_plan_and_the_run_goes_on() {
    let d = folder_with("empty.md", b"");
    let doc = json(d.path());
    assert!(doc["not_plans"][0].as_str().unwrap().ends_with("empty.md"));
    assert!(checked(&doc, "good.md"));
    // Named explicitly, it is checked: and found to lack everything.
    let (out, _, code) = run(d.path(), &["check", "--no-history", ".agents/empty.md"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("EP001"));
}

#[test]
fn binary_file_is_reported_with_the_way_out() {
    let d = folder_with("image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let doc = json(d.path());
    let diags = diags_of(&doc, "image.md");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["rule"], "EP020");
    assert!(diags[0]["help"].as_str().unwrap().contains("exclude"));
    assert!(checked(&doc, "good.md"));
    let (_, _, code) = run(d.path(), &["check", "--no-history"]);
    assert_eq!(code, 1);
}

#[test]
fn non_utf8_names_the_line() {
    let d = folder_with("latin1.md", b"# T\n\n## Progress\n- [x] caf\xe9\n");
    let doc = json(d.path());
    let diags = diags_of(&doc, "latin1.md");
    assert_eq!(diags[0]["rule"], "EP020");
    assert_eq!(diags[0]["line"], 4);
    assert_eq!(diags[0]["column"], 10);
    assert!(checked(&doc, "good.md"));
}

#[test]
fn deep_nesting_and_long_lines_do_not_crash() {
    let mut deep = String::from("# T\n\n## Progress\n");
    deep.push_str(&">".repeat(10_000));
    deep.push_str(" - [x] quoted\n");
    for i in 0..300 {
        deep.push_str(&"  ".repeat(i));
        deep.push_str("- [ ] nested\n");
    }
    let long = format!(
        "# T\n\n## Progress\n- [x] (2025-01-01 10:00Z) {}\n",
        "a".repeat(1 << 20)
    );
    let d = folder_with("deep.md", deep.as_bytes());
    std::fs::write(d.path().join(".agents/long.md"), long).unwrap();
    let (out, err, code) = run(d.path(), &["check", "--no-history", "--format", "json"]);
    assert!(code == 0 || code == 1, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["plans"].as_array().unwrap().len(), 3);
    let deep_plan = doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"].as_str().unwrap().ends_with("deep.md"))
        .unwrap();
    assert_eq!(deep_plan["total"], 300);
}

#[test]
fn crlf_mixed_endings_and_bom_are_read() {
    let d = folder_with(
        "crlf.md",
        b"\xef\xbb\xbf# T\r\n\r\n## Progress\r\n- [x] (2025-01-01 10:00Z) a\n- [ ] b\r\n",
    );
    let doc = json(d.path());
    let p = doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"].as_str().unwrap().ends_with("crlf.md"))
        .unwrap();
    assert_eq!(
        (p["done"].as_u64(), p["total"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(p["title"], "T");
    assert!(diags_of(&doc, "crlf.md")
        .iter()
        .all(|d| d["rule"] != "EP007"));
}

#[test]
fn symlink_out_of_the_repository_is_not_followed() {
    let d = folder_with("placeholder.md", GOOD.as_bytes());
    std::os::unix::fs::symlink("/etc/hostname", d.path().join(".agents/outside.md")).unwrap();
    let doc = json(d.path());
    assert!(!checked(&doc, "outside.md"));
    assert_eq!(doc["skipped"][0]["reason"], "symbolic link, not followed");
    let (_, err, _) = run(d.path(), &["check", "--no-history"]);
    assert!(
        err.contains("outside.md: skipped: symbolic link, not followed"),
        "{err}"
    );
}

#[test]
fn plans_folder_that_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".agents"), "not a folder").unwrap();
    let (_, err, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(err.contains("`.agents` is a file, not a folder"), "{err}");
}

#[test]
fn unreadable_file_is_an_operational_error() {
    use std::os::unix::fs::PermissionsExt;
    let d = folder_with("locked.md", GOOD.as_bytes());
    let locked = d.path().join(".agents/locked.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Running as root: permissions do not stop reads, so this row cannot be
        // exercised here. It is exercised on developer machines run as users.
        eprintln!("note: running as root; the unreadable-file row is not exercised");
        return;
    }
    let (out, err, code) = run(d.path(), &["check", "--no-history"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("locked.md") && err.contains("ermission"),
        "{err}"
    );
    assert!(
        out.contains("checked 1 plan"),
        "the good plan is still checked: {out}"
    );
}

#[test]
fn terminal_control_sequences_escaped_for_people_exact_in_json() {
    let text = "# T \x1b]0;pwned\x07\x1b[31mred\n\n## Progress\n- [x] \x1b[2J cleared\n";
    let d = folder_with("ctrl.md", text.as_bytes());
    let (out, _, _) = run(d.path(), &["check", "--no-history", ".agents/ctrl.md"]);
    assert!(
        !out.contains('\x1b'),
        "raw escape reached the terminal: {out:?}"
    );
    assert!(out.contains("\\u{1b}]0;pwned"));
    let (out, _, _) = run(
        d.path(),
        &[
            "check",
            "--no-history",
            "--format",
            "json",
            ".agents/ctrl.md",
        ],
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["plans"][0]["title"], "T \x1b]0;pwned\x07\x1b[31mred");
}

fn fifty_megabytes() -> String {
    let item = "- [x] (2025-01-01 10:00Z) a step with words enough to make a realistic line\n";
    let mut text = String::from("# Huge\n\n## Progress\n");
    while text.len() < 50_000_000 {
        text.push_str(item);
    }
    text
}

/// A 50 MB plan is refused before it is parsed (parsing it would take about
/// 1.1 GB): exit 2, naming the file, its size, the limit and the way out.
#[test]
fn fifty_megabyte_plan_is_refused_with_the_way_out() {
    let d = folder_with("huge.md", fifty_megabytes().as_bytes());
    let (out, err, code) = run(d.path(), &["check", "--no-history"]);
    assert_eq!(code, 2, "{out}\n{err}");
    let said = "huge.md: 50000040 bytes, more than the 4000000 a plan may be";
    assert!(err.contains(said), "{err}");
    assert!(err.contains("EXECPLAN_MAX_PLAN_BYTES=<bytes>"), "{err}");
    let doc = json(d.path());
    let failure = doc["failures"][0]["message"].as_str().unwrap();
    assert!(failure.contains(said), "{failure}");
    assert_eq!(doc["summary"]["plans"], 1, "the good plan is still checked");
}

/// With the limit raised, 50 MB is read and checked: slow in a debug build, so
/// run on demand: `cargo test --release -p execplan-cli --test it -- --ignored bad_input::`.
#[test]
#[ignore = "50 MB input; run with --release -- --ignored"]
fn fifty_megabyte_plan_with_the_limit_raised() {
    let d = folder_with("huge.md", fifty_megabytes().as_bytes());
    let (out, err, _) = output(
        plans_command(d.path(), NOW)
            .env("EXECPLAN_MAX_PLAN_BYTES", "60000000")
            .args(["check", "--no-history", "--format", "json"]),
    );
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let p = doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"].as_str().unwrap().ends_with("huge.md"))
        .unwrap();
    assert!(p["total"].as_u64().unwrap() > 600_000);
}
