//! Tick evidence on a generated repository with known commits: a tick after
//! code, a tick with nothing behind it, a squash (code and tick in one
//! commit, with a binary file), and a merge that ticks. Every file count is
//! compared with `git diff --numstat` on the same commits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use test_support::{run, TestRepo};

fn plan(progress: &str) -> String {
    format!(
        "# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client in `src/lib.rs`.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n{progress}\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nRetries fell by half.\n"
    )
}

fn progress(ticked: &[bool]) -> String {
    [
        "Write the client.",
        "Tell the team.",
        "Add the budget.",
        "Merge the feature.",
    ]
    .iter()
    .zip(ticked)
    .map(|(t, c)| format!("- [{}] {t}\n", if *c { "x" } else { " " }))
    .collect()
}

const PLAN: &str = ".agents/retry.md";

/// The story; returns the repository and the commits
/// [create, code, tick A, tick B, squash C, merge D].
fn story() -> (TestRepo, Vec<String>) {
    let r = TestRepo::new();
    let mut ids = Vec::new();
    r.write("src/lib.rs", "fn a() {}\n");
    r.write(PLAN, &plan(&progress(&[false, false, false, false])));
    ids.push(r.commit("create", "2025-10-01T09:00:00Z"));
    r.write("src/lib.rs", "fn a() {}\nfn b() {}\nfn c() {}\n");
    ids.push(r.commit("code", "2025-10-02T09:00:00Z"));
    r.write(PLAN, &plan(&progress(&[true, false, false, false])));
    ids.push(r.commit("tick A", "2025-10-03T09:00:00Z"));
    r.write(PLAN, &plan(&progress(&[true, true, false, false])));
    ids.push(r.commit("tick B, nothing behind it", "2025-10-04T09:00:00Z"));
    r.write("src/budget.rs", "pub const BUDGET: u32 = 3;\n");
    std::fs::create_dir_all(r.join("assets")).unwrap();
    std::fs::write(r.join("assets/logo.bin"), b"\x00\x01\x02").unwrap();
    r.write(PLAN, &plan(&progress(&[true, true, true, false])));
    ids.push(r.commit("squash: budget and its tick", "2025-10-05T09:00:00Z"));
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write("src/feature.rs", "one\ntwo\n");
    r.commit("feature", "2025-10-06T09:00:00Z");
    r.git(&["checkout", "-q", "main"]);
    r.git_at(
        "2025-10-07T09:00:00Z",
        &["merge", "-q", "--no-ff", "--no-commit", "feature"],
    );
    r.write(PLAN, &plan(&progress(&[true, true, true, true])));
    ids.push(r.commit("merge feature, tick D", "2025-10-07T09:00:00Z"));
    (r, ids)
}

fn numstat(r: &TestRepo, from: &str, to: &str) -> Vec<(String, Value, Value)> {
    let n = |c: Option<u64>| Value::from(c.unwrap_or(0));
    r.numstat(from, to, &[".", ":(exclude).agents"])
        .into_iter()
        .map(|(path, a, d)| (path, n(a), n(d)))
        .collect()
}

fn files(e: &Value) -> Vec<(String, Value, Value)> {
    e["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["added"].clone(),
                f["removed"].clone(),
            )
        })
        .collect()
}

