//! Rules and verbs on what plans in the field contain: each test is a minimal
//! reproduction, written for this suite, of something real plans do.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use execplan::rules::BASE_PLAN;
use serde_json::Value;
use test_support::{output, plans_command, TestRepo, NOW};

/// `check --format json` with `args`: (rule, line) of every diagnostic.
fn found(dir: &Path, args: &[&str]) -> Vec<(String, u64)> {
    let (text, err, _) = output(
        plans_command(dir, NOW)
            .args(["check", "--format", "json"])
            .args(args),
    );
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text} {err}"));
    test_support::diagnostics(&doc)
}

/// A repository with the base plan's neighbour file and `.agents/p.md`.
fn repo_with(plan: &str) -> TestRepo {
    let r = TestRepo::new();
    r.write("crates/client/src/lib.rs", "");
    r.write(".agents/p.md", plan);
    r
}

#[test]
fn a_conflict_is_one_finding_and_misleads_no_other_rule() {
    // Both sides of a conflict in Progress: `=======` would underline the item
    // above into a heading, splitting Progress and emptying a section.
    let plan = BASE_PLAN.replacen(
        "- [ ] Add tests (completed: 2/6).\n",
        "<<<<<<< HEAD\n- [ ] Add tests (completed: 2/6).\n=======\n- [ ] Add tests (completed: 3/6).\n>>>>>>> tests\n",
        1,
    );
    let r = repo_with(&plan);
    assert_eq!(found(r.path(), &["--no-history"]), [("EP021".into(), 21)]);
}

#[test]
fn an_item_dated_later_in_its_text_is_a_warning_and_fill_leaves_it() {
    let r = repo_with(BASE_PLAN);
    r.commit("plan", "2025-10-01T14:00:00Z");
    let ticked = BASE_PLAN.replacen(
        "- [ ] Add tests (completed: 2/6).",
        "- [x] Merged as #5 (2025-10-02)\n- [x] Wrote the docs.",
        1,
    );
    r.write(".agents/p.md", &ticked);
    r.commit("tick", "2025-10-02T09:30:00Z");
    // Without history: the dated item is EP022, only the undated one EP007.
    let stamps: Vec<_> = found(r.path(), &["--no-history"])
        .into_iter()
        .filter(|(rule, _)| rule == "EP007" || rule == "EP022")
        .collect();
    assert_eq!(stamps, [("EP022".into(), 21), ("EP007".into(), 22)]);
    let (_, err, code) = test_support::run(r.path(), &["fill"]);
    assert_eq!(code, 0, "{err}");
    let filled = std::fs::read_to_string(r.join(".agents/p.md")).unwrap();
    assert!(
        filled.contains("\n- [x] Merged as #5 (2025-10-02)\n"),
        "{filled}"
    );
    assert!(
        filled.contains("\n- [x] (2025-10-02 09:30Z) Wrote the docs."),
        "{filled}"
    );
}

#[test]
fn paths_from_the_repository_name_resolve_and_outside_paths_are_not_checked() {
    let r = TestRepo::new();
    r.write("crates/client/src/lib.rs", "");
    r.write("docs/design.md", "");
    let name = r.path().file_name().unwrap().to_str().unwrap().to_string();
    let plan = format!(
        "---\nowner: Ana\ncreated: 2025-10-01\nlast_updated: 2025-10-03\nbased_on:\n  - /{name}/docs/design.md\n  - /Users/ana/notes.md\n  - /{name}/docs/gone.md\n---\n\n{}",
        BASE_PLAN
            .replacen(
                "The client lives in `crates/client/src/lib.rs`.",
                &format!("The client lives in `/{name}/crates/client/src/lib.rs`; logs go to `/tmp/client/run.log`; see [design](/{name}/docs/design.md)."),
                1,
            )
            .replacen("- **Related Plans:** None.\n", "", 1)
    );
    r.write(".agents/p.md", &plan);
    let paths: Vec<_> = found(r.path(), &["--no-history"])
        .into_iter()
        .filter(|(rule, _)| rule == "EP014" || rule == "EP015")
        .collect();
    // The missing entry is on line 8, the third of the list, not the line above it.
    assert_eq!(paths, [("EP014".into(), 8)]);
}

