//! `plans report`'s code section on a generated repository with a tag and
//! fixed dates: the code changed from a plan's first to its last revision in
//! the range (every count checked against `git diff --numstat`), and the ticks
//! with nothing behind them, in JSON, markdown and HTML.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use test_support::{run, TestRepo};

const PLAN: &str = ".agents/budget.md";

fn plan(ticks: [bool; 3]) -> String {
    let items: String = ["Write the client.", "Tell the team.", "Add the budget."]
        .iter()
        .zip(ticks)
        .map(|(t, c)| format!("- [{}] {t}\n", if c { "x" } else { " " }))
        .collect();
    format!("# Budget\n\n## Purpose / Big Picture\nA goal.\n\n## Context and Orientation\nThe code.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n{items}\n## Surprises & Discoveries\n\n## Decision Log\n\n## Outcomes & Retrospective\nSoon.\n")
}

/// Before the tag: the plan and some code. In the range: code, a tick after
/// it, a tick with nothing behind it, code and a tick in one commit, then
/// code after the plan's last revision (not counted). Returns the repository
/// and the plan's revisions in the range, oldest first.
fn story() -> (TestRepo, Vec<String>) {
    let r = TestRepo::new();
    r.write("src/lib.rs", "fn a() {}\n");
    r.write(PLAN, &plan([false, false, false]));
    r.commit("plan", "2025-10-01T09:00:00Z");
    r.git(&["tag", "v1"]);
    let mut revs = Vec::new();
    r.write(
        PLAN,
        &plan([false, false, false]).replace("A goal.", "A goal, sharper."),
    );
    revs.push(r.commit("sharpen the plan", "2025-10-02T09:00:00Z"));
    r.write("src/lib.rs", "fn a() {}\nfn b() {}\nfn c() {}\n");
    r.write("docs/guide.md", "one\ntwo\n");
    r.commit("code", "2025-10-03T09:00:00Z");
    r.write(PLAN, &plan([true, false, false]));
    revs.push(r.commit("tick the client", "2025-10-04T09:00:00Z"));
    r.write(PLAN, &plan([true, true, false]));
    revs.push(r.commit("tick, nothing behind it", "2025-10-05T09:00:00Z"));
    r.write("src/lib.rs", "fn a() {}\nfn c() {}\n");
    r.write("src/budget.rs", "pub const B: u32 = 3;\n");
    r.write(PLAN, &plan([true, true, true]));
    revs.push(r.commit("budget and its tick", "2025-10-06T09:00:00Z"));
    r.write("src/after.rs", "late\n");
    r.commit("after the plan", "2025-10-07T09:00:00Z");
    (r, revs)
}

/// `git diff --numstat from to` outside the plans folder: (path, added, removed).
fn numstat(r: &TestRepo, from: &str, to: &str) -> Vec<(String, u64, u64)> {
    r.numstat(from, to, &[".", ":(exclude).agents"])
        .into_iter()
        .map(|(path, a, d)| (path, a.unwrap_or(0), d.unwrap_or(0)))
        .collect()
}

#[test]
fn code_while_active_equals_numstat_and_bare_ticks_are_listed() {
    let (r, revs) = story();
    let (out, err, code) = run(r.path(), &["report", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let p = &doc["plans"][0];
    assert_eq!(p["path"], PLAN);
    let c = &p["code"];
    assert_eq!(c["from"]["commit"], revs[0].as_str());
    assert_eq!(c["to"]["commit"], revs[3].as_str());
    let want = numstat(&r, &revs[0], &revs[3]);
    assert_eq!(
        want,
        [
            ("docs/guide.md".to_string(), 2, 0),
            ("src/budget.rs".to_string(), 1, 0),
            ("src/lib.rs".to_string(), 1, 0),
        ]
    );
    let got: Vec<(String, u64, u64)> = c["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["added"].as_u64().unwrap(),
                f["removed"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, want);
    let added: u64 = want.iter().map(|w| w.1).sum();
    let removed: u64 = want.iter().map(|w| w.2).sum();
    assert_eq!(
        (c["added"].as_u64(), c["removed"].as_u64()),
        (Some(added), Some(removed))
    );
    let bare: Vec<&str> = p["without_evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["text"].as_str().unwrap())
        .collect();
    assert_eq!(bare, ["Tell the team."]);
    assert_eq!(
        p["without_evidence"][0]["checked_at"]["commit"],
        revs[2].as_str()
    );
    assert_eq!(doc["totals"]["ticks_without_evidence"], 1);
    assert_eq!(doc["totals"]["items_completed"], 3);
}

#[test]
fn markdown_and_html_show_the_code_section() {
    let (r, revs) = story();
    let (md, err, code) = run(r.path(), &["report"]);
    assert_eq!(code, 0, "{err}");
    let range = format!("({}..{})", &revs[0][..7], &revs[3][..7]);
    assert!(
        md.contains(&format!(
            "**Code changed while active** {range}: 3 files, +4 −0\n\n| File |"
        )),
        "a blank line before the table, or markdown renders none: {md}"
    );
    assert!(md.contains("| `src/lib.rs` | 1 | 0 |"), "{md}");
    assert!(
        md.contains(&format!("- Tell the team. ({})", &revs[2][..7])),
        "{md}"
    );
    assert!(
        md.contains("| Ticks with nothing behind them | 1 |"),
        "{md}"
    );
    let (html, err, code) = run(r.path(), &["report", "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        html.contains("<h4>Code changed while active</h4>"),
        "{html}"
    );
    assert!(
        html.contains("<tr><td><code>src&#x2f;budget.rs</code></td><td>1</td><td>0</td></tr>"),
        "{html}"
    );
    assert!(
        html.contains("<h4>Ticked with nothing behind them</h4>"),
        "{html}"
    );
}

#[test]
fn a_plan_with_one_revision_in_range_has_no_code_entry() {
    let (r, _) = story();
    let doc: Value = {
        let (out, err, code) = run(
            r.path(),
            &["report", "--format", "json", "--from", "HEAD~2"],
        );
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let p = &doc["plans"][0];
    assert!(p["code"].is_null(), "{p:#}");
    assert_eq!(p["without_evidence"], serde_json::json!([]));
}
