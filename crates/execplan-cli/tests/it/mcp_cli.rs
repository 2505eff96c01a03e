//! `plans mcp` end to end: the real binary on pipes, the JSON-RPC handshake,
//! the tool list, a tick on a temporary repository read back from disk, and
//! the plans as resources.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;
use test_support::{McpClient as Client, TestRepo};

const PLAN: &str = "# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Progress\n- [ ] Write the parser\n- [ ] Write the tests\n\n## Outcomes & Retrospective\nNone yet.\n";

#[test]
fn handshake_tools_tick_and_resources() {
    let r = TestRepo::new();
    r.write(".agents/retry.md", PLAN);
    let mut c = Client::start(r.path());
    let init = c.call(
        "initialize",
        json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "0"}}),
    );
    assert_eq!(init["result"]["serverInfo"]["name"], "execplan", "{init}");
    assert!(
        init["result"]["capabilities"]["tools"].is_object(),
        "{init}"
    );
    assert!(
        init["result"]["capabilities"]["resources"].is_object(),
        "{init}"
    );
    c.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));

    let tools = c.call("tools/list", json!({}));
    let mut names: Vec<&str> = tools["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "add",
            "check_plan",
            "close",
            "decide",
            "list_plans",
            "outcome",
            "prime",
            "read_plan",
            "split",
            "surprise",
            "tick",
            "timeline"
        ]
    );

    // An ambiguous item is a tool error with the candidates, and writes nothing.
    let (err, doc) = c.tool("tick", json!({"plan": "retry", "item": "write"}));
    assert!(err);
    assert_eq!(
        doc["error"]["candidates"].as_array().map(Vec::len),
        Some(2),
        "{doc}"
    );
    assert_eq!(
        std::fs::read_to_string(r.join(".agents/retry.md")).unwrap(),
        PLAN
    );

    let (err, doc) = c.tool("tick", json!({"plan": "retry", "item": "the tests"}));
    assert!(!err, "{doc}");
    assert_eq!(doc["changed"], true);
    let text = std::fs::read_to_string(r.join(".agents/retry.md")).unwrap();
    assert!(
        text.contains("- [x] (2025-10-10 12:00Z) Write the tests\n"),
        "{text}"
    );
    assert!(text.contains("- **Last Updated:** 2025-10-10\n"), "{text}");

    let (_, plan) = c.tool("read_plan", json!({"plan": "retry"}));
    assert_eq!(plan["items"][1]["checked"], true, "{plan}");
    assert_eq!(plan["items"][1]["time"], "2025-10-10T12:00:00Z", "{plan}");
    let (_, list) = c.tool("list_plans", json!({}));
    assert_eq!(list["plans"][0]["done"], 1, "{list}");
    let (_, checked) = c.tool("check_plan", json!({"plan": "retry"}));
    assert_eq!(checked["summary"]["plans"], 1, "{checked}");

    let resources = c.call("resources/list", json!({}));
    let uri = resources["result"]["resources"][0]["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        uri.starts_with("file://") && uri.ends_with(".agents/retry.md"),
        "{resources}"
    );
    let read = c.call("resources/read", json!({"uri": uri}));
    assert_eq!(read["result"]["contents"][0]["text"], json!(text), "{read}");
    // Only plans are served, whatever URI is asked for.
    let outside = c.call("resources/read", json!({"uri": "file:///etc/passwd"}));
    assert!(outside["error"].is_object(), "{outside}");
}
