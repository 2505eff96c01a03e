//! `plans guard`: the reason an agent reads when its turn is blocked, the
//! hooks' decision document, and the whole verdict as JSON.

use execplan::guard::Verdict;
use serde_json::json;

/// The reason for the agent: each block with the commands that fix it,
/// named as the agent can run them (`prefix` is the command prefix).
pub fn reason(v: &Verdict, prefix: &str) -> String {
    let mut out = String::from(
        "execplan: the plan does not show this turn's work yet. Fix it through the plan verbs, then stop again.\n",
    );
    for b in &v.blocks {
        out.push_str(&format!("\n- {}\n", b.message));
        for (i, fix) in b.fixes.iter().enumerate() {
            let lead = if i == 0 { "  Fix: " } else { "   or: " };
            out.push_str(&format!("{lead}{prefix} {fix}\n"));
        }
    }
    out
}

/// Claude Code's and Codex's decision form: `{"decision":"block","reason":…}`.
pub fn decision(v: &Verdict, prefix: &str) -> String {
    json!({"decision": "block", "reason": reason(v, prefix)}).to_string()
}

/// The whole verdict (`--format json`, the MCP server's `guard` answer).
pub fn json(v: &Verdict, prefix: &str) -> String {
    let reasons: Vec<_> = v
        .blocks
        .iter()
        .map(|b| {
            json!({
                "kind": b.kind,
                "plan": b.plan,
                "message": b.message,
                "fixes": b.fixes.iter().map(|f| format!("{prefix} {f}")).collect::<Vec<_>>(),
            })
        })
        .collect();
    super::pretty(&json!({
        "schema": super::SCHEMA,
        "block": v.blocks(),
        "repeated": v.repeated,
        "base": v.base,
        "changed": v.changed,
        "changed_paths": v.changed_paths,
        "plans": v.plans,
        "reasons": reasons,
    }))
}