#[test]
fn per_file_ignores_let_completed_plans_keep_open_items() {
    let r = TestRepo::new();
    r.write("crates/client/src/lib.rs", "");
    r.write(".agents/completed/p.md", BASE_PLAN);
    r.write(".agents/active/done/q.md", BASE_PLAN);
    r.write(
        "execplan.toml",
        "[per-file-ignores]\n\".agents/completed/*.md\" = [\"status-contradiction\"]\n\"q.md\" = [\"EP002\"]\n",
    );
    let rules: Vec<_> = found(r.path(), &["--no-history"]);
    // Only the plan outside `completed/` is still told its folder and boxes disagree.
    assert_eq!(rules, [("EP017".into(), 1)]);

    r.write(
        "execplan.toml",
        "[per-file-ignores]\n\"completed/**\" = [\"no-such-rule\"]\n",
    );
    let (_, err, code) = test_support::run(r.path(), &["check", "--no-history"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown rule `no-such-rule` in [per-file-ignores]"),
        "{err}"
    );
}

/// `VERB --format json`, which must succeed.
fn json(dir: &Path, args: &[&str]) -> Value {
    let (out, err, code) = test_support::run(dir, args);
    assert!(code == 0 || code == 1, "{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"))
}

#[test]
fn a_plan_without_progress_counts_its_checkboxes_in_every_verb() {
    let plan = "# Rollout\n\n- **Status:** done\n\n## Steps\n\n- [ ] Ship the flag.\n- [ ] Remove the flag.\n";
    let r = TestRepo::new();
    r.write(".agents/rollout.md", plan);
    r.commit("plan", "2025-10-01T10:00:00Z");
    r.write(".agents/rollout.md", &plan.replace("- [ ]", "- [x]"));
    r.commit("done", "2025-10-02T10:00:00Z");

    let list = json(r.path(), &["list", "--format", "json"]);
    let row = &list["plans"][0];
    assert_eq!(
        (row["done"].as_u64(), row["total"].as_u64()),
        (Some(2), Some(2)),
        "{list}"
    );
    assert_eq!(row["state"], "done");

    let tl = json(r.path(), &["timeline", "--format", "json"]);
    let series = tl["plans"][0]["series"].as_array().unwrap();
    let last = series.last().unwrap();
    assert_eq!(
        (last["done"].as_u64(), last["total"].as_u64()),
        (Some(2), Some(2)),
        "{tl}"
    );
    let ticks: Vec<_> = tl["plans"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["checked_at"]["time"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ticks, ["2025-10-02T10:00:00Z"; 2]);

    let report = json(r.path(), &["report", "--format", "json"]);
    let p = &report["plans"][0];
    assert_eq!(p["status"], "finished", "{report}");
}

#[test]
fn list_and_stale_plan_tell_the_same_time() {
    // NOW is 2025-10-10. The field says the plan is fresh; history says its
    // last change was in July. And the other way round.
    let fresh_field = BASE_PLAN.replacen("2025-10-03", "2025-10-09", 1);
    let old_field = BASE_PLAN.replacen("2025-10-03", "2025-07-01", 1).replacen(
        "Fewer retries.",
        "Fewer retries, sooner.",
        1,
    );
    let r = TestRepo::new();
    r.write("crates/client/src/lib.rs", "");
    r.write(".agents/a.md", &fresh_field);
    r.commit("a", "2025-07-01T10:00:00Z");
    r.write(".agents/b.md", &old_field);
    r.commit("b", "2025-10-08T10:00:00Z");

    let list = json(r.path(), &["list", "--format", "json"]);
    let states: Vec<_> = list["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_string(),
                p["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            (".agents/a.md".to_string(), "stale".to_string()),
            (".agents/b.md".to_string(), "active".to_string())
        ],
        "{list}"
    );
    let check = json(r.path(), &["check", "--format", "json"]);
    let stale: Vec<_> = check["plans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["rule"] == "EP104")
        })
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(stale, [".agents/a.md"]);
}