#[test]
fn timeline_json_holds_each_tick_against_git() {
    let (r, ids) = story();
    let (out, err, code) = run(r.path(), &["timeline", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let items = doc["plans"][0]["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    let ev = |i: usize| &items[i]["evidence"];

    // A: ticked after the code commit; both commits are behind it.
    assert_eq!(ev(0)["commits"], serde_json::json!([ids[2], ids[1]]));
    assert_eq!(files(ev(0)), numstat(&r, &ids[0], &ids[2]));
    assert_eq!(files(ev(0)).len(), 1);

    // B: nothing outside the plans folder changed.
    assert_eq!(ev(1)["commits"], serde_json::json!([ids[3]]));
    assert_eq!(files(ev(1)), vec![]);

    // C: a squash counts its own code; the binary file is 0/0 and flagged.
    assert_eq!(files(ev(2)), numstat(&r, &ids[3], &ids[4]));
    let bin = ev(2)["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "assets/logo.bin")
        .unwrap();
    assert_eq!(bin["binary"], true);

    // D: the merge counts what it brought in relative to its first parent.
    assert_eq!(ev(3)["commits"], serde_json::json!([ids[5]]));
    assert_eq!(files(ev(3)), numstat(&r, &ids[4], &ids[5]));
    assert_eq!(files(ev(3))[0].0, "src/feature.rs");
}

#[test]
fn human_timeline_shows_the_short_form() {
    let (r, _) = story();
    let (out, err, code) = run(r.path(), &["timeline"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("evidence 1 file +2 -0 in 2 commits"), "{out}");
    assert!(
        out.contains("evidence none: nothing outside the plans folders changed"),
        "{out}"
    );
}

#[test]
fn an_uncommitted_tick_has_no_evidence() {
    let (r, _) = story();
    let mut ticked = progress(&[true, true, true, true]);
    ticked.push_str("- [x] Ship it.\n");
    r.write(PLAN, &plan(&ticked));
    let (out, _, _) = run(r.path(), &["timeline", "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let items = doc["plans"][0]["items"].as_array().unwrap();
    assert_eq!(items[4]["checked_at"]["commit"], Value::Null);
    assert!(items[4].get("evidence").is_none(), "{}", items[4]);
    assert!(items[0]["evidence"].is_object());
}

/// Commit ids vary with nothing (fixed dates, fixed config), but keep the
/// snapshots readable by naming them.
fn named(r: &TestRepo, ids: &[String], text: &str) -> String {
    let mut out = text.to_string();
    for (n, id) in ids.iter().enumerate() {
        out = out.replace(id, &format!("<c{n}>"));
        out = out.replace(&id[..7], &format!("<c{n}>"));
    }
    let feature = r.git(&["rev-parse", "feature"]).trim().to_string();
    out.replace(&feature[..7], "<feature>")
}

#[test]
fn evidence_verb_one_screen_and_markdown() {
    let (r, ids) = story();
    let (human, err, code) = run(r.path(), &["evidence", PLAN]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("evidence_human", named(&r, &ids, &human));
    let (md, err, code) = run(r.path(), &["evidence", PLAN, "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("evidence_markdown", named(&r, &ids, &md));
}

#[test]
fn evidence_verb_json_counts_ticks_without_code() {
    let (r, ids) = story();
    let (out, err, code) = run(r.path(), &["evidence", PLAN, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["path"], PLAN);
    assert_eq!(doc["ticked"], 4);
    assert_eq!(doc["without_evidence"], 1);
    assert_eq!(doc["items"][1]["evidence"]["commits"][0], ids[3].as_str());
    assert_eq!(doc["items"][1]["evidence"]["files"], serde_json::json!([]));
    // The slug names the same plan, as it does for the write verbs.
    let (by_slug, err, code) = run(r.path(), &["evidence", "retry", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(by_slug, out);
}

#[test]
fn evidence_verb_on_a_missing_plan_is_trouble() {
    let (r, _) = story();
    let (_, err, code) = run(r.path(), &["evidence", ".agents/nope.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("nope.md"), "{err}");
}

/// The evidence cache file under `.git/execplan/`, when there is one.
fn evidence_cache(r: &TestRepo) -> Option<std::path::PathBuf> {
    std::fs::read_dir(r.join(".git/execplan"))
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("evidence-"))
        })
}

#[test]
fn evidence_is_cached_and_a_broken_cache_is_recomputed() {
    let (r, _) = story();
    let (first, err, code) = run(r.path(), &["timeline", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let cache = evidence_cache(&r).expect("a cache after the first run");
    let sealed = std::fs::read(&cache).unwrap();
    let text = String::from_utf8(
        execplan::history::unseal(&sealed)
            .expect("the cache is sealed with its checksum")
            .to_vec(),
    )
    .unwrap();
    assert!(text.contains("\"format\":1"), "{text}");
    let reseal = |t: &str| execplan::history::seal(t.as_bytes()).unwrap();
    // A warm run reads it and agrees.
    let (warm, _, _) = run(r.path(), &["timeline", "--format", "json"]);
    assert_eq!(warm, first);
    // Evidence from the cache, not the diff: a forged entry, sealed again,
    // shows up.
    std::fs::write(
        &cache,
        reseal(&text.replace("src/budget.rs", "src/forged.rs")),
    )
    .unwrap();
    let (forged, _, _) = run(r.path(), &["timeline", "--format", "json"]);
    assert!(forged.contains("src/forged.rs"), "{forged}");
    // Corrupt, of another format, or edited without its checksum: recomputed,
    // never an error.
    let edited = {
        let mut b = sealed.clone();
        let at = b.len() - 3;
        b[at] ^= 0x01;
        b
    };
    for broken in [
        reseal("{not json"),
        reseal(&text.replace("\"format\":1", "\"format\":999")),
        edited,
        text.replace("src/budget.rs", "src/forged.rs").into_bytes(),
    ] {
        std::fs::write(&cache, broken).unwrap();
        let (again, err, code) = run(r.path(), &["timeline", "--format", "json"]);
        assert_eq!((code, again.as_str()), (0, first.as_str()), "{err}");
    }
    // Another evidence scope does not read this one's entries.
    std::fs::write(
        &cache,
        reseal(&text.replace("src/budget.rs", "src/forged.rs")),
    )
    .unwrap();
    r.write("execplan.toml", "evidence = [\"src/**\"]\n");
    let (scoped, _, _) = run(r.path(), &["timeline", "--format", "json"]);
    assert!(!scoped.contains("src/forged.rs"), "{scoped}");
}

/// The tree diff behind a tick enters no plans folder but everything else:
/// nested folders, a deletion, a file that became a folder, a mode change,
/// and code beside a plans folder that is itself nested.
#[test]
fn evidence_matches_git_across_folders_deletions_and_type_changes() {
    let r = TestRepo::new();
    let plan_path = "docs/plans/retry.md";
    r.write("execplan.toml", "plans = [\"docs/plans\"]\n");
    r.write("docs/guide.md", "one\n");
    r.write("src/deep/er/mod.rs", "a\nb\n");
    r.write("src/gone.rs", "x\ny\nz\n");
    r.write("src/shape", "a file first\n");
    r.write("tools/run.sh", "echo\n");
    r.write(plan_path, &plan(&progress(&[false, false, false, false])));
    let first = r.commit("create", "2025-10-01T09:00:00Z");
    r.write("docs/guide.md", "one\ntwo\n");
    r.write("docs/plans/notes.md", "not code\n");
    r.write("src/deep/er/mod.rs", "a\nc\n");
    r.remove("src/gone.rs");
    r.remove("src/shape");
    r.write("src/shape/inner.rs", "now a folder\n");
    let mut perms = std::fs::metadata(r.join("tools/run.sh"))
        .unwrap()
        .permissions();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        perms.set_mode(0o755);
    }
    std::fs::set_permissions(r.join("tools/run.sh"), perms).unwrap();
    r.write(plan_path, &plan(&progress(&[true, false, false, false])));
    let tick = r.commit("everything at once", "2025-10-02T09:00:00Z");

    let (out, err, code) = run(r.path(), &["timeline", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let item = &doc["plans"][0]["items"][0];
    let n = |c: Option<u64>| Value::from(c.unwrap_or(0));
    let mut want: Vec<(String, Value, Value)> = r
        .numstat(&first, &tick, &[".", ":(exclude)docs/plans"])
        .into_iter()
        .map(|(path, a, d)| (path, n(a), n(d)))
        .collect();
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(files(&item["evidence"]), want);
    assert_eq!(want.len(), 6, "{want:?}");
}
