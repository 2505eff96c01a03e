//! A newcomer's first hour (issue 23, items 11–16): each dead end met on a
//! real repository, pinned down through the binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

use test_support::{plans_command, TestRepo, NOW};

fn plans(dir: &Path, args: &[&str]) -> Output {
    plans_command(dir, NOW).args(args).output().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A plan whose metadata is `meta` (the lines between the title and Purpose).
fn plan_with(meta: &str, progress: &str) -> String {
    format!("# Retry budget\n\n{meta}## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n{progress}\n## Surprises & Discoveries\n- Observation: none.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nGoing.\n")
}

/// Item 11: every write verb works on a plan with no Last Updated field, in
/// each shape of metadata, adding the field; none is refused as "would not
/// read back".
#[test]
fn every_write_verb_adds_a_missing_last_updated() {
    let shapes = [
        (
            "metadata section",
            "## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n\n",
        ),
        ("preamble", "Owner: Ana\nCreated: 2025-10-01\n\n"),
        ("no metadata", ""),
    ];
    let verbs: [&[&str]; 7] = [
        &["tick", "p", "first"],
        &["tick", "p", "done one", "--undo"],
        &[
            "split",
            "p",
            "first",
            "--done",
            "half",
            "--remaining",
            "rest",
        ],
        &["add", "p", "third", "--done"],
        &[
            "decide",
            "p",
            "--decision",
            "D",
            "--rationale",
            "R",
            "--author",
            "Ana",
        ],
        &["surprise", "p", "--observation", "O", "--evidence", "E"],
        &["outcome", "p", "It went."],
    ];
    for (shape, meta) in shapes {
        for verb in verbs {
            let r = TestRepo::new();
            r.write(
                ".agents/p.md",
                &plan_with(
                    meta,
                    "- [ ] The first step.\n- [x] (2025-10-01 10:00Z) The done one.\n",
                ),
            );
            let o = plans(r.path(), verb);
            assert_eq!(o.status.code(), Some(0), "{shape}, {verb:?}: {}", err(&o));
            let text = std::fs::read_to_string(r.join(".agents/p.md")).unwrap();
            assert!(
                text.contains("Last Updated:** 2025-10-10")
                    || text.contains("Last Updated: 2025-10-10"),
                "{shape}, {verb:?}:\n{text}"
            );
            assert_eq!(
                plans(r.path(), &["check", "--no-history", "p"])
                    .status
                    .code(),
                Some(0),
                "{shape}, {verb:?}:\n{text}"
            );
        }
    }
}

/// The standard plan of these tests, with `updated` as Last Updated.
fn plan(updated: &str, purpose: &str, progress: &str) -> String {
    plan_with(
        &format!("## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** {updated}\n\n"),
        progress,
    )
    .replace("Fewer retries.", purpose)
}

/// `git commit` at [`NOW`] through the installed hook, with `PATH` as given.
fn commit_with_path(dir: &Path, path: &std::ffi::OsStr, args: &[&str]) -> Output {
    test_support::commit_command(dir, NOW)
        .args(args)
        .env("PATH", path)
        .output()
        .unwrap()
}

/// A copy of the binary in `dir/bin`, as `cargo install` (or pre-commit's
/// cache) lays it out.
fn binary_in(dir: &Path) -> std::path::PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let exe = bin.join("cargo-plans");
    std::fs::copy(test_support::cargo_plans(), &exe).unwrap();
    exe
}

/// `PATH` with `dirs` in front, and the folder of the cargo running these
/// tests (so `cargo plans` can exist).
fn path_with(dirs: &[&Path]) -> std::ffi::OsString {
    let cargo = Path::new(env!("CARGO")).parent().unwrap().to_path_buf();
    let mut all: Vec<std::path::PathBuf> = dirs.iter().map(|d| d.to_path_buf()).collect();
    all.push(cargo);
    all.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(all).unwrap()
}

