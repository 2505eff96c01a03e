//! `plans report` on generated repositories with tags and fixed dates: exact
//! items, decisions and dates per range, renames counted once, deletions
//! counted, empty ranges, no tags, markdown charts beside `--out`, inline SVG
//! in HTML, custom templates.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::path::Path;
use test_support::{run, TestRepo};

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut a = vec!["report", "--format", "json"];
    a.extend_from_slice(args);
    let (out, err, code) = run(dir, &a);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n{err}"))
}

/// A plan with the given Progress, Decision Log and Surprises bodies.
fn plan(title: &str, progress: &str, decisions: &[(&str, &str)], surprises: &[&str]) -> String {
    let mut d = String::new();
    for (decision, date) in decisions {
        d.push_str(&format!(
            "- **Decision:** {decision}\n- **Rationale:** Because.\n- **Date/Author:** {date} — Ana\n\n"
        ));
    }
    let mut s = String::new();
    for o in surprises {
        s.push_str(&format!("- Observation: {o}\n  Evidence: seen.\n\n"));
    }
    format!(
        "# {title}\n\n## Purpose / Big Picture\nA goal.\n\n## Context and Orientation\nThe code.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n{progress}\n## Surprises & Discoveries\n{s}\n## Decision Log\n{d}\n## Outcomes & Retrospective\nOutcome of {title}.\n"
    )
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn plan_of<'a>(doc: &'a Value, path: &str) -> &'a Value {
    doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"] == path)
        .unwrap_or_else(|| panic!("no plan {path} in {doc:#}"))
}

fn texts(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["text"].as_str().unwrap().to_string())
        .collect()
}

const ALPHA: &str = ".agents/active/alpha.md";
const ALPHA_DONE: &str = ".agents/completed/alpha.md";
const BETA: &str = ".agents/active/beta.md";
const GAMMA: &str = ".agents/active/gamma.md";
const STALE: &str = ".agents/active/stale.md";

/// Round 1 (tag v0.1), round 2 (tag v0.2, annotated), round 3 (HEAD).
fn story() -> TestRepo {
    let r = TestRepo::new();
    r.write("README.md", "x\n");
    r.write(ALPHA, &plan("Alpha", "- [ ] A1.\n- [ ] A2.\n", &[], &[]));
    r.write(GAMMA, &plan("Gamma", "- [ ] G1.\n", &[], &[]));
    r.write(STALE, &plan("Stale", "- [ ] S1.\n", &[], &[]));
    r.commit("round one", "2025-08-01T10:00:00Z");
    r.git(&["tag", "v0.1"]);

    r.write(
        ALPHA,
        &plan(
            "Alpha",
            "- [x] (2025-09-01 10:00Z) A1.\n- [ ] A2.\n",
            &[("Use gix.", "2025-09-01")],
            &[],
        ),
    );
    r.commit("tick A1", "2025-09-01T10:00:00Z");
    r.write(
        BETA,
        &plan("Beta", "- [ ] B1.\n- [ ] B2 <b>bold</b>.\n", &[], &[]),
    );
    r.commit("create beta", "2025-09-02T10:00:00Z");
    r.git_at("2025-09-02T11:00:00Z", &["tag", "-a", "v0.2", "-m", "v0.2"]);

    r.write(
        ALPHA,
        &plan(
            "Alpha",
            "- [x] (2025-09-01 10:00Z) A1.\n- [x] (2025-10-01 10:00Z) A2.\n",
            &[("Use gix.", "2025-09-01"), ("Ship it.", "2025-10-01")],
            &["Renames need care."],
        ),
    );
    r.commit("finish alpha", "2025-10-01T10:00:00Z");
    r.mv(ALPHA, ALPHA_DONE);
    r.commit("file alpha as completed", "2025-10-02T10:00:00Z");
    r.write(
        BETA,
        &plan(
            "Beta",
            "- [x] (2025-10-03 10:00Z) B1.\n- [ ] B2 <b>bold</b>.\n",
            &[],
            &[],
        ),
    );
    r.commit("tick B1", "2025-10-03T10:00:00Z");
    r.remove(GAMMA);
    r.commit("drop gamma", "2025-10-04T10:00:00Z");
    r
}

