//! `plans init --agent`: each client's files merged byte for byte into
//! configurations that already hold a user's entries, a second run changing
//! nothing, `--dry-run` writing nothing, and no write through a link.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use test_support::{run, TestRepo};

const LINES: &str = "## ExecPlans: keep the plan as you work

- Work that takes more than one sitting has an ExecPlan in `.agents/` ([.agents/README.md](.agents/README.md) says what one holds). When you start, read the briefing: the `prime` prompt or tool of the `execplan` MCP server, or `cargo plans prime`.
- Change a plan only through its verbs (the MCP tools, or `cargo plans <verb>`), never by editing boxes, dates or logs by hand: `tick` an item once its work is in the tree, `split` one that is half done, `add` a step the plan lacks, `decide` a choice with its rationale, `surprise` what you did not expect with its evidence.
- A turn ends only when the plan shows what it did: `cargo plans guard` checks that (the client's stop hook runs it where it has one) and names the command that mends what is missing.
";

fn init(r: &TestRepo, client: &str) -> String {
    let (out, err, code) = run(r.path(), &["init", "--agent", client]);
    assert_eq!(code, 0, "{err}");
    out
}

fn read(r: &TestRepo, rel: &str) -> String {
    std::fs::read_to_string(r.join(rel)).unwrap()
}

/// Every file under the root but `.git/`, with its bytes.
fn snapshot(r: &TestRepo) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = walk(r.path(), r.path());
    out.sort();
    out
}

fn walk(root: &std::path::Path, dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        if p.is_dir() {
            out.extend(walk(root, &p));
        } else {
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            out.push((rel, std::fs::read(&p).unwrap_or_default()));
        }
    }
    out
}

#[test]
fn claude_merges_into_the_users_settings_and_servers_byte_for_byte() {
    let r = TestRepo::new();
    r.write(
        ".claude/settings.json",
        "{\n    \"permissions\": {\n        \"allow\": [\"Bash(npm test)\"]\n    },\n    \"hooks\": {\n        \"Stop\": [\n            {\n                \"hooks\": [{\"type\": \"command\", \"command\": \"./notify.sh\"}]\n            }\n        ]\n    }\n}\n",
    );
    r.write(
        ".mcp.json",
        "{\n  \"mcpServers\": {\n    \"other\": {\"command\": \"x\"}\n  }\n}\n",
    );
    r.write("CLAUDE.md", "# Project\n\nUse tabs.");
    let out = init(&r, "claude");
    assert!(
        out.contains("added the `execplan` MCP server to .mcp.json\n"),
        "{out}"
    );
    assert_eq!(
        read(&r, ".mcp.json"),
        "{\n  \"mcpServers\": {\n    \"execplan\": {\n      \"args\": [\n        \"plans\",\n        \"mcp\"\n      ],\n      \"command\": \"cargo\"\n    },\n    \"other\": {\"command\": \"x\"}\n  }\n}\n"
    );
    let guard = |pad: &str| {
        format!("{pad}{{\n{pad}    \"hooks\": [\n{pad}        {{\n{pad}            \"command\": \"cargo plans guard\",\n{pad}            \"type\": \"command\"\n{pad}        }}\n{pad}    ]\n{pad}}}")
    };
    let p = "                ";
    assert_eq!(
        read(&r, ".claude/settings.json"),
        format!(
            "{{\n    \"permissions\": {{\n        \"allow\": [\"Bash(npm test)\"]\n    }},\n    \"hooks\": {{\n        \"SubagentStop\": [\n{}\n        ],\n        \"Stop\": [\n{},\n            {{\n                \"hooks\": [{{\"type\": \"command\", \"command\": \"./notify.sh\"}}]\n            }}\n        ]\n    }}\n}}\n",
            guard("            "),
            guard("            ")
        )
        .replace(p, p)
    );
    assert_eq!(
        read(&r, "CLAUDE.md"),
        format!("# Project\n\nUse tabs.\n\n{LINES}")
    );
    // A second run changes nothing and says so.
    let before = snapshot(&r);
    let out = init(&r, "claude");
    assert!(out.contains("kept .claude/settings.json"), "{out}");
    assert_eq!(snapshot(&r), before);
}

