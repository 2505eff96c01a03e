//! `check` history rules, `fill` and `timeline` on real repositories built
//! with the git CLI, every fact compared with what git itself answers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::path::Path;
use test_support::{git_in, plans_command, run, TestRepo, NOW};

fn json(dir: &Path, args: &[&str]) -> Value {
    let (out, err, _) = run(dir, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n{err}"))
}

fn rules(doc: &Value) -> Vec<String> {
    doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["diagnostics"].as_array().unwrap().iter())
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

fn plan(created: &str, updated: &str, progress: &str) -> String {
    format!(
        "# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** {created}\n- **Last Updated:** {updated}\n\n## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n{progress}\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nRetries fell by half.\n"
    )
}

fn git_lines(r: &TestRepo, args: &[&str]) -> Vec<String> {
    r.lines(args)
}

fn utc(git_iso: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(git_iso.trim())
        .unwrap()
        .with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A history with items added and ticked over several back-dated commits, a
/// branch and merge, and a rename from active/ to completed/.
fn story() -> (TestRepo, Vec<String>) {
    let r = TestRepo::new();
    let mut ids = Vec::new();
    r.write("README.md", "x\n");
    r.write(
        ".agents/active/retry.md",
        &plan("2025-10-01", "2025-10-01", "- [ ] Step one.\n"),
    );
    ids.push(r.commit("create", "2025-10-01T09:00:00+02:00")); // 07:00Z
    r.write(
        ".agents/active/retry.md",
        &plan(
            "2025-10-01",
            "2025-10-01",
            "- [ ] Step one.\n- [ ] Step two.\n",
        ),
    );
    ids.push(r.commit_dated(
        "add step two",
        "2025-10-02T10:00:00Z",
        "2025-10-06T10:00:00Z",
    ));
    r.git(&["checkout", "-q", "-b", "side"]);
    r.write(
        ".agents/active/retry.md",
        &plan(
            "2025-10-01",
            "2025-10-01",
            "- [x] (2025-10-03 11:00Z) Step one.\n- [ ] Step two.\n",
        ),
    );
    ids.push(r.commit("tick one on a branch", "2025-10-03T11:30:00Z"));
    r.git(&["checkout", "-q", "main"]);
    r.write("README.md", "y\n");
    ids.push(r.commit("unrelated", "2025-10-03T12:00:00Z"));
    r.git_at(
        "2025-10-04T08:00:00Z",
        &["merge", "-q", "--no-edit", "side"],
    );
    ids.push(r.git(&["rev-parse", "HEAD"]).trim().to_string());
    r.mv(".agents/active/retry.md", ".agents/completed/retry.md");
    ids.push(r.commit("file as completed", "2025-10-05T09:00:00Z"));
    (r, ids)
}

#[test]
fn timeline_facts_equal_git_log() {
    let (r, ids) = story();
    let path = ".agents/completed/retry.md";
    let doc = json(r.path(), &["timeline", "--format", "json"]);
    assert_eq!(doc["schema"], 1);
    let p = &doc["plans"][0];
    assert_eq!(p["path"], path);

    let follow = git_lines(&r, &["log", "--follow", "--format=%H", "--", path]);
    assert_eq!(p["created"]["commit"], follow.last().unwrap().as_str());
    assert_eq!(p["created"]["commit"], ids[0].as_str());
    let author = r.git(&["log", "-1", "--format=%aI", &ids[0]]);
    assert_eq!(p["created"]["time"], utc(&author).as_str());
    assert_eq!(p["created"]["time"], "2025-10-01T07:00:00Z");
    assert_eq!(p["created_certain"], true);

    let last = r.git(&["log", "-1", "--format=%H", "--", path]);
    assert_eq!(p["last_updated"]["commit"], last.trim());

    let items = p["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["text"], "Step one.");
    assert_eq!(items[0]["added"]["commit"], ids[0].as_str());
    // The tick happened on the branch; git's pickaxe finds the same commit.
    let pickaxe = git_lines(
        &r,
        &[
            "log",
            "--format=%H",
            "-S",
            "[x] (2025-10-03 11:00Z) Step one.",
            "--",
            ".agents/active/retry.md",
        ],
    );
    assert_eq!(
        items[0]["checked_at"]["commit"],
        pickaxe.last().unwrap().as_str()
    );
    assert_eq!(items[0]["checked_at"]["commit"], ids[2].as_str());
    assert_eq!(items[1]["added"]["commit"], ids[1].as_str());
    // Author date, not committer date (the commit was "rebased" four days later).
    assert_eq!(items[1]["added"]["time"], "2025-10-02T10:00:00Z");
    assert!(items[1]["checked_at"].is_null());
    let series: Vec<(u64, u64)> = p["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["done"].as_u64().unwrap(), s["total"].as_u64().unwrap()))
        .collect();
    assert_eq!(series.first(), Some(&(0, 1)));
    assert_eq!(series.last(), Some(&(1, 2)));
}

#[test]
fn history_rules_fire_and_fill_silences_them() {
    let r = TestRepo::new();
    // These ticks have no code behind them on purpose; EP106 has its own tests.
    r.write(
        "execplan.toml",
        "[rules]\ntick-without-evidence = \"off\"\n",
    );
    let path = ".agents/p.md";
    r.write(
        path,
        &plan(
            "2025-10-05",
            "2025-10-01",
            "- [ ] Step one.\n- [ ] Step two.\n",
        ),
    );
    r.commit("create", "2025-10-01T09:00:00Z");
    r.write(
        path,
        &plan(
            "2025-10-05",
            "2025-10-01",
            "- [x] Step one.\n- [ ] Step two.\n",
        ),
    );
    let tick1 = r.commit("tick one", "2025-10-03T14:30:00Z");
    r.write(
        path,
        &plan(
            "2025-10-05",
            "2025-10-01",
            "- [x] Step one.\n- [x] (2025-10-09 10:00Z) Step two.\n",
        ),
    );
    let tick2 = r.commit("tick two", "2025-10-04T08:00:00Z");

    let doc = json(r.path(), &["check", "--format", "json"]);
    let mut got = rules(&doc);
    got.sort();
    assert_eq!(got, ["EP006", "EP007", "EP101", "EP102", "EP103"]);
    let diag = |rule: &str| {
        doc["plans"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == rule)
            .unwrap()
            .clone()
    };
    assert!(diag("EP103")["label"]
        .as_str()
        .unwrap()
        .contains(&tick2[..7]));
    assert!(diag("EP102")["message"]
        .as_str()
        .unwrap()
        .contains("2025-10-04"));
    assert_eq!(doc["history"]["shallow"], false);

    // Static only: no history rule.
    let doc = json(r.path(), &["check", "--format", "json", "--no-history"]);
    assert!(rules(&doc).iter().all(|r| !r.starts_with("EP1")));

    let (out, _, code) = run(r.path(), &["fill", "--check"]);
    assert_eq!(code, 1, "{out}");
    let before = std::fs::read(r.join(path)).unwrap();
    let (_, _, code) = run(r.path(), &["fill", "--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read(r.join(path)).unwrap(),
        before,
        "--dry-run wrote"
    );

    let (out, _, code) = run(r.path(), &["fill"]);
    assert_eq!(code, 0, "{out}");
    let text = std::fs::read_to_string(r.join(path)).unwrap();
    assert_eq!(
        text,
        plan(
            "2025-10-01",
            "2025-10-04",
            "- [x] (2025-10-03 14:30Z) Step one.\n- [x] (2025-10-04 08:00Z) Step two.\n"
        )
    );
    let t1 = r.git(&["log", "-1", "--format=%aI", &tick1]);
    assert_eq!(utc(&t1), "2025-10-03T14:30:00Z");

    let doc = json(r.path(), &["check", "--format", "json"]);
    assert!(rules(&doc).is_empty(), "{:?}", rules(&doc));
    let (out, _, code) = run(r.path(), &["fill", "--check"]);
    assert_eq!(code, 0, "{out}");
    let (_, _, _) = run(r.path(), &["fill"]);
    assert_eq!(
        std::fs::read_to_string(r.join(path)).unwrap(),
        text,
        "second fill changed bytes"
    );

    // Committing fill's own edits later is not an update: no loop.
    r.commit("fill", "2025-10-09T18:00:00Z");
    let doc = json(r.path(), &["check", "--format", "json"]);
    assert!(rules(&doc).is_empty(), "{:?}", rules(&doc));
    let (_, _, code) = run(r.path(), &["fill", "--check"]);
    assert_eq!(code, 0);
}

#[test]
fn fill_keeps_crlf_bom_and_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let r = TestRepo::new();
    let path = ".agents/p.md";
    let body = plan("2025-10-01", "2025-10-01", "- [x] Step one.\n").replace('\n', "\r\n");
    r.write(path, &format!("\u{feff}{body}"));
    r.commit("create", "2025-10-02T09:15:00Z");
    std::fs::set_permissions(r.join(path), std::fs::Permissions::from_mode(0o640)).unwrap();
    let (out, _, code) = run(r.path(), &["fill"]);
    assert_eq!(code, 0, "{out}");
    let after = std::fs::read_to_string(r.join(path)).unwrap();
    let want = plan(
        "2025-10-02",
        "2025-10-02",
        "- [x] (2025-10-02 09:15Z) Step one.\n",
    )
    .replace('\n', "\r\n");
    assert_eq!(after, format!("\u{feff}{want}"));
    let mode = std::fs::metadata(r.join(path))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o640);
    let leftovers: Vec<_> = std::fs::read_dir(r.join(".agents"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn uncommitted_work_counts_as_today() {
    let r = TestRepo::new();
    let path = ".agents/p.md";
    r.write(path, &plan("2025-10-01", "2025-10-01", "- [ ] Step one.\n"));
    r.commit("create", "2025-10-01T09:00:00Z");
    r.write(path, &plan("2025-10-01", "2025-10-01", "- [x] Step one.\n"));
    let (out, _, code) = run(r.path(), &["fill"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        std::fs::read_to_string(r.join(path)).unwrap(),
        plan(
            "2025-10-01",
            "2025-10-10",
            "- [x] (2025-10-10 12:00Z) Step one.\n"
        )
    );
    // A new, untracked plan is created today.
    r.write(
        ".agents/new.md",
        &plan("2025-09-01", "2025-10-10", "- [ ] a\n"),
    );
    let doc = json(r.path(), &["check", "--format", "json", ".agents/new.md"]);
    let got = rules(&doc);
    assert_eq!(got, ["EP101"], "{doc}");
}

#[test]
fn stale_plan_is_reported() {
    let r = TestRepo::new();
    r.write(
        ".agents/p.md",
        &plan(
            "2025-08-01",
            "2025-08-01",
            "- [x] (2025-08-01 10:00Z) a\n- [ ] b\n",
        ),
    );
    r.commit("create", "2025-08-01T10:00:00Z");
    let doc = json(r.path(), &["check", "--format", "json"]);
    assert_eq!(rules(&doc), ["EP104"]);
    assert_eq!(doc["plans"][0]["diagnostics"][0]["severity"], "warning");
    let (_, _, code) = run(r.path(), &["check"]);
    assert_eq!(code, 0);
}

#[test]
fn not_a_repository_runs_static_rules_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".agents")).unwrap();
    std::fs::write(
        dir.path().join(".agents/p.md"),
        plan("2025-10-01", "2025-10-01", "- [x] Step one.\n"),
    )
    .unwrap();
    let (out, err, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("EP007"));
    assert!(err.contains("not a git repository: history rules"), "{err}");
}

#[test]
fn shallow_clone_downgrades_and_says_unshallow() {
    let r = TestRepo::new();
    r.write(
        ".agents/p.md",
        &plan("2025-10-03", "2025-10-03", "- [ ] a\n"),
    );
    r.commit("create", "2025-10-01T10:00:00Z");
    r.write("x.txt", "1");
    r.commit("two", "2025-10-02T10:00:00Z");
    r.write(
        ".agents/p.md",
        &plan("2025-10-03", "2025-10-03", "- [ ] a\n- [ ] b\n"),
    );
    r.commit("three", "2025-10-03T10:00:00Z");
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    git_in(
        clone.path(),
        None,
        &["clone", "-q", "--depth", "1", &url, "c"],
    );
    let c = clone.path().join("c");
    let doc = json(&c, &["check", "--format", "json"]);
    assert_eq!(doc["history"]["shallow"], true);
    assert!(doc["notes"][0]
        .as_str()
        .unwrap()
        .contains("git fetch --unshallow"));
    // Created 2025-10-03 is consistent with "existed at the boundary (2025-10-03)".
    assert!(rules(&doc).is_empty(), "{doc}");
    // A Created date later than the boundary is reported, as a warning.
    std::fs::write(
        c.join(".agents/p.md"),
        plan("2025-10-09", "2025-10-10", "- [ ] a\n- [ ] b\n"),
    )
    .unwrap();
    let doc = json(&c, &["check", "--format", "json"]);
    let d = &doc["plans"][0]["diagnostics"][0];
    assert_eq!(d["rule"], "EP101");
    assert_eq!(d["severity"], "warning");
    // fill leaves Created alone when history cannot know it.
    let (_, _, code) = run(&c, &["fill"]);
    assert_eq!(code, 0);
    assert!(std::fs::read_to_string(c.join(".agents/p.md"))
        .unwrap()
        .contains("**Created:** 2025-10-09"));
}

#[test]
fn timeline_in_a_bare_repository_with_rev() {
    let (r, ids) = story();
    let bare = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    git_in(bare.path(), None, &["clone", "-q", "--bare", &url, "b.git"]);
    let b = bare.path().join("b.git");
    let doc = json(&b, &["timeline", "--format", "json", "--rev", "HEAD"]);
    assert_eq!(doc["plans"][0]["path"], ".agents/completed/retry.md");
    assert_eq!(doc["plans"][0]["created"]["commit"], ids[0].as_str());
    let (_, err, code) = run(&b, &["check"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bare repository") && err.contains("timeline --rev"),
        "{err}"
    );
    let doc = json(&b, &["timeline", "--format", "json", "--rev", &ids[1]]);
    assert_eq!(doc["plans"][0]["path"], ".agents/active/retry.md");
    assert_eq!(doc["plans"][0]["last_updated"]["commit"], ids[1].as_str());
}

#[test]
fn detached_head_and_linked_worktree() {
    let (r, ids) = story();
    r.git(&["checkout", "-q", "--detach", &ids[1]]);
    let doc = json(r.path(), &["timeline", "--format", "json"]);
    assert_eq!(doc["plans"][0]["last_updated"]["commit"], ids[1].as_str());
    r.git(&["checkout", "-q", "main"]);
    let wt = tempfile::tempdir().unwrap();
    let wt_path = wt.path().join("wt");
    r.git(&["worktree", "add", "-q", wt_path.to_str().unwrap(), &ids[2]]);
    let doc = json(&wt_path, &["timeline", "--format", "json"]);
    assert_eq!(doc["plans"][0]["last_updated"]["commit"], ids[2].as_str());
}

#[test]
fn an_interrupted_fill_leaves_the_old_file_whole() {
    use std::os::unix::fs::PermissionsExt;
    let r = TestRepo::new();
    let path = ".agents/p.md";
    r.write(path, &plan("2025-10-01", "2025-10-01", "- [x] Step one.\n"));
    r.commit("create", "2025-10-02T09:15:00Z");
    std::fs::set_permissions(r.join(path), std::fs::Permissions::from_mode(0o640)).unwrap();
    let before = std::fs::read(r.join(path)).unwrap();
    // Killed between writing the temporary file and renaming it over the plan.
    let out = plans_command(r.path(), NOW)
        .arg("fill")
        .env("EXECPLAN_FAULT_BEFORE_RENAME", "1")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the fault must have fired");
    assert_eq!(
        std::fs::read(r.join(path)).unwrap(),
        before,
        "torn or changed plan"
    );
    // The next run completes, with the permissions kept.
    let (_, _, code) = run(r.path(), &["fill"]);
    assert_eq!(code, 0);
    let after = std::fs::read_to_string(r.join(path)).unwrap();
    assert!(after.contains("(2025-10-02 09:15Z) Step one."));
    assert_eq!(
        std::fs::metadata(r.join(path))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o640
    );
    // Only a stray temporary file (not a plan) can remain from the crash.
    for e in std::fs::read_dir(r.join(".agents")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            name == "p.md" || (name.starts_with(".execplan-") && name.ends_with(".tmp")),
            "{name}"
        );
    }
}

/// `check`, `timeline` and `list` print the same bytes with and without a
/// commit-graph carrying changed-path Bloom filters (both hash versions).
#[test]
fn outputs_are_the_same_with_a_commit_graph() {
    let (r, _) = story();
    // Commits that change no plan, so filters have something to skip.
    for n in 0..5 {
        r.write("src/lib.rs", &format!("// {n}\n"));
        r.commit(
            &format!("code {n}"),
            &format!("2025-10-0{}T12:00:00Z", 5 + n),
        );
    }
    let verbs: [&[&str]; 4] = [
        &["check", "--format", "json"],
        &["check"],
        &["timeline", "--format", "json"],
        &["list", "--format", "json"],
    ];
    let outputs = |r: &TestRepo| -> Vec<(String, String, i32)> {
        verbs
            .iter()
            .map(|args| {
                let out = plans_command(r.path(), NOW)
                    .env("EXECPLAN_NO_CACHE", "1")
                    .args(*args)
                    .output()
                    .unwrap();
                (
                    String::from_utf8_lossy(&out.stdout).into_owned(),
                    String::from_utf8_lossy(&out.stderr).into_owned(),
                    out.status.code().unwrap_or(-1),
                )
            })
            .collect()
    };
    let without = outputs(&r);
    for version in ["1", "2"] {
        git_in(
            r.path(),
            None,
            &[
                "-c",
                &format!("commitGraph.changedPathsVersion={version}"),
                "commit-graph",
                "write",
                "--reachable",
                "--changed-paths",
            ],
        );
        assert!(r.join(".git/objects/info/commit-graph").exists());
        assert_eq!(outputs(&r), without, "version {version}");
        std::fs::remove_file(r.join(".git/objects/info/commit-graph")).unwrap();
    }
}