#[test]
fn default_range_is_previous_tag_to_head() {
    let r = story();
    let doc = json(r.path(), &[]);
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["range"]["from_kind"], "previous-tag");
    assert_eq!(doc["range"]["from"]["rev"], "v0.2");
    assert_eq!(doc["range"]["to"]["rev"], "HEAD");
    assert_eq!(doc["range"]["commits"], 4);
    assert!(doc["range"]["description"]
        .as_str()
        .unwrap()
        .contains("previous tag v0.2"));

    assert_eq!(strs(&doc["created"]), Vec::<String>::new());
    assert_eq!(strs(&doc["finished"]), vec![ALPHA_DONE]);
    assert_eq!(strs(&doc["active"]), vec![BETA]);
    assert_eq!(strs(&doc["stale"]), vec![STALE]);
    assert_eq!(strs(&doc["deleted"]), vec![GAMMA]);
    // The renamed plan counts once, under its new path.
    let paths: Vec<String> = doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, vec![BETA, GAMMA, STALE, ALPHA_DONE]);

    let alpha = plan_of(&doc, ALPHA_DONE);
    assert_eq!(alpha["previous_path"], ALPHA);
    assert_eq!(alpha["status"], "finished");
    assert_eq!(texts(&alpha["completed"]), vec!["A2."]);
    assert_eq!(
        alpha["completed"][0]["checked_at"]["time"],
        "2025-10-01T10:00:00Z"
    );
    assert_eq!(alpha["completed"][0]["stamp"], "2025-10-01 10:00Z");
    assert_eq!(
        alpha["completed"][0]["checked_at"]["commit"],
        r.git(&["rev-parse", "HEAD~3"]).trim()
    );
    assert_eq!(texts(&alpha["open"]), Vec::<String>::new());
    let decisions: Vec<&str> = alpha["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["decision"].as_str().unwrap())
        .collect();
    assert_eq!(decisions, vec!["Ship it."]);
    assert_eq!(alpha["decisions"][0]["rationale"], "Because.");
    assert_eq!(alpha["decisions"][0]["date_author"], "2025-10-01 — Ana");
    assert_eq!(alpha["surprises"][0]["observation"], "Renames need care.");
    assert_eq!(alpha["outcomes"], "Outcome of Alpha.");
    assert_eq!(alpha["cycle_time"]["days"], 61.0);
    assert_eq!(alpha["contributors"], serde_json::json!(["Ada Author"]));
    assert_eq!(
        (
            alpha["done_before"].as_u64(),
            alpha["total_before"].as_u64()
        ),
        (Some(1), Some(2))
    );

    let beta = plan_of(&doc, BETA);
    assert_eq!(texts(&beta["completed"]), vec!["B1."]);
    assert_eq!(
        beta["completed"][0]["checked_at"]["time"],
        "2025-10-03T10:00:00Z"
    );
    assert_eq!(texts(&beta["open"]), vec!["B2 <b>bold</b>."]);
    assert!(beta["cycle_time"].is_null());

    let gamma = plan_of(&doc, GAMMA);
    assert_eq!(gamma["status"], "deleted");
    assert_eq!(gamma["deleted"]["time"], "2025-10-04T10:00:00Z");

    assert_eq!(doc["totals"]["items_completed"], 2);
    assert_eq!(doc["totals"]["decisions"], 1);
    assert_eq!(doc["totals"]["surprises"], 1);
    assert_eq!(doc["totals"]["deleted"], 1);
    let burn: Vec<(u64, u64)> = doc["burnup"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["done"].as_u64().unwrap(), p["total"].as_u64().unwrap()))
        .collect();
    assert_eq!(burn.first(), Some(&(1, 6)));
    assert_eq!(burn.last(), Some(&(3, 6)));
}

#[test]
fn explicit_range_between_tags() {
    let r = story();
    let doc = json(r.path(), &["--from", "v0.1", "--to", "v0.2"]);
    assert_eq!(doc["range"]["from_kind"], "given");
    assert_eq!(doc["range"]["commits"], 2);
    assert_eq!(strs(&doc["created"]), vec![BETA]);
    assert_eq!(strs(&doc["finished"]), Vec::<String>::new());
    // Beta, nothing ticked at v0.2, is a draft there, as `plans list` says.
    assert_eq!(strs(&doc["draft"]), vec![BETA]);
    assert_eq!(strs(&doc["active"]), vec![ALPHA]);
    assert_eq!(strs(&doc["stale"]), vec![GAMMA, STALE]);
    assert_eq!(strs(&doc["deleted"]), Vec::<String>::new());
    let alpha = plan_of(&doc, ALPHA);
    assert!(alpha["previous_path"].is_null());
    assert_eq!(texts(&alpha["completed"]), vec!["A1."]);
    assert_eq!(
        alpha["completed"][0]["checked_at"]["time"],
        "2025-09-01T10:00:00Z"
    );
    assert_eq!(texts(&alpha["open"]), vec!["A2."]);
    assert_eq!(alpha["decisions"][0]["decision"], "Use gix.");
    assert_eq!(alpha["decisions"].as_array().unwrap().len(), 1);
    assert_eq!(alpha["decisions"][0]["date_author"], "2025-09-01 — Ana");
    let beta = plan_of(&doc, BETA);
    assert_eq!(beta["created_in_range"], true);
    assert_eq!(beta["created"]["time"], "2025-09-02T10:00:00Z");
    assert_eq!(texts(&beta["completed"]), Vec::<String>::new());
    assert_eq!(doc["totals"]["items_completed"], 1);
    assert_eq!(doc["totals"]["decisions"], 1);
}