/// Item 12: a blocked commit names fill for what fill fixes, and for a
/// broken link or an unreadable stamp says what to edit by hand; after the
/// fill it names, the next attempt names only the hand edits (no loop).
#[test]
fn a_blocked_commit_names_fill_only_for_what_fill_fixes() {
    let r = TestRepo::new();
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-01",
            "Fewer retries.",
            "- [x] (2025-10-01 10:00Z) a\n- [ ] b\n- [ ] c\n",
        ),
    );
    r.commit("create", "2025-10-01T10:00:00Z");
    let home = tempfile::tempdir().unwrap();
    let exe = binary_in(home.path());
    let path = path_with(&[&home.path().join("bin")]);
    let install = std::process::Command::new(&exe)
        .current_dir(r.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["hook", "install"])
        .output()
        .unwrap();
    assert!(install.status.success(), "{}", err(&install));
    // Last Updated not today and a tick without a time (fill's), a link to
    // nowhere and a stamp that is no date (not fill's).
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-01",
            "Fewer retries; see [the design](design.md).",
            "- [x] (2025-10-01 10:00Z) a\n- [x] (2025-02-30 10:00Z) b\n- [x] c\n",
        ),
    );
    let o = commit_with_path(r.path(), &path, &["-a", "-m", "work"]);
    assert!(!o.status.success());
    let said = err(&o);
    let blocked = &said[said.find("execplan: commit blocked").expect(&said)..];
    assert!(
        blocked.starts_with("execplan: commit blocked by 4 errors."),
        "{blocked}"
    );
    assert!(
        blocked.contains("`cargo plans fill .agents/p.md` fixes 2 of them (EP102 last-updated-stale, EP007 unstamped-checked-item)"),
        "{blocked}"
    );
    assert!(
        blocked.contains("fill cannot fix the other 2; edit by hand:"),
        "{blocked}"
    );
    assert!(
        blocked.contains(".agents/p.md:9: EP014 broken-link: link target `design.md` does not exist (fix the path"),
        "{blocked}"
    );
    assert!(
        blocked.contains(".agents/p.md:19: EP008 invalid-timestamp: invalid timestamp `2025-02-30 10:00Z`: `2025-02-30` is not a calendar date (write the UTC time the step was done)"),
        "{blocked}"
    );
    assert!(blocked.contains("--no-verify"), "{blocked}");
    // The diagnostic's own help no longer offers fill for a stamp fill keeps.
    assert!(
        !said.contains("write the UTC time the step was done, or run `plans fill`"),
        "{said}"
    );
    // Do what it said: fill, then commit again. Fill is not named again.
    let fill = plans(r.path(), &["fill", ".agents/p.md"]);
    assert_eq!(fill.status.code(), Some(0), "{}", err(&fill));
    let o = commit_with_path(r.path(), &path, &["-a", "-m", "work"]);
    assert!(!o.status.success());
    let said = err(&o);
    let blocked = &said[said.find("execplan: commit blocked").expect(&said)..];
    assert!(
        blocked.starts_with(
            "execplan: commit blocked by 2 errors.\n  fill cannot fix them; edit by hand:"
        ),
        "{blocked}"
    );
    assert!(!blocked.contains("fill .agents"), "{blocked}");
    // The hand edits, then the commit goes through.
    let text = std::fs::read_to_string(r.join(".agents/p.md"))
        .unwrap()
        .replace("(design.md)", "(p.md)")
        .replace("(2025-02-30 10:00Z)", "(2025-10-02 10:00Z)");
    r.write(".agents/p.md", &text);
    let o = commit_with_path(r.path(), &path, &["-a", "-m", "work"]);
    assert!(o.status.success(), "{}", err(&o));
}

