//! `plans guard` at the end of an agent's turn, on scratch repositories, fed
//! the input the clients send their `Stop` hooks (Claude Code's `Stop` and
//! `SubagentStop`, Codex's `Stop`), as their documentation shows it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use test_support::{output_with_input, plans_command, TestRepo, NOW};

/// Claude Code's `Stop` hook input.
fn claude_stop(session: &str, active: bool) -> String {
    format!(
        r#"{{"session_id":"{session}","transcript_path":"~/.claude/projects/demo/00893aaf-19fa-41d2-8238-13269b9b3ca0.jsonl","cwd":"/home/user/project","permission_mode":"default","hook_event_name":"Stop","stop_hook_active":{active}}}"#
    )
}

/// Claude Code's `SubagentStop` hook input.
fn claude_subagent_stop(session: &str) -> String {
    format!(
        r#"{{"session_id":"{session}","transcript_path":"~/.claude/projects/demo/abc.jsonl","cwd":"/home/user/project","permission_mode":"default","hook_event_name":"SubagentStop","stop_hook_active":false,"agent_id":"def456","agent_type":"Explore","agent_transcript_path":"~/.claude/projects/demo/abc/subagents/agent-def456.jsonl"}}"#
    )
}

/// Codex's `Stop` hook input.
fn codex_stop(session: &str, active: bool) -> String {
    format!(
        r#"{{"session_id":"{session}","turn_id":"turn-1","transcript_path":null,"cwd":"/home/user/project","hook_event_name":"Stop","model":"gpt-5-codex","stop_hook_active":{active},"last_assistant_message":"Done: the parser is written."}}"#
    )
}

fn plan(updated: &str, progress: &str) -> String {
    format!(
        "# Parser\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** {updated}\n\n## Purpose / Big Picture\nA parser.\n\n## Context and Orientation\n`src/parse.rs`.\n\n## Plan of Work\n1. Write it.\n\n## Progress\n{progress}\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nGoing well.\n"
    )
}

/// A repository with one open plan (`a` done, `b` and `c` open) and a source file.
fn setup() -> TestRepo {
    let r = TestRepo::new();
    r.write(
        ".agents/parser.md",
        &plan(
            "2025-10-01",
            "- [x] (2025-10-01 10:00Z) a\n- [ ] b\n- [ ] c\n",
        ),
    );
    r.write("src/parse.rs", "fn parse() {}\n");
    r.write(".gitignore", "target/\n");
    r.commit("create", "2025-10-01T10:00:00Z");
    r
}

/// Run `plans guard args…` with `input` on stdin: (stdout, stderr, code).
fn guard(dir: &Path, input: &str, args: &[&str]) -> (String, String, i32) {
    output_with_input(plans_command(dir, NOW).arg("guard").args(args), input)
}