#[test]
fn the_hook_counts_the_staged_change_as_todays() {
    // Committed on 2025-10-03; today (NOW, 2025-10-10) Last Updated is
    // bumped, and that change is staged: the commit being made is today's.
    let r = TestRepo::new();
    r.write("crates/client/src/lib.rs", "");
    r.write(".agents/p.md", BASE_PLAN);
    r.commit("draft", "2025-10-01T14:00:00Z");
    r.write(
        ".agents/p.md",
        &BASE_PLAN.replacen("Fewer retries.", "Fewer retries!", 1),
    );
    r.commit("plan", "2025-10-03T09:00:00Z");
    let today = BASE_PLAN
        .replacen("Fewer retries.", "Fewer retries!", 1)
        .replacen("2025-10-03", "2025-10-10", 1);
    // Without the staged change in view, the same text is EP105's.
    r.write(".agents/p.md", &today);
    let (out, _, _) = test_support::run(r.path(), &["check"]);
    assert!(out.contains("EP105"), "{out}");
    r.write(".agents/p.md", &today);
    r.git(&["add", "-A"]);
    let (out, err, code) = test_support::run(r.path(), &["hook", "run"]);
    assert!(
        !err.contains("EP105") && !out.contains("EP105"),
        "{out}{err}"
    );
    assert_eq!(code, 0, "{out}{err}");
}

/// `cargo-plans -C dir args…` run by a shell under `umask mask`.
#[cfg(unix)]
fn run_under_umask(mask: &str, dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("sh")
        .args(["-c", "umask \"$0\" && exec \"$@\"", mask])
        .arg(test_support::cargo_plans())
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("EXECPLAN_NOW", NOW)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn new_files_follow_the_umask_and_fill_keeps_a_files_mode() {
    use std::os::unix::fs::PermissionsExt;
    let r = TestRepo::new();
    r.write("crates/client/src/lib.rs", "");
    r.write(".agents/p.md", BASE_PLAN);
    r.commit("plan", "2025-10-01T14:00:00Z");

    run_under_umask("022", r.path(), &["new", "open-plan", "--owner", "Ana"]);
    run_under_umask("077", r.path(), &["new", "private-plan", "--owner", "Ana"]);
    let made = |slug: &str| {
        std::fs::read_dir(r.join(".agents"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains(slug))
            .unwrap()
    };
    assert_eq!(mode(&made("open-plan")), 0o644);
    assert_eq!(mode(&made("private-plan")), 0o600);

    let out = r.join("notes/release.md");
    run_under_umask("022", r.path(), &["report", "--out", out.to_str().unwrap()]);
    assert_eq!(mode(&out), 0o644);
    let charts: Vec<_> = std::fs::read_dir(r.join("notes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "svg"))
        .collect();
    assert!(!charts.is_empty());
    assert!(charts.iter().all(|c| mode(c) == 0o644), "{charts:?}");

    // fill rewrites in place and keeps the file's own mode, whatever the umask.
    let p = r.join(".agents/p.md");
    std::fs::write(&p, BASE_PLAN.replacen("2025-10-03", "2025-10-09", 1)).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    run_under_umask("077", r.path(), &["fill"]);
    assert_ne!(
        std::fs::read_to_string(&p).unwrap(),
        BASE_PLAN.replacen("2025-10-03", "2025-10-09", 1),
        "fill should have rewritten the date"
    );
    assert_eq!(mode(&p), 0o640);
}
