//! `plans prime`: the briefing as text and JSON, bounded in bytes, and the
//! same briefing as the MCP tool `prime` and the MCP prompt `prime`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};
use test_support::{run, McpClient as Client, TestRepo};

fn plan(title: &str, progress: &str, decisions: &str) -> String {
    format!(
        "# {title}\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-09\n\n## Purpose / Big Picture\nA thing.\n\n## Context and Orientation\n`src/gone.rs` and `src/here.rs`.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n{progress}\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n{decisions}\n## Outcomes & Retrospective\nGoing well.\n"
    )
}

fn decision(text: &str) -> String {
    format!(
        "- **Decision:** {text}\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n"
    )
}

fn setup() -> TestRepo {
    let r = TestRepo::new();
    r.write("src/here.rs", "fn main() {}\n");
    r.write(
        ".agents/parser.md",
        &plan(
            "Parser",
            "- [x] (2025-10-09 10:00Z) Lex\n- [ ] Parse\n- [ ] Report errors\n",
            &format!(
                "{}{}{}{}",
                decision("One"),
                decision("Two"),
                decision("Three"),
                decision("Four")
            ),
        ),
    );
    r.write(
        ".agents/done.md",
        &plan("Done", "- [x] (2025-10-09 10:00Z) All\n", &decision("Only")),
    );
    r.write(
        ".agents/draft.md",
        &plan("Draft", "- [ ] First\n", &decision("Only")),
    );
    r.commit("plans", "2025-10-09T10:00:00Z");
    r
}

#[test]
fn the_text_briefing_lists_open_plans_active_first_with_items_decisions_and_paths() {
    let r = setup();
    let (out, err, code) = run(r.path(), &["prime"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("ExecPlans: 2 open (1 active, 0 stale, 1 draft), 1 done."),
        "{out}"
    );
    let parser = out
        .find("## Parser (.agents/parser.md, active, 1/3)")
        .expect(&out);
    let draft = out
        .find("## Draft (.agents/draft.md, draft, 0/1)")
        .expect(&out);
    assert!(parser < draft, "{out}");
    assert!(out.contains("- [ ] Parse\n- [ ] Report errors\n"), "{out}");
    // The last three decisions, oldest of them first.
    assert!(!out.contains("Decided: One"), "{out}");
    assert!(
        out.contains("Decided: Two (2025-10-01 — Ana)\nDecided: Three"),
        "{out}"
    );
    assert!(
        out.contains("Attention: line") && out.contains("src/gone.rs"),
        "{out}"
    );
    assert!(!out.contains("## Done"), "{out}");
}

#[test]
fn the_text_briefing_keeps_to_its_budget_and_says_where_it_was_cut() {
    let r = setup();
    let (full, _, _) = run(r.path(), &["prime"]);
    assert!(full.len() <= 4096);
    for budget in [200usize, 400, 600] {
        let (out, _, code) = run(r.path(), &["prime", "--budget", &budget.to_string()]);
        assert_eq!(code, 0);
        assert!(out.len() <= budget, "{budget}: {} bytes\n{out}", out.len());
        assert!(out.starts_with("ExecPlans:"), "{out}");
        assert!(out.contains("… cut at"), "{out}");
    }
}

#[test]
fn the_json_briefing_keeps_to_its_budget_and_says_it_was_truncated() {
    let r = setup();
    let (out, _, code) = run(r.path(), &["prime", "--format", "json"]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["truncated"], false);
    assert_eq!(doc["done"], 1);
    assert_eq!(doc["plans"][0]["path"], ".agents/parser.md");
    assert_eq!(doc["plans"][0]["open"], json!(["Parse", "Report errors"]));
    assert_eq!(doc["plans"][0]["decisions"].as_array().unwrap().len(), 3);
    let (out, _, _) = run(r.path(), &["prime", "--format", "json", "--budget", "700"]);
    assert!(out.len() <= 700, "{}", out.len());
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["truncated"], true);
}

#[test]
fn the_mcp_tool_and_prompt_serve_the_same_briefing() {
    let r = setup();
    let mut c = Client::initialized(r.path());
    let init = c.call("initialize", json!({"protocolVersion": "2025-06-18"}));
    assert!(
        init["result"]["capabilities"]["prompts"].is_object(),
        "{init}"
    );
    let (is_error, doc) = c.tool("prime", json!({"budget": 4096}));
    assert!(!is_error);
    let (cli, _, _) = run(r.path(), &["prime", "--format", "json"]);
    assert_eq!(doc, serde_json::from_str::<Value>(&cli).unwrap());

    let prompts = c.call("prompts/list", json!({}));
    assert_eq!(
        prompts["result"]["prompts"][0]["name"], "prime",
        "{prompts}"
    );
    let got = c.call(
        "prompts/get",
        json!({"name": "prime", "arguments": {"budget": "300"}}),
    );
    let msg = &got["result"]["messages"][0];
    assert_eq!(msg["role"], "user", "{got}");
    let text = msg["content"]["text"].as_str().unwrap();
    assert!(
        text.len() <= 300 && text.starts_with("ExecPlans:"),
        "{text}"
    );
    // The verbs are tools there: no command prefix.
    assert!(text.contains("`tick <plan>"), "{text}");
    let unknown = c.call("prompts/get", json!({"name": "nope"}));
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
}