fn plans(dir: &Path, args: &[&str]) {
    let out = plans_command(dir, NOW).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_turn_that_changed_nothing_may_end() {
    let r = setup();
    let (out, err, code) = guard(r.path(), &claude_stop("s1", false), &[]);
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
}

#[test]
fn code_changed_and_no_plan_recorded_it_blocks_with_the_tick_command() {
    let r = setup();
    r.write("src/parse.rs", "fn parse() { todo!() }\n");
    let (out, err, code) = guard(r.path(), &claude_stop("s1", false), &[]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains("1 file changed outside the plans folders (src/parse.rs)"),
        "{err}"
    );
    assert!(err.contains("tick .agents/parser.md b\n"), "{err}");
    assert!(
        err.contains("surprise .agents/parser.md --observation"),
        "{err}"
    );
}

#[test]
fn a_new_untracked_file_counts_and_an_ignored_one_does_not() {
    let r = setup();
    r.write("target/debug/out.o", "x");
    let (_, err, code) = guard(r.path(), &claude_stop("s1", false), &[]);
    assert_eq!(code, 0, "{err}");
    r.write("src/lex.rs", "fn lex() {}\n");
    let (_, err, code) = guard(r.path(), &claude_stop("s2", false), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("(src/lex.rs)"), "{err}");
}

#[test]
fn it_never_blocks_twice_in_a_row_for_the_same_reason() {
    let r = setup();
    r.write("src/parse.rs", "fn parse() { todo!() }\n");
    let (_, _, code) = guard(r.path(), &claude_stop("s1", false), &[]);
    assert_eq!(code, 2);
    // The agent continues because of the block, and stops again unchanged.
    let (out, err, code) = guard(r.path(), &claude_stop("s1", true), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "");
    assert!(err.contains("does not block twice in a row"), "{err}");
    // A new reason while continuing does block.
    let (_, _, code) = guard(r.path(), &claude_stop("s3", false), &[]);
    assert_eq!(code, 2);
    r.write(
        ".agents/parser.md",
        &plan(
            "2025-10-01",
            "- [x] (2025-10-01 10:00Z) a\n- [x] b\n- [ ] c\n",
        ),
    );
    let (_, err, code) = guard(r.path(), &claude_stop("s3", true), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error"), "{err}");
}

#[test]
fn without_a_session_a_continued_stop_is_never_blocked() {
    let r = setup();
    r.write("src/parse.rs", "fn parse() { todo!() }\n");
    let (_, _, code) = guard(r.path(), r#"{"stop_hook_active":true}"#, &[]);
    assert_eq!(code, 0);
}

#[test]
fn code_changed_and_an_item_ticked_through_the_verb_may_end() {
    let r = setup();
    r.write("src/parse.rs", "fn parse() { todo!() }\n");
    plans(r.path(), &["tick", "parser", "b"]);
    let (out, err, code) = guard(r.path(), &claude_stop("s1", false), &[]);
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
}

#[test]
fn a_surprise_or_a_decision_records_the_turn_too() {
    let r = setup();
    r.write("src/parse.rs", "fn parse() { todo!() }\n");
    plans(
        r.path(),
        &[
            "surprise",
            "parser",
            "--observation",
            "The grammar is ambiguous.",
            "--evidence",
            "src/parse.rs fails on a-b-c.",
        ],
    );
    let (_, err, code) = guard(r.path(), &codex_stop("c1", false), &[]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_tick_with_nothing_behind_it_blocks_with_undo_and_split() {
    let r = setup();
    plans(r.path(), &["tick", "parser", "b"]);
    let (_, err, code) = guard(r.path(), &claude_stop("s1", false), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("\"b\" was ticked, and nothing outside the plans folders changed"),
        "{err}"
    );
    assert!(err.contains("tick .agents/parser.md b --undo"), "{err}");
    assert!(err.contains("split .agents/parser.md b --done"), "{err}");
}

#[test]
fn a_plan_edited_with_errors_blocks_with_fill() {
    let r = setup();
    r.write("src/parse.rs", "fn parse() { todo!() }\n");
    // Ticked by hand: no time, and Last Updated not moved.
    r.write(
        ".agents/parser.md",
        &plan(
            "2025-10-01",
            "- [x] (2025-10-01 10:00Z) a\n- [x] b\n- [ ] c\n",
        ),
    );
    let (_, err, code) = guard(r.path(), &claude_stop("s1", false), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`.agents/parser.md` has"), "{err}");
    assert!(err.contains("fill .agents/parser.md"), "{err}");
}

#[test]
fn a_subagent_stop_is_judged_the_same() {
    let r = setup();
    r.write("src/parse.rs", "fn parse() { todo!() }\n");
    let (_, err, code) = guard(r.path(), &claude_subagent_stop("s1"), &[]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn the_json_decision_form_blocks_on_stdout_with_exit_0() {
    let r = setup();
    r.write("src/parse.rs", "fn parse() { todo!() }\n");
    let (out, _, code) = guard(
        r.path(),
        &codex_stop("c1", false),
        &["--format", "hook-json"],
    );
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["decision"], "block");
    assert!(doc["reason"]
        .as_str()
        .unwrap()
        .contains("tick .agents/parser.md b"));
    assert_eq!(doc.as_object().unwrap().len(), 2, "{doc}");
    // Passing prints nothing.
    plans(r.path(), &["tick", "parser", "b"]);
    let (out, _, code) = guard(
        r.path(),
        &codex_stop("c2", false),
        &["--format", "hook-json"],
    );
    assert_eq!((out.as_str(), code), ("", 0));
}

#[test]
fn the_json_verdict_names_the_changes_and_the_plans() {
    let r = setup();
    r.write("src/parse.rs", "fn parse() { todo!() }\n");
    plans(r.path(), &["tick", "parser", "b"]);
    let (out, _, code) = guard(r.path(), "", &["--format", "json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["block"], false);
    assert_eq!(doc["changed_paths"], serde_json::json!(["src/parse.rs"]));
    assert_eq!(doc["plans"][0]["ticked"], serde_json::json!(["b"]));
    assert_eq!(doc["plans"][0]["recorded"], true);
}

#[test]
fn commits_made_in_the_turn_count_from_the_session_base() {
    let r = setup();
    // The first stop of the session passes and remembers HEAD as its base.
    let (_, _, code) = guard(r.path(), &claude_stop("s1", false), &[]);
    assert_eq!(code, 0);
    r.write("src/parse.rs", "fn parse() { todo!() }\n");
    r.commit("parser", "2025-10-02T10:00:00Z");
    let (_, err, code) = guard(r.path(), &claude_stop("s1", false), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("(src/parse.rs)"), "{err}");
    // Another session, or none, compares with HEAD: nothing changed since.
    let (_, _, code) = guard(r.path(), &claude_stop("other", false), &[]);
    assert_eq!(code, 0);
    // --since names the base.
    let (_, err, code) = guard(r.path(), "", &["--since", "HEAD~1"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn with_no_open_plan_code_changes_pass() {
    let r = setup();
    r.write(
        ".agents/parser.md",
        &plan(
            "2025-10-01",
            "- [x] (2025-10-01 10:00Z) a\n- [x] (2025-10-01 10:00Z) b\n- [x] (2025-10-01 10:00Z) c\n",
        ),
    );
    r.commit("done", "2025-10-01T11:00:00Z");
    r.write("src/parse.rs", "fn parse() { todo!() }\n");
    let (_, err, code) = guard(r.path(), &claude_stop("s1", false), &[]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn trouble_exits_1_never_2_which_a_hook_takes_as_a_block() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("execplan.toml"), "not = [valid").unwrap();
    let (_, err, code) = guard(dir.path(), &claude_stop("s1", false), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("plans guard could not run"), "{err}");
}

#[test]
fn the_session_memory_stays_in_the_git_folder_under_a_safe_name() {
    let r = setup();
    r.write("src/parse.rs", "fn parse() { todo!() }\n");
    let (_, _, code) = guard(r.path(), &claude_stop("../../escape", false), &[]);
    assert_eq!(code, 2);
    let kept: Vec<_> = std::fs::read_dir(r.join(".git/execplan/guard"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(kept.len(), 1);
    assert!(
        kept[0].len() == 64 + 5 && kept[0].ends_with(".json"),
        "{kept:?}"
    );
    assert!(!r.path().parent().unwrap().join("escape.json").exists());
}

#[test]
fn a_linked_worktree_s_git_file_is_not_a_change() {
    let r = setup();
    let wt = tempfile::tempdir().unwrap();
    let path = wt.path().join("wt");
    r.git(&["worktree", "add", "-q", path.to_str().unwrap()]);
    let (out, err, code) = guard(&path, &claude_stop("w1", false), &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["changed"], 0, "{doc}");
}
