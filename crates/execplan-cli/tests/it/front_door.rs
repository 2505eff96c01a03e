//! One front door: every verb and every MCP tool names plans through one
//! resolver and builds its environment with one constructor. A slug works
//! wherever a plan is named; the MCP server validates the configuration as
//! the command line does; its tools answer with the command line's documents.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;
use test_support::{run, McpClient, TestRepo};

const PLAN: &str = "# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Progress\n- [ ] Write the parser\n- [ ] Write the tests\n\n## Outcomes & Retrospective\nNone yet.\n";

/// A repository with one plan in two commits (the second ticks an item) and
/// a second plan whose slug shares a word with the first.
fn repo() -> TestRepo {
    let r = TestRepo::new();
    r.write(".agents/retry-budget.md", PLAN);
    r.write(
        ".agents/budget-report.md",
        &PLAN.replace("Retry budget", "Budget report"),
    );
    r.commit("plans", "2025-10-01T10:00:00Z");
    r.write("src/lib.rs", "fn parse() {}\n");
    r.write(
        ".agents/retry-budget.md",
        &PLAN.replace(
            "- [ ] Write the parser",
            "- [x] (2025-10-02 09:00Z) Write the parser",
        ),
    );
    r.commit("parser", "2025-10-02T09:00:00Z");
    r
}

#[test]
fn a_slug_names_the_plan_in_every_verb_as_its_path_does() {
    let r = repo();
    let path = ".agents/retry-budget.md";
    let read_verbs: [&[&str]; 8] = [
        &["check", "--format", "json"],
        &["list", "--format", "json"],
        &["fill", "--check"],
        &["timeline", "--format", "json"],
        &["evidence", "--format", "json"],
        &["log", "--format", "json"],
        &["diff", "--format", "json"],
        &["diff", "--format", "json", "HEAD~1", "HEAD"],
    ];
    for verb in read_verbs {
        let with = |plan: &str| {
            let mut args = vec![verb[0], plan];
            args.extend_from_slice(&verb[1..]);
            run(r.path(), &args)
        };
        let by_path = with(path);
        let by_slug = with("retry-budget");
        assert_eq!(
            by_path.2, by_slug.2,
            "{verb:?}: exit codes\n{by_path:?}\n{by_slug:?}"
        );
        assert!(by_slug.2 < 2, "{verb:?}: {by_slug:?}");
        assert_eq!(
            by_path.0, by_slug.0,
            "{verb:?}: a slug and a path print alike"
        );
    }
    // The write verbs took slugs before; they still do.
    let (out, err, code) = run(r.path(), &["tick", "retry-budget", "the tests"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(std::fs::read_to_string(r.join(path))
        .unwrap()
        .contains("- [x] (2025-10-10 12:00Z) Write the tests"),);
}

#[test]
fn an_unknown_or_ambiguous_slug_names_the_candidates() {
    let r = repo();
    for verb in [
        "check", "list", "timeline", "fill", "evidence", "log", "diff", "tick",
    ] {
        let mut args = vec![verb, "budget"];
        if verb == "tick" {
            args.push("x");
        }
        let (out, err, code) = run(r.path(), &args);
        assert_eq!(code, 2, "{verb}: {out}{err}");
        assert!(
            err.contains("`budget` names several plans"),
            "{verb}: {err}"
        );
        assert!(
            err.contains(".agents/budget-report.md") && err.contains(".agents/retry-budget.md"),
            "{verb}: {err}"
        );
        args[1] = "nothing-like-it";
        let (_, err, code) = run(r.path(), &args);
        assert_eq!(code, 2, "{verb}: {err}");
        assert!(
            err.contains("no plan named `nothing-like-it`"),
            "{verb}: {err}"
        );
    }
}

#[test]
fn the_mcp_server_refuses_an_unknown_rule_as_check_does() {
    let r = repo();
    r.write("execplan.toml", "[rules]\ntick-without-evidenc = \"off\"\n");
    let (_, err, code) = run(r.path(), &["check"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown rule `tick-without-evidenc`"), "{err}");
    // The server starts, and every call answers with the error, as a tool
    // error the agent reads.
    let mut c = McpClient::initialized(r.path());
    for (tool, args) in [
        ("list_plans", json!({})),
        ("read_plan", json!({"plan": "retry-budget"})),
        ("tick", json!({"plan": "retry-budget", "item": "the tests"})),
    ] {
        let (err, doc) = c.tool(tool, args);
        let message = doc["error"]["message"].as_str().unwrap_or_default();
        assert!(err, "{tool}: {doc}");
        assert!(
            message.contains("unknown rule `tick-without-evidenc`"),
            "{tool}: {doc}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(r.join(".agents/retry-budget.md"))
            .unwrap()
            .matches("[x]")
            .count(),
        1
    );
}

#[test]
fn each_mcp_tool_answers_with_the_command_lines_document() {
    let r = repo();
    let mut c = McpClient::initialized(r.path());
    let same = |c: &mut McpClient, tool: &str, args: serde_json::Value, cli: &[&str]| {
        let (err, text) = c.tool_text(tool, args);
        let (out, _, code) = run(r.path(), cli);
        assert!(!err && code < 2, "{tool}: {text}");
        assert_eq!(
            text,
            out.trim_end_matches('\n'),
            "{tool} and `plans {}`",
            cli.join(" ")
        );
    };
    same(
        &mut c,
        "list_plans",
        json!({}),
        &["list", "--format", "json"],
    );
    same(
        &mut c,
        "check_plan",
        json!({"plan": "retry-budget"}),
        &["check", "retry-budget", "--format", "json"],
    );
    same(
        &mut c,
        "check_plan",
        json!({}),
        &["check", "--format", "json"],
    );
    same(
        &mut c,
        "timeline",
        json!({"plan": "retry-budget"}),
        &["timeline", "retry-budget", "--format", "json"],
    );
    // A refused write: the same error document, a tool error, nothing written.
    let (err, text) = c.tool_text(
        "tick",
        json!({"plan": "retry-budget", "item": "deploy to production"}),
    );
    let (out, _, code) = run(
        r.path(),
        &[
            "tick",
            "retry-budget",
            "deploy to production",
            "--format",
            "json",
        ],
    );
    assert!(err && code == 2, "{text}");
    assert_eq!(text, out.trim_end_matches('\n'));
}