/// Item 12: the fill command named is one that exists in the install: not
/// `cargo plans` for a build that cargo would not find (the pre-commit
/// framework keeps its build in its cache, off `PATH`), but its path; and the
/// command named runs.
#[test]
fn a_blocked_commit_names_a_fill_command_that_exists_in_the_install() {
    let r = TestRepo::new();
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-01",
            "Fewer retries.",
            "- [x] (2025-10-01 10:00Z) a\n- [ ] b\n",
        ),
    );
    r.commit("create", "2025-10-01T10:00:00Z");
    let cache = tempfile::tempdir().unwrap();
    let exe = binary_in(&cache.path().join("execplan-0123abc"));
    let path = path_with(&[]);
    // What scripts/pre-commit-hook.sh does: run the cached build by its path.
    let hook = r.join(".git/hooks/pre-commit");
    std::fs::write(
        &hook,
        format!("#!/bin/sh\nexec '{}' hook run\n", exe.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-01",
            "Fewer retries.",
            "- [x] (2025-10-01 10:00Z) a\n- [x] b\n",
        ),
    );
    let o = commit_with_path(r.path(), &path, &["-a", "-m", "tick"]);
    assert!(!o.status.success());
    let said = err(&o);
    assert!(!said.contains("cargo plans"), "{said}");
    let want = format!("`{} fill .agents/p.md` fixes them", exe.display());
    assert!(said.contains(&want), "{said}");
    // That command exists and does the job.
    let fill = test_support::output(
        std::process::Command::new(&exe)
            .current_dir(r.path())
            .env("EXECPLAN_NOW", NOW)
            .args(["fill", ".agents/p.md"]),
    );
    assert_eq!(fill.2, 0, "{}", fill.1);
    let o = commit_with_path(r.path(), &path, &["-a", "-m", "tick"]);
    assert!(o.status.success(), "{}", err(&o));
}

/// `git commit` at `now` through the installed hook: (exit code, stderr).
fn commit_at(dir: &Path, now: &str, args: &[&str]) -> (i32, String) {
    let o = test_support::commit_command(dir, now)
        .args(args)
        .output()
        .unwrap();
    (o.status.code().unwrap_or(-1), err(&o))
}