#[test]
fn empty_range_says_nothing_happened() {
    let r = story();
    let doc = json(r.path(), &["--from", "HEAD", "--to", "HEAD"]);
    assert_eq!(doc["range"]["empty"], true);
    assert_eq!(doc["range"]["commits"], 0);
    assert_eq!(doc["totals"]["items_completed"], 0);
    assert_eq!(doc["totals"]["decisions"], 0);
    assert_eq!(strs(&doc["created"]), Vec::<String>::new());
    let (md, err, code) = run(r.path(), &["report", "--from", "HEAD", "--to", "HEAD"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        md.contains("Nothing happened to the plans in this range"),
        "{md}"
    );
}

#[test]
fn no_tags_means_whole_history() {
    let r = TestRepo::new();
    r.write(BETA, &plan("Beta", "- [ ] B1.\n", &[], &[]));
    r.commit("create", "2025-10-01T10:00:00Z");
    let doc = json(r.path(), &[]);
    assert!(doc["range"]["from"].is_null());
    assert_eq!(doc["range"]["from_kind"], "whole-history");
    assert_eq!(strs(&doc["created"]), vec![BETA]);
    let (md, _, code) = run(r.path(), &["report"]);
    assert_eq!(code, 0);
    assert!(
        md.starts_with("# Plans report: HEAD (whole history)"),
        "{md}"
    );
    assert!(md.contains("no tag before it"), "{md}");
}

#[test]
fn markdown_out_writes_charts_beside_it() {
    let r = story();
    let out = r.join("notes/release.md");
    let (_, err, code) = run(r.path(), &["report", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("](release-burnup.svg)"), "{md}");
    let svg = std::fs::read_to_string(r.join("notes/release-burnup.svg")).unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    for (i, slug) in ["beta", "gamma", "stale", "alpha"].iter().enumerate() {
        let name = format!("release-{:02}-{slug}.svg", i + 1);
        assert!(
            md.contains(&format!("]({name})")),
            "{name} not linked:\n{md}"
        );
        assert!(r.join("notes").join(&name).is_file(), "{name} missing");
    }
    // Plan text is escaped for markdown.
    assert!(md.contains("B2 &lt;b&gt;bold&lt;/b&gt;."), "{md}");
}

#[test]
fn html_is_self_contained_with_inline_svg() {
    let r = story();
    let (html, err, code) = run(r.path(), &["report", "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg"), "{html}");
    assert!(!html.contains("<script"));
    assert!(!html.contains("http://") || html.contains("http://www.w3.org/2000/svg"));
    assert!(!html.contains("https://"));
    assert!(!html.contains("<b>bold</b>"), "plan text must be escaped");
    assert!(
        html.contains("B2 &lt;b&gt;bold&lt;&#x2f;b&gt;.")
            || html.contains("B2 &lt;b&gt;bold&lt;/b&gt;."),
        "{html}"
    );
}

#[test]
fn custom_template_renders_variables() {
    let r = story();
    let t = r.join("my.md.j2");
    std::fs::write(
        &t,
        "{{ range.from.rev }}..{{ range.to.rev }}:{% for p in plans %} {{ p.path }}={{ p.status }}{% endfor %}; done={{ totals.items_completed }} {{ plans[1].deleted.time | date(\"%Y-%m-%d\") }}\n",
    )
    .unwrap();
    let (out, err, code) = run(r.path(), &["report", "--template", t.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!("v0.2..HEAD: {BETA}=active {GAMMA}=deleted {STALE}=stale {ALPHA_DONE}=finished; done=2 2025-10-04\n")
    );
}

#[test]
fn bad_revision_and_no_repository_exit_2() {
    let r = story();
    let (_, err, code) = run(r.path(), &["report", "--from", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("nope"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".agents")).unwrap();
    let (_, err, code) = run(dir.path(), &["report"]);
    assert_eq!(code, 2, "{err}");
    let (_, err, code) = run(r.path(), &["report", "--out", "/proc/nonexistent/dir/r.md"]);
    assert_eq!(code, 2, "{err}");
}

/// `docs/sample-report/` is this test's repository's report, made by the
/// binary as built: it cannot fall behind. `EXECPLAN_UPDATE_SAMPLE=1`
/// rewrites it (files it no longer makes are removed).
#[test]
fn sample_report_is_current() {
    let r = story();
    let made = tempfile::tempdir().unwrap();
    for (format, file) in [("markdown", "report.md"), ("html", "report.html")] {
        let out = made.path().join(file);
        let (_, err, code) = run(
            r.path(),
            &["report", "--format", format, "--out", out.to_str().unwrap()],
        );
        assert_eq!(code, 0, "{err}");
    }
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/sample-report");
    let files = |dir: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    if std::env::var_os("EXECPLAN_UPDATE_SAMPLE").is_some() {
        for name in files(&sample) {
            std::fs::remove_file(sample.join(name)).unwrap();
        }
        for name in files(made.path()) {
            std::fs::copy(made.path().join(&name), sample.join(&name)).unwrap();
        }
    }
    let stale = "docs/sample-report/ is behind the binary: regenerate it with \
                 EXECPLAN_UPDATE_SAMPLE=1 cargo test -p execplan-cli --test it sample_report";
    assert_eq!(files(&sample), files(made.path()), "{stale}");
    for name in files(made.path()) {
        let want = std::fs::read(made.path().join(&name)).unwrap();
        let have = std::fs::read(sample.join(&name)).unwrap();
        assert!(want == have, "{name}: {stale}");
    }
}