#[test]
fn codex_keeps_the_users_toml_comments_and_order() {
    let r = TestRepo::new();
    let user = "# my settings\nmodel = \"o3\"  # the fast one\n\n[mcp_servers.docs]\ncommand = \"docs-server\"\n";
    r.write(".codex/config.toml", user);
    r.write(
        ".codex/hooks.json",
        "{\"hooks\": {\"SessionStart\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"echo hi\"}]}]}}\n",
    );
    r.write("AGENTS.md", "# Agents\r\n\r\nBe brief.\r\n");
    init(&r, "codex");
    assert_eq!(
        read(&r, ".codex/config.toml"),
        format!(
            "{user}\n[mcp_servers.execplan]\ncommand = \"cargo\"\nargs = [\"plans\", \"mcp\"]\n"
        )
    );
    assert_eq!(
        read(&r, ".codex/hooks.json"),
        "{\"hooks\": {\"Stop\": [{\"hooks\":[{\"command\":\"cargo plans guard --format hook-json\",\"type\":\"command\"}]}], \"SessionStart\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"echo hi\"}]}]}}\n"
    );
    // The file's own line endings.
    assert_eq!(
        read(&r, "AGENTS.md"),
        format!(
            "# Agents\r\n\r\nBe brief.\r\n\r\n{}",
            LINES.replace('\n', "\r\n")
        )
    );
    let before = snapshot(&r);
    init(&r, "codex");
    assert_eq!(snapshot(&r), before);
}

#[test]
fn cursor_and_generic_from_nothing() {
    let r = TestRepo::new();
    init(&r, "cursor");
    assert_eq!(
        read(&r, ".cursor/mcp.json"),
        "{\n  \"mcpServers\": {\n    \"execplan\": {\n      \"args\": [\n        \"plans\",\n        \"mcp\"\n      ],\n      \"command\": \"cargo\"\n    }\n  }\n}\n"
    );
    assert_eq!(read(&r, "AGENTS.md"), LINES);
    let before = snapshot(&r);
    init(&r, "generic");
    assert_eq!(snapshot(&r), before);
}

#[test]
fn a_users_own_execplan_server_and_guard_are_left_alone() {
    let r = TestRepo::new();
    let mcp = "{\"mcpServers\": {\"execplan\": {\"command\": \"/opt/cargo-plans\", \"args\": [\"plans\", \"-C\", \"/repo\", \"mcp\"]}}}\n";
    r.write(".mcp.json", mcp);
    let settings = "{\"hooks\": {\"Stop\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"/opt/cargo-plans plans guard\"}]}], \"SubagentStop\": []}}\n";
    r.write(".claude/settings.json", settings);
    init(&r, "claude");
    assert_eq!(read(&r, ".mcp.json"), mcp);
    assert_eq!(
        read(&r, ".claude/settings.json"),
        "{\"hooks\": {\"Stop\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"/opt/cargo-plans plans guard\"}]}], \"SubagentStop\": [{\"hooks\":[{\"command\":\"cargo plans guard\",\"type\":\"command\"}]}]}}\n"
    );
}

#[test]
fn dry_run_shows_the_diff_and_writes_nothing() {
    let r = TestRepo::new();
    r.write(".mcp.json", "{\"mcpServers\": {}}\n");
    let before = snapshot(&r);
    let (out, err, code) = run(r.path(), &["init", "--agent", "claude", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("--- a/.mcp.json\n+++ b/.mcp.json\n"), "{out}");
    assert!(
        out.contains("--- /dev/null\n+++ b/.claude/settings.json\n"),
        "{out}"
    );
    assert!(
        out.contains("+## ExecPlans: keep the plan as you work\n"),
        "{out}"
    );
    assert_eq!(snapshot(&r), before);
    let (_, err, code) = run(r.path(), &["init", "--dry-run"]);
    assert_eq!(code, 2, "--dry-run needs --agent: {err}");
}

#[test]
fn a_file_that_is_not_json_is_left_alone_with_an_error() {
    let r = TestRepo::new();
    r.write(".mcp.json", "{ // a comment\n}\n");
    let (_, err, code) = run(r.path(), &["init", "--agent", "claude"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(".mcp.json: not JSON init --agent can merge into"),
        "{err}"
    );
    assert_eq!(read(&r, ".mcp.json"), "{ // a comment\n}\n");
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_repository_is_refused() {
    let r = TestRepo::new();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), r.join(".claude")).unwrap();
    let (_, err, code) = run(r.path(), &["init", "--agent", "claude"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("refused") || err.contains("symbolic link"),
        "{err}"
    );
    assert!(std::fs::read_dir(outside.path()).unwrap().next().is_none());
    let r = TestRepo::new();
    let target = outside.path().join("mcp.json");
    std::fs::write(&target, "{}\n").unwrap();
    std::os::unix::fs::symlink(&target, r.join(".mcp.json")).unwrap();
    let (_, err, code) = run(r.path(), &["init", "--agent", "claude"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "{}\n");
}