/// Item 13: a plan from `plans new` through its first commits with the hook
/// on: created, its steps written, the first ticked with the code that does
/// it, later commits touching it. No tick without evidence on the way, and
/// a warning is said when it comes, not again on every later commit.
#[test]
fn a_new_plan_through_its_first_commits_warns_once() {
    let r = TestRepo::new();
    r.write("README.md", "A project.\n");
    r.commit("init", "2025-10-01T10:00:00Z");
    assert_eq!(plans(r.path(), &["hook", "install"]).status.code(), Some(0));
    let at = |day: u32| format!("2025-10-{day:02}T12:00:00Z");
    let run = |day: u32, args: &[&str]| {
        let o = plans_command(r.path(), &at(day))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", err(&o));
    };

    run(10, &["new", "retry", "--owner", "Ana"]);
    // Nothing to tick that has no code behind it, and not "done" at 1/1.
    let list = plans(r.path(), &["list", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(doc["plans"][0]["total"], 0, "{doc}");
    r.git(&["add", "-A"]);
    let (code, said) = commit_at(r.path(), &at(10), &["-m", "plan"]);
    assert_eq!(code, 0, "{said}");
    // The guidance to replace is said once, on the commit that brings it.
    assert!(said.contains("warning[EP016]"), "{said}");

    // The natural first step: write the steps, commit.
    run(11, &["add", "retry", "Write the parser"]);
    run(11, &["add", "retry", "Write the tests"]);
    let (code, said) = commit_at(r.path(), &at(11), &["-a", "-m", "steps"]);
    assert_eq!(
        (code, said.as_str()),
        (0, ""),
        "the guidance is not repeated"
    );

    // The first step's code, ticked with it.
    r.write("src/parser.rs", "fn parse() {}\n");
    run(12, &["tick", "retry", "parser"]);
    r.git(&["add", "-A"]);
    let (code, said) = commit_at(r.path(), &at(12), &["-m", "parser"]);
    assert_eq!((code, said.as_str()), (0, ""));

    // A tick with nothing behind it, in its own commit; then later commits.
    run(13, &["tick", "retry", "tests"]);
    let (code, said) = commit_at(r.path(), &at(13), &["-a", "-m", "tick"]);
    assert_eq!((code, said.as_str()), (0, ""));
    let check = plans_command(r.path(), &at(14))
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let ep106: Vec<_> = test_support::diagnostics(&doc)
        .into_iter()
        .filter(|(rule, _)| rule == "EP106")
        .collect();
    assert_eq!(ep106.len(), 1, "only the tick without code: {doc}");
    for day in [14, 15] {
        run(day, &["add", "retry", &format!("Step of day {day}")]);
        let (code, said) = commit_at(r.path(), &at(day), &["-a", "-m", "more"]);
        assert_eq!((code, said.as_str()), (0, ""), "day {day}");
    }

    // Something new is said, with a count of what is not said again.
    run(16, &["add", "retry", "Write the docs"]);
    let text = std::fs::read_to_string(r.join(".agents/retry.md"))
        .unwrap()
        .replace(
            "None yet.\n\n## Decision Log",
            "- Observation: the queue is slow.\n  Evidence: 3 runs.\n- Observation: retries doubled.\n\n## Decision Log",
        );
    r.write(".agents/retry.md", &text);
    let (code, said) = commit_at(r.path(), &at(16), &["-a", "-m", "surprise"]);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("warning[EP012]"), "{said}");
    assert!(
        !said.contains("warning[EP016]") && !said.contains("EP106"),
        "{said}"
    );
    assert!(
        said.contains("note: 11 warnings these plans already had before this commit not repeated;")
            && said.contains(" check` lists every finding"),
        "{said}"
    );
}

/// Item 14: a misspelt rule in an inline allow is a warning with the
/// nearest rule, as the configuration file's "did you mean"; the finding it
/// meant to allow stays.
#[test]
fn a_misspelt_inline_allow_is_said_with_the_nearest_rule() {
    let r = TestRepo::new();
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-01",
            "Fewer retries.\n<!-- execplan: allow-file(unstamped-cheked-item) -->",
            "- [x] a\n",
        ),
    );
    let o = plans(r.path(), &["check", "--no-history"]);
    assert_eq!(o.status.code(), Some(1));
    let said = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        said.contains(
            "warning[EP023]: `unstamped-cheked-item` is not a rule: this allow does nothing for it"
        ),
        "{said}"
    );
    assert!(
        said.contains("did you mean `unstamped-checked-item` (EP007)?"),
        "{said}"
    );
    assert!(said.contains("error[EP007]"), "{said}");
    // Spelt right, it allows, and nothing is said about the allow.
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-01",
            "Fewer retries.\n<!-- execplan: allow-file(unstamped-checked-item) -->",
            "- [x] a\n",
        ),
    );
    let o = plans(r.path(), &["check", "--no-history"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(!String::from_utf8_lossy(&o.stdout).contains("EP023"));
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json_of(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "{}", err(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

/// Item 15: `list` and `report` (to HEAD) give every plan the same state (a
/// plan with no item is a draft in both, not active in one; a plan untouched
/// for long is stale in both), and the report says as of when: an older
/// `--to` gives the states as they stood then.
#[test]
fn list_and_report_give_the_same_states() {
    let r = TestRepo::new();
    let progress = |p: &str| plan("2025-08-01", "Fewer retries.", p);
    r.write(".agents/empty.md", &progress(""));
    r.write(
        ".agents/untouched.md",
        &progress("- [x] (2025-08-01 10:00Z) a\n- [ ] b\n"),
    );
    r.commit("plans", "2025-08-01T10:00:00Z");
    r.write(
        ".agents/busy.md",
        &progress("- [x] (2025-10-09 10:00Z) a\n- [ ] b\n"),
    );
    r.write(".agents/fresh.md", &progress("- [ ] a\n"));
    r.write("src/lib.rs", "fn a() {}\n");
    r.commit("busy", "2025-10-09T10:00:00Z");
    let list = json_of(&plans(r.path(), &["list", "--format", "json"]));
    let report = json_of(&plans(r.path(), &["report", "--format", "json"]));
    let states = |doc: &serde_json::Value, key: &str| -> Vec<(String, String)> {
        let rows = doc
            .as_array()
            .or_else(|| doc["plans"].as_array())
            .or_else(|| doc["rows"].as_array())
            .unwrap_or_else(|| panic!("{doc:#}"));
        let mut v: Vec<(String, String)> = rows
            .iter()
            .map(|p| {
                (
                    p["path"].as_str().unwrap().to_string(),
                    p[key].as_str().unwrap().to_string(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let want = vec![
        (".agents/busy.md".to_string(), "active".to_string()),
        (".agents/empty.md".to_string(), "draft".to_string()),
        (".agents/fresh.md".to_string(), "draft".to_string()),
        (".agents/untouched.md".to_string(), "stale".to_string()),
    ];
    assert_eq!(states(&list, "state"), want, "{list:#}");
    assert_eq!(states(&report, "status"), want, "{report:#}");
    assert_eq!(report["totals"]["draft"], 2);
    assert_eq!(report["totals"]["stale"], 1);
    // The report says as of what it counts.
    let md = stdout(&plans(r.path(), &["report"]));
    assert!(md.contains("| Plans active as of HEAD | 1 |"), "{md}");
    assert!(
        md.contains("| Plans in draft (nothing ticked) as of HEAD | 2 |"),
        "{md}"
    );
    assert!(md.contains("— **draft** as of HEAD (2025-10-09)"), "{md}");
    // As of the first commit, the plan now stale was active.
    let then = json_of(&plans(
        r.path(),
        &["report", "--format", "json", "--to", "HEAD~1"],
    ));
    assert_eq!(
        states(&then, "status"),
        vec![
            (".agents/empty.md".to_string(), "draft".to_string()),
            (".agents/untouched.md".to_string(), "active".to_string()),
        ]
    );
    let md = stdout(&plans(r.path(), &["report", "--to", "HEAD~1"]));
    assert!(
        md.contains("— **active** as of HEAD~1 (2025-08-01)"),
        "{md}"
    );
}

/// Item 16: the markdown report's counts say what they count, code spans
/// show `<…>` as written, and a placeholder retrospective is not printed as
/// one.
#[test]
fn the_markdown_report_labels_counts_and_keeps_code_spans() {
    let r = TestRepo::new();
    r.write("src/lib.rs", "fn a() {}\n");
    r.commit("code", "2025-10-01T09:00:00Z");
    let text = plan(
        "2025-10-01",
        "Fewer retries.",
        "- [x] (2025-10-01 10:00Z) Set `<repoPath>` in <config>.\n- [ ] b\n",
    )
    .replace("Going.", "Not started yet.");
    r.write(".agents/p.md", &text);
    r.write(
        ".agents/q.md",
        &plan(
            "2025-10-01",
            "Other.",
            "- [x] (2025-10-01 10:00Z) a\n- [ ] b\n",
        )
        .replace("Going.", "Half of it, see `<dir>`; <b>not</b> done."),
    );
    r.commit("plans", "2025-10-01T10:00:00Z");
    r.write("src/lib.rs", "fn b() {}\n");
    r.commit("more code", "2025-10-02T10:00:00Z");
    let md = stdout(&plans(r.path(), &["report"]));
    assert!(md.contains("| Commits in range | 3 |"), "{md}");
    assert!(md.contains("| Commits that changed a plan | 1 |"), "{md}");
    assert!(
        md.contains("| Plans in this report | 2 (2 changed in range, 0 open and untouched) |"),
        "{md}"
    );
    assert!(!md.contains("touched plans"), "{md}");
    assert!(md.contains("Set `<repoPath>` in &lt;config&gt;."), "{md}");
    assert!(!md.contains("&lt;repoPath"), "{md}");
    assert!(md.contains("`.agents/p.md` — **active**"), "{md}");
    // One retrospective written, one placeholder.
    assert_eq!(
        md.matches("**Outcomes & Retrospective**").count(),
        1,
        "{md}"
    );
    assert!(!md.contains("Not started yet."), "{md}");
    assert!(
        md.contains("Half of it, see `<dir>`; &lt;b&gt;not&lt;/b&gt; done."),
        "{md}"
    );
    let doc = json_of(&plans(r.path(), &["report", "--format", "json"]));
    let p = doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"] == ".agents/p.md")
        .unwrap();
    assert!(p["outcomes"].is_null(), "{p:#}");
}

/// Item 16: `plans new retry.md` writes `retry.md`, not `retry.md.md`.
#[test]
fn new_takes_the_file_name_as_typed() {
    let r = TestRepo::new();
    std::fs::create_dir_all(r.join(".agents")).unwrap();
    for (arg, file) in [("retry.md", "retry.md"), ("Budget.MD", "Budget.md")] {
        let o = plans(r.path(), &["new", arg]);
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        assert_eq!(stdout(&o), format!("created .agents/{file}\n"));
        assert!(r.join(".agents").join(file).is_file());
    }
    let text = std::fs::read_to_string(r.join(".agents/retry.md")).unwrap();
    assert!(text.starts_with("# Retry\n"), "{text}");
    assert!(text.contains("- **Agent / Module:** retry\n"), "{text}");
    assert!(!r.join(".agents/retry.md.md").exists());
    // The same name again is the same file, refused.
    let o = plans(r.path(), &["new", "retry"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("already exists"), "{}", err(&o));
}

/// Item 16: `report` before the first commit says so, and exits 2 as other
/// operational errors do; `diff` shows the plan as new.
#[test]
fn report_in_a_repository_with_no_commit_says_so() {
    let r = TestRepo::new();
    r.write(
        ".agents/p.md",
        &plan("2025-10-01", "Fewer retries.", "- [ ] a\n"),
    );
    for args in [&["report"][..], &["report", "--to", "main"]] {
        let o = plans(r.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let said = err(&o);
        assert!(said.contains("no commits yet"), "{said}");
        assert!(!said.contains("malformed"), "{said}");
        assert!(o.stdout.is_empty());
    }
    // `diff` takes HEAD before the first commit as empty: the plan is new.
    let o = plans(r.path(), &["diff", "p"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        stdout(&o).contains("HEAD → working tree\ncreated"),
        "{}",
        stdout(&o)
    );
    // Once there is a commit, a bad name is a bad name.
    r.commit("plans", "2025-10-01T10:00:00Z");
    let o = plans(r.path(), &["report", "--to", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("cannot resolve revision `nope`"),
        "{}",
        err(&o)
    );
}

/// Item 16: `plans rules <id or name>` shows one rule whole; an unknown
/// name exits 2 with the nearest rule.
#[test]
fn rules_shows_one_rule_by_id_or_name() {
    let r = TestRepo::new();
    let one = plans(r.path(), &["rules", "ep106"]);
    assert_eq!(one.status.code(), Some(0), "{}", err(&one));
    let text = stdout(&one);
    assert!(
        text.starts_with("EP106 tick-without-evidence [warning]\n"),
        "{text}"
    );
    assert!(text.contains("plans evidence <PLAN>"), "{text}");
    assert!(!text.contains("EP001"), "{text}");
    assert!(text.contains("allow(tick-without-evidence)"), "{text}");
    let by_name = plans(r.path(), &["rules", "Tick-Without-Evidence"]);
    assert_eq!(stdout(&by_name), text);
    let doc = json_of(&plans(r.path(), &["rules", "EP106", "--format", "json"]));
    assert_eq!(doc["rules"].as_array().unwrap().len(), 1);
    assert_eq!(doc["rules"][0]["name"], "tick-without-evidence");
    let o = plans(r.path(), &["rules", "tick-without-evidnce"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains(
            "`tick-without-evidnce` is not a rule: did you mean `tick-without-evidence` (EP106)?"
        ),
        "{}",
        err(&o)
    );
    assert!(o.stdout.is_empty());
    let o = plans(r.path(), &["rules", "zzz"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!err(&o).contains("did you mean"), "{}", err(&o));
}

/// Item 16: `list` with deep plan paths fits its rows to the width (COLUMNS
/// off a terminal, else 100): the title first, the path shortened in its
/// middle folders; the JSON keeps every path whole.
#[test]
fn list_fits_deep_paths_to_the_width() {
    let r = TestRepo::new();
    let deep = ".agents/platform/services/payments/reconciliation/2025/q4/nightly-ledger.md";
    r.write(
        deep,
        &plan("2025-10-01", "Fewer.", "- [ ] a\n").replace(
            "# Retry budget",
            "# Reconcile the nightly ledger against settlement files",
        ),
    );
    r.write(
        ".agents/short.md",
        &plan("2025-10-01", "Fewer.", "- [ ] a\n"),
    );
    let rows = |columns: Option<&str>| {
        let mut cmd = plans_command(r.path(), NOW);
        if let Some(c) = columns {
            cmd.env("COLUMNS", c);
        }
        let o = cmd.arg("list").output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        stdout(&o)
    };
    let wide = |text: &str| text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let at_100 = rows(None);
    assert!(wide(&at_100) <= 100, "{at_100}");
    assert!(at_100.starts_with("TITLE "), "{at_100}");
    // Wide enough, nothing is cut.
    let whole = rows(Some("200"));
    assert!(whole.contains(deep), "{whole}");
    assert!(
        whole.contains("Reconcile the nightly ledger against settlement files  "),
        "{whole}"
    );
    let at_90 = rows(Some("90"));
    assert_eq!(wide(&at_90), 90, "{at_90}");
    assert!(at_90.contains(".agents/…/nightly-ledger.md"), "{at_90}");
    assert!(at_90.contains("Reconcile the nightly ledger…"), "{at_90}");
    assert!(at_90.contains(".agents/short.md"), "{at_90}");
    // Tighter, the path gives way before the title.
    let at_80 = rows(Some("80"));
    assert!(wide(&at_80) <= 80, "{at_80}");
    assert!(at_80.contains(" …/nightly-ledger.md"), "{at_80}");
    assert!(at_80.contains("Reconcile the nightly ledg…"), "{at_80}");
    let json = json_of(
        &plans_command(r.path(), NOW)
            .env("COLUMNS", "40")
            .args(["list", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(json["plans"][0]["path"], deep);
}

/// Item 16: `evidence` on a busy plan gives each tick a summary (commits,
/// files changed, lines, the largest few files) instead of thousands of
/// lines; `--files` lists every file.
#[test]
fn evidence_summarises_a_busy_tick() {
    let r = TestRepo::new();
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-01",
            "Fewer.",
            "- [ ] Port the parsers.\n- [ ] Ship.\n",
        ),
    );
    r.commit("plan", "2025-10-01T09:00:00Z");
    for c in 0..11 {
        for f in 0..4 {
            let lines = "x\n".repeat(1 + c + f);
            r.write(&format!("src/m{c:02}/f{f}.rs"), &lines);
        }
        r.commit(
            &format!("module {c}"),
            &format!("2025-10-02T{:02}:00:00Z", c + 1),
        );
    }
    r.write("src/big.rs", &"y\n".repeat(50));
    r.write("assets/logo.bin", "\0\x01\x02");
    r.write(
        ".agents/p.md",
        &plan(
            "2025-10-03",
            "Fewer.",
            "- [x] (2025-10-03 09:00Z) Port the parsers.\n- [ ] Ship.\n",
        ),
    );
    r.commit("parsers ported", "2025-10-03T09:00:00Z");
    let ids = r.lines(&["rev-list", "HEAD"]);
    let named = |text: &str| {
        ids.iter().enumerate().fold(text.to_string(), |t, (n, id)| {
            t.replace(&id[..7], &format!("<c{n}>"))
        })
    };
    let o = plans(r.path(), &["evidence", "p"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let summary = named(&stdout(&o));
    insta::assert_snapshot!("evidence_busy_summary", summary);
    assert!(summary.lines().count() < 20, "{summary}");

    let o = plans(r.path(), &["evidence", "p", "--files"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let all = stdout(&o);
    assert!(all.contains("46 files changed"), "{all}");
    for c in 0..11 {
        for f in 0..4 {
            assert!(all.contains(&format!("src/m{c:02}/f{f}.rs")), "{all}");
        }
    }
    assert!(!all.contains("more file"), "{all}");
    // Markdown names five files a row, or all of them with --files.
    let md = stdout(&plans(r.path(), &["evidence", "p", "--format", "markdown"]));
    assert!(md.contains("and 41 more"), "{md}");
    let md = stdout(&plans(
        r.path(),
        &["evidence", "p", "--format", "markdown", "--files"],
    ));
    assert!(
        md.contains("`src/m10/f3.rs`") && !md.contains(" more"),
        "{md}"
    );
    // JSON has every file either way.
    let doc = json_of(&plans(r.path(), &["evidence", "p", "--format", "json"]));
    assert_eq!(
        doc["items"][0]["evidence"]["files"]
            .as_array()
            .unwrap()
            .len(),
        46
    );
}
