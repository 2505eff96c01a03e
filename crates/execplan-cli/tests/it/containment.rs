//! Containment, tried as a hostile caller would (SECURITY.md): an agent
//! through `plans mcp`, a pull request through CI. Each test reproduces an
//! attack that read or wrote outside the repository, switched the checks
//! off, hung the client, or lost data, and holds the refusal: nothing read,
//! nothing written, no secret printed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use test_support::{git_command, plans_command, run, McpClient, TestRepo, NOW};

/// A plan with every section, two open items and one ticked item without
/// a stamp (EP007, an error a directive could hide).
const PLAN: &str = "# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n- [ ] Write the parser\n- [ ] Write the tests\n- [x] Unstamped step\n\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nNone yet.\n";

const CANARY: &str = "CANARY-7f3a-do-not-print";

/// A repository with `.agents/plan.md` committed, and a folder beside it (not
/// in it) holding files an attacker wants: `outside/outside.md` (a plan) and
/// `outside/bashrc`, each with the canary.
struct Scene {
    repo: TestRepo,
    outside: tempfile::TempDir,
}

impl Scene {
    fn new() -> Self {
        let repo = TestRepo::new();
        repo.write(".agents/plan.md", PLAN);
        repo.commit("plan", "2025-10-01T10:00:00Z");
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(
            outside.path().join("outside.md"),
            PLAN.replace("Fewer retries.", CANARY),
        )
        .unwrap();
        std::fs::write(
            outside.path().join("bashrc"),
            format!("export X={CANARY}\n"),
        )
        .unwrap();
        Self { repo, outside }
    }

    fn out(&self, name: &str) -> PathBuf {
        self.outside.path().join(name)
    }

    /// Every file outside, with its bytes: what must never change.
    fn outside_state(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<(PathBuf, Vec<u8>)> = walk(self.outside.path())
            .into_iter()
            .map(|p| {
                let b = std::fs::read(&p).unwrap_or_default();
                (p, b)
            })
            .collect();
        v.sort();
        v
    }

    fn plan_text(&self) -> String {
        std::fs::read_to_string(self.repo.join(".agents/plan.md")).unwrap()
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// The plan names an attacker tries, relative to the repository root.
fn hostile_names(s: &Scene) -> Vec<String> {
    let rel_out = format!(
        "../{}/outside.md",
        s.outside.path().file_name().unwrap().to_string_lossy()
    );
    vec![
        "/etc/passwd".into(),
        s.out("outside.md").display().to_string(),
        s.out("bashrc").display().to_string(),
        rel_out,
        "../../../../../../etc/passwd".into(),
        ".git/config".into(),
        ".git/HEAD".into(),
        "README.md".into(),
    ]
}

#[test]
fn a_plan_argument_outside_the_plans_is_refused_by_every_verb() {
    let s = Scene::new();
    s.repo.write("README.md", &format!("# Readme\n{CANARY}\n"));
    let before = s.outside_state();
    let git_config = std::fs::read(s.repo.join(".git/config")).unwrap();
    for name in hostile_names(&s) {
        let n = name.as_str();
        let calls: [&[&str]; 11] = [
            &["check", n],
            &["list", n],
            &["fill", n],
            &["timeline", n],
            &["evidence", n],
            &["log", n],
            &["diff", n],
            &["tick", n, "Write"],
            &["add", n, "pwned"],
            &["outcome", n, "pwned"],
            &[
                "decide",
                n,
                "--decision",
                "d",
                "--rationale",
                "r",
                "--author",
                "x",
            ],
        ];
        for args in calls {
            let (out, err, code) = run(s.repo.path(), args);
            assert_eq!(code, 2, "{args:?}: exit {code}\n{out}{err}");
            assert!(
                !out.contains(CANARY) && !err.contains(CANARY) && !out.contains("root:x:0:0"),
                "{args:?} printed what it must not:\n{out}{err}"
            );
            assert!(
                err.contains("refused")
                    || err.contains("no plan named")
                    || err.contains("no such file"),
                "{args:?}: {err}"
            );
        }
    }
    assert_eq!(s.outside_state(), before, "a file outside changed");
    assert_eq!(
        std::fs::read(s.repo.join(".git/config")).unwrap(),
        git_config
    );
    assert_eq!(s.plan_text(), PLAN);
    let status = git_command(s.repo.path(), None)
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    assert!(status.status.success(), "the repository still works");
}

#[test]
fn every_mcp_tool_refuses_a_plan_outside_the_plans() {
    let s = Scene::new();
    let before = s.outside_state();
    let git_config = std::fs::read(s.repo.join(".git/config")).unwrap();
    let mut c = McpClient::initialized(s.repo.path());
    for name in hostile_names(&s) {
        let calls = [
            ("read_plan", json!({"plan": name})),
            ("check_plan", json!({"plan": name})),
            ("timeline", json!({"plan": name})),
            ("tick", json!({"plan": name, "item": "Write"})),
            ("add", json!({"plan": name, "text": "pwned"})),
            ("outcome", json!({"plan": name, "text": "pwned"})),
            (
                "surprise",
                json!({"plan": name, "observation": "o", "evidence": "e"}),
            ),
            ("close", json!({"plan": name})),
        ];
        for (tool, args) in calls {
            let (err, text) = c.tool_text(tool, args);
            assert!(err, "{tool} {name}: {text}");
            assert!(
                !text.contains(CANARY) && !text.contains("root:x:0:0"),
                "{tool} {name} printed what it must not: {text}"
            );
        }
    }
    assert_eq!(s.outside_state(), before);
    assert_eq!(
        std::fs::read(s.repo.join(".git/config")).unwrap(),
        git_config
    );
    assert_eq!(s.plan_text(), PLAN);
}

#[cfg(unix)]
#[test]
fn a_plans_folder_linked_out_of_the_repository_is_never_followed() {
    let s = Scene::new();
    let before = s.outside_state();
    // The whole plans folder is a link out of the repository.
    std::fs::remove_dir_all(s.repo.join(".agents")).unwrap();
    symlink(s.outside.path(), &s.repo.join(".agents"));
    let (out, err, _) = run(s.repo.path(), &["check"]);
    assert!(
        err.contains("outside the repository; not followed"),
        "{out}{err}"
    );
    assert!(!out.contains(CANARY) && !err.contains(CANARY));
    for args in [
        &["fill"][..],
        &["tick", ".agents/outside.md", "Write"],
        &["add", "outside", "pwned"],
    ] {
        let (out, err, _) = run(s.repo.path(), args);
        assert!(!out.contains(CANARY) && !err.contains(CANARY), "{args:?}");
    }
    let mut c = McpClient::initialized(s.repo.path());
    let (err, _) = c.tool(
        "add",
        json!({"plan": ".agents/outside.md", "text": "pwned"}),
    );
    assert!(err);
    let (_, list) = c.tool("list_plans", json!({}));
    assert_eq!(list["plans"], json!([]), "{list}");
    assert_eq!(s.outside_state(), before, "written through the link");
}

#[cfg(unix)]
#[test]
fn a_linked_subfolder_is_passed_over_with_a_note_and_never_written() {
    let s = Scene::new();
    let before = s.outside_state();
    symlink(s.outside.path(), &s.repo.join(".agents/sub"));
    symlink(&s.out("outside.md"), &s.repo.join(".agents/evil.md"));
    for verb in ["check", "list", "timeline", "fill"] {
        let (out, err, _) = run(s.repo.path(), &[verb]);
        assert!(
            err.contains(".agents/sub: skipped: symbolic link, not followed"),
            "{verb}: {out}{err}"
        );
        assert!(
            err.contains(".agents/evil.md: skipped: symbolic link, not followed"),
            "{verb}: {err}"
        );
        assert!(!out.contains(CANARY) && !err.contains(CANARY), "{verb}");
    }
    for args in [
        &["tick", ".agents/sub/outside.md", "Write"][..],
        &["tick", ".agents/evil.md", "Write"],
    ] {
        let (_, err, code) = run(s.repo.path(), args);
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    let mut c = McpClient::initialized(s.repo.path());
    for plan in [".agents/sub/outside.md", ".agents/evil.md"] {
        let (err, text) = c.tool_text("add", json!({"plan": plan, "text": "pwned"}));
        assert!(err && !text.contains(CANARY), "{plan}: {text}");
    }
    assert_eq!(s.outside_state(), before);
}

#[test]
fn plans_entries_outside_the_root_are_refused_when_the_configuration_loads() {
    for entry in [
        "/",
        "/etc",
        "../outplans",
        "docs/../../x",
        ".git",
        "",
        "C:\\\\x",
    ] {
        let s = Scene::new();
        s.repo
            .write("execplan.toml", &format!("plans = [{:?}]\n", entry));
        for args in [
            &["check", "--no-history"][..],
            &["fill", "--dry-run"],
            &["list"],
            &["tick", "plan", "Write"],
        ] {
            let (out, err, code) = run(s.repo.path(), args);
            assert_eq!(code, 2, "{entry:?} {args:?}: {out}{err}");
            assert!(err.contains("plans: `"), "{entry:?} {args:?}: {err}");
        }
        assert_eq!(s.plan_text(), PLAN);
    }
}

/// A finished plan: every item ticked and stamped, an outcome written.
fn finished() -> String {
    PLAN.replace(
        "- [ ] Write the parser\n- [ ] Write the tests\n- [x] Unstamped step\n",
        "- [x] (2025-10-02 10:00Z) Write the parser\n",
    )
    .replace("None yet.", "It worked.")
}

#[test]
fn close_moves_a_plan_only_into_a_plans_folder() {
    let s = Scene::new();
    s.repo.write(".agents/plan.md", &finished());
    let abs_tmp = s.out("moved").display().to_string();
    for dest in [abs_tmp.as_str(), "../../x", ".git", "src", "/tmp"] {
        let (out, err, code) = run(s.repo.path(), &["close", "plan", "--move-to", dest]);
        assert_eq!(code, 2, "{dest}: {out}{err}");
        assert!(s.repo.join(".agents/plan.md").is_file(), "{dest}: moved");
    }
    assert!(!s.out("moved").exists());
    let mut c = McpClient::initialized(s.repo.path());
    let (err, _) = c.tool("close", json!({"plan": "plan", "move_to": abs_tmp}));
    assert!(err);
    // Into another plans folder, it moves.
    let (out, err, code) = run(
        s.repo.path(),
        &["close", "plan", "--move-to", ".agents/done"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(s.repo.join(".agents/done/plan.md").is_file());
}

#[cfg(unix)]
#[test]
fn configuration_is_never_read_through_a_link_out_of_the_repository() {
    for at in ["execplan.toml", ".agents/execplan.toml"] {
        let s = Scene::new();
        let secret = s.out("credentials");
        std::fs::write(&secret, format!("TOKEN={CANARY}\naws_secret = {CANARY}\n")).unwrap();
        symlink(&secret, &s.repo.join(at));
        for format in ["human", "json", "github", "sarif"] {
            let (out, err, code) = run(s.repo.path(), &["check", "--format", format]);
            assert_eq!(code, 2, "{at} {format}: {out}{err}");
            assert!(
                !out.contains(CANARY) && !err.contains(CANARY),
                "{at} {format}:\n{out}{err}"
            );
            assert!(err.contains("outside the repository"), "{err}");
        }
        let mut c = McpClient::initialized(s.repo.path());
        let (err, text) = c.tool_text("list_plans", json!({}));
        assert!(err && !text.contains(CANARY), "{text}");
    }
}

#[test]
fn a_configuration_error_quotes_only_its_own_offending_line() {
    let s = Scene::new();
    s.repo.write(
        "execplan.toml",
        &format!("plans = [\".agents\"]\nstale-days = = 3\n# {CANARY}\n"),
    );
    let (out, err, code) = run(s.repo.path(), &["check", "--format", "github"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("stale-days = = 3"), "{err}");
    assert!(!err.contains(CANARY) && !out.contains(CANARY), "{err}");
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_reported_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let s = Scene::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(s.repo.join(".agents").join(name), PLAN).unwrap();
    let (out, err, code) = run(s.repo.path(), &["check", "--format", "json"]);
    assert!(code < 2 || code == 2 && !err.contains("panicked"), "{err}");
    assert_ne!(code, 101, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["path"].as_str())
        .collect();
    assert!(paths.contains(&".agents/caf\u{fffd}.md"), "{paths:?}");
    assert!(
        doc["notes"].to_string().contains("not UTF-8"),
        "{}",
        doc["notes"]
    );
    for args in [
        &["list", "--format", "json"][..],
        &["timeline", "--format", "json"],
    ] {
        let (out, err, code) = run(s.repo.path(), args);
        assert_ne!(code, 101, "{args:?}: {err}");
        serde_json::from_str::<Value>(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"));
    }
    let mut c = McpClient::initialized(s.repo.path());
    let (_, doc) = c.tool("check_plan", json!({}));
    assert!(
        doc["plans"].as_array().is_some_and(|p| p.len() == 2),
        "{doc}"
    );
}

#[test]
fn mcp_text_is_checked_and_list_plans_reports_unreadable_plans() {
    let s = Scene::new();
    let mut c = McpClient::initialized(s.repo.path());
    for (tool, args) in [
        ("add", json!({"plan": "plan", "text": "a\u{0}b"})),
        (
            "add",
            json!({"plan": "plan", "text": "clear\u{1b}[2Jscreen"}),
        ),
        (
            "add",
            json!({"plan": "plan", "text": "right\u{202e}to left"}),
        ),
        ("add", json!({"plan": "plan", "text": "x".repeat(1_001)})),
        (
            "outcome",
            json!({"plan": "plan", "text": "x".repeat(9_000)}),
        ),
        (
            "decide",
            json!({"plan": "plan", "decision": "d", "rationale": "r", "author": "a\u{7}"}),
        ),
        ("tick", json!({"plan": "plan", "item": "Write\u{0}"})),
    ] {
        let (err, text) = c.tool_text(tool, args);
        assert!(err, "{tool}: {}", &text[..text.len().min(300)]);
        assert!(
            text.contains("refused"),
            "{tool}: {}",
            &text[..text.len().min(300)]
        );
    }
    // 10 MB in one message is over what the server reads as one: a protocol
    // error, answered, and the server still serves.
    c.send(&json!({"jsonrpc": "2.0", "id": 77, "method": "tools/call", "params": {"name": "add", "arguments": {"plan": "plan", "text": "x".repeat(10 << 20)}}}));
    let r = c.read().expect("answered");
    assert_eq!(
        (r["id"].clone(), r["error"]["code"].clone()),
        (Value::Null, json!(-32600)),
        "{}",
        &r.to_string()[..200.min(r.to_string().len())]
    );
    assert_eq!(s.plan_text(), PLAN, "nothing written");
    // The plan still takes writes.
    let (err, doc) = c.tool("add", json!({"plan": "plan", "text": "a fine item"}));
    assert!(!err, "{doc}");
    // A plan that cannot be read is an error the agent sees, with the rest.
    std::fs::write(
        s.repo.join(".agents/broken.md"),
        b"# B\n\n## Progress\n- [ ] caf\xe9\n",
    )
    .unwrap();
    let (err, doc) = c.tool("list_plans", json!({}));
    assert!(err, "{doc}");
    assert_eq!(doc["plans"].as_array().map(Vec::len), Some(1), "{doc}");
    assert!(
        doc["unreadable"][0]["message"]
            .as_str()
            .unwrap()
            .contains("broken.md"),
        "{doc}"
    );
}

/// Sections, items, decisions and surprises of the plan, from `read_plan`.
fn shape(c: &mut McpClient) -> (Vec<String>, usize, usize, usize) {
    let (_, p) = c.tool("read_plan", json!({"plan": "plan"}));
    let sections = p["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["heading"].as_str().unwrap().to_string())
        .collect();
    let n = |k: &str| p[k].as_array().map_or(0, Vec::len);
    (sections, n("items"), n("decisions"), n("surprises"))
}

fn rule_ids(dir: &Path) -> Vec<String> {
    let (out, _, _) = run(dir, &["check", "plan", "--format", "json", "--no-history"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let mut ids: Vec<String> = test_support::diagnostics(&doc)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    ids.sort();
    ids
}

#[test]
fn text_a_verb_writes_never_becomes_a_directive_or_structure() {
    let forms = [
        "<!-- execplan: allow-file(all) -->",
        "<!-- execplan: allow(EP007) -->",
        "a <!--execplan:allow-file(unstamped-checked-item)--> b",
        "<!-- unclosed comment",
        "# Heading",
        "## Progress",
        "- [ ] sneaky item",
        "* [x] sneaky done",
        "1. ordered",
        "> quoted",
        "```",
        "~~~ rust",
        "[x]: https://example.com/evil",
        "---",
        "| a | b |",
        "<div>",
    ];
    for form in forms {
        let s = Scene::new();
        let mut c = McpClient::initialized(s.repo.path());
        let rules = rule_ids(s.repo.path());
        assert!(rules.contains(&"EP007".to_string()), "{rules:?}");
        let (sections, items, decisions, surprises) = shape(&mut c);
        let calls = [
            ("add", json!({"plan": "plan", "text": form}), (1, 0, 0)),
            (
                "decide",
                json!({"plan": "plan", "decision": form, "rationale": form, "author": "Bo"}),
                (0, 1, 0),
            ),
            (
                "surprise",
                json!({"plan": "plan", "observation": form, "evidence": form}),
                (0, 0, 1),
            ),
            ("outcome", json!({"plan": "plan", "text": form}), (0, 0, 0)),
            (
                "split",
                json!({"plan": "plan", "item": "Write the tests", "done": form, "remaining": form}),
                (1, 0, 0),
            ),
        ];
        let mut want = (items, decisions, surprises);
        for (tool, args, (di, dd, ds)) in calls {
            let (err, text) = c.tool_text(tool, args);
            // Refusing is as good as escaping; what must never happen is structure.
            if !err {
                want = (want.0 + di, want.1 + dd, want.2 + ds);
            }
            let (now_sections, now_items, now_decisions, now_surprises) = shape(&mut c);
            assert_eq!(
                now_sections, sections,
                "{tool} {form:?} made a section: {text}"
            );
            assert_eq!(
                (now_items, now_decisions, now_surprises),
                want,
                "{tool} {form:?}: {text}\n{}",
                s.plan_text()
            );
            let now_rules = rule_ids(s.repo.path());
            assert!(
                now_rules.contains(&"EP007".to_string()),
                "{tool} {form:?} switched a check off: {now_rules:?}\n{}",
                s.plan_text()
            );
        }
    }
}

#[test]
fn the_mcp_transport_answers_every_line_in_order() {
    let s = Scene::new();
    let mut c = McpClient::initialized(s.repo.path());
    for (line, code) in [
        ("{not json", -32700),
        ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"too", -32700),
        ("[]", -32600),
        ("42", -32600),
        ("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":7}", -32600),
    ] {
        c.send_line(line);
        let r = c.read().expect("an answer");
        assert_eq!(r["error"]["code"], code, "{line}: {r}");
    }
    c.send_line("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}\u{0}\u{1}");
    assert!(c.read().expect("answered")["error"].is_object());
    // Bytes that are not UTF-8, then a truncated line at the end of input.
    let mut child = plans_command(s.repo.path(), NOW)
        .arg("mcp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"\xff\xfe{\"a\":1}\n").unwrap();
        for id in 0..250 {
            writeln!(
                stdin,
                "{}",
                json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": "add", "arguments": {"plan": "plan", "text": format!("item number {id}")}}})
            )
            .unwrap();
        }
        stdin
            .write_all(b"{\"jsonrpc\":\"2.0\",\"id\":999,\"meth")
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let replies: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(replies.len(), 252, "every line answered before exit");
    assert_eq!(replies[0]["error"]["code"], -32700);
    for (i, r) in replies[1..251].iter().enumerate() {
        assert_eq!(r["id"], json!(i), "in order");
        assert_eq!(r["result"]["isError"], json!(false), "{r}");
    }
    assert_eq!(replies[251]["error"]["code"], -32700);
    let text = s.plan_text();
    assert_eq!(text.matches("item number").count(), 250);
    assert!(text.contains("- [ ] item number 0\n") && text.contains("- [ ] item number 249\n"));
}

#[cfg(unix)]
#[test]
fn a_read_only_plan_is_refused_and_owner_and_mode_are_kept() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let s = Scene::new();
    let path = s.repo.join(".agents/plan.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    for args in [&["tick", "plan", "Write the parser"][..], &["fill"]] {
        let (out, err, code) = run(s.repo.path(), args);
        if args[0] == "tick" {
            assert_eq!(code, 2, "{out}{err}");
            assert!(err.contains("read-only"), "{err}");
        }
    }
    assert_eq!(s.plan_text(), PLAN);
    assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o777, 0o444);
    // Writable again, and owned by someone else where this test may change
    // owners (as root): a write keeps owner, group and mode.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let root = std::fs::metadata(&path).unwrap().uid() == 0;
    let (uid, gid) = if root {
        std::os::unix::fs::chown(&path, Some(4242), Some(4343)).unwrap();
        (4242, 4343)
    } else {
        let m = std::fs::metadata(&path).unwrap();
        (m.uid(), m.gid())
    };
    let (out, err, code) = run(s.repo.path(), &["tick", "plan", "Write the parser"]);
    assert_eq!(code, 0, "{out}{err}");
    let m = std::fs::metadata(&path).unwrap();
    assert_eq!((m.uid(), m.gid(), m.mode() & 0o777), (uid, gid, 0o640));
    assert!(s
        .plan_text()
        .contains("- [x] (2025-10-10 12:00Z) Write the parser"));
}

#[test]
fn a_flipped_bit_in_any_cache_is_recomputed() {
    let s = Scene::new();
    s.repo.write("src/lib.rs", "fn a() {}\n");
    s.repo.write(
        ".agents/plan.md",
        &PLAN.replace(
            "- [ ] Write the parser",
            "- [x] (2025-10-02 10:00Z) Write the parser",
        ),
    );
    s.repo.commit("parser", "2025-10-02T10:00:00Z");
    let fresh = plans_command(s.repo.path(), NOW)
        .args(["timeline", "--format", "json"])
        .env("EXECPLAN_NO_CACHE", "1")
        .output()
        .unwrap();
    let want = String::from_utf8(fresh.stdout).unwrap();
    let (first, _, _) = run(s.repo.path(), &["timeline", "--format", "json"]);
    assert_eq!(first, want);
    let caches = walk(&s.repo.join(".git/execplan"));
    let kinds: Vec<String> = caches
        .iter()
        .map(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .split('-')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    for kind in ["history", "digests", "evidence"] {
        assert!(
            kinds.iter().any(|k| k == kind),
            "{kind} cache written: {caches:?}"
        );
    }
    for cache in &caches {
        let good = std::fs::read(cache).unwrap();
        // 25 bits spread over the file: header, checksum and payload.
        for k in 0..25 {
            let mut bad = good.clone();
            let at = (k * 7919) % bad.len();
            bad[at] ^= 1 << (k % 8);
            std::fs::write(cache, &bad).unwrap();
            let (out, err, code) = run(s.repo.path(), &["timeline", "--format", "json"]);
            assert_eq!(code, 0, "{}: {err}", cache.display());
            assert_eq!(
                out,
                want,
                "{} with byte {at} flipped gave other facts",
                cache.display()
            );
            std::fs::write(cache, &good).unwrap();
        }
    }
}

/// A repository with code and a plan over three commits, served for partial
/// clones (`uploadpack.allowFilter`).
fn served() -> TestRepo {
    let r = TestRepo::new();
    r.git(&["config", "uploadpack.allowFilter", "true"]);
    r.git(&["config", "uploadpack.allowAnySHA1InWant", "true"]);
    r.write(".agents/plan.md", PLAN);
    r.write("src/lib.rs", "fn a() {}\n");
    r.commit("plan", "2025-10-01T10:00:00Z");
    r.write("src/lib.rs", "fn a() {}\nfn b() {}\n");
    r.write(
        ".agents/plan.md",
        &PLAN.replace(
            "- [ ] Write the parser",
            "- [x] (2025-10-02 10:00Z) Write the parser",
        ),
    );
    r.commit("parser", "2025-10-02T10:00:00Z");
    r.write("src/lib.rs", "fn a() {}\nfn b() {}\nfn c() {}\n");
    r.commit("more code", "2025-10-03T10:00:00Z");
    r
}

#[test]
fn a_blobless_clone_computes_every_fact_it_can() {
    let src = served();
    let dir = tempfile::tempdir().unwrap();
    let clone = dir.path().join("clone");
    let url = format!("file://{}", src.path().display());
    let out = git_command(dir.path(), None)
        .args(["clone", "-q", "--filter=blob:none", &url, "clone"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Fresh: the plan's older revision is missing: a clear per-plan error.
    let (out, err, code) = run(&clone, &["check", "--format", "json"]);
    assert_eq!(code, 2, "{out}{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let failure = doc["failures"][0]["message"].as_str().unwrap();
    assert!(
        failure.contains(".agents/plan.md: its history needs blob"),
        "{failure}"
    );
    assert!(
        failure.contains("git log --format= -p -- .agents"),
        "{failure}"
    );
    assert!(
        !doc["history"].is_null(),
        "the rest of history was read: {doc}"
    );
    // The way out named there works; then only the code blobs are missing.
    let out = git_command(&clone, None)
        .args(["log", "--format=", "-p", "--", ".agents"])
        .output()
        .unwrap();
    assert!(out.status.success());
    for args in [
        &["check", "--format", "json"][..],
        &["timeline", "--format", "json"],
        &["report", "--format", "json", "--from", "HEAD~2"],
        &["evidence", "plan"],
        &["list"],
    ] {
        let (out, err, code) = run(&clone, args);
        assert!(code < 2, "{args:?}: exit {code}\n{out}{err}");
        if args[0] == "check" {
            let doc: Value = serde_json::from_str(&out).unwrap();
            assert!(
                doc["notes"]
                    .to_string()
                    .contains("this clone lacks objects"),
                "{doc}"
            );
            let rules: Vec<String> = test_support::diagnostics(&doc)
                .into_iter()
                .map(|d| d.0)
                .collect();
            assert!(
                !rules.contains(&"EP106".to_string()),
                "unknown is not nothing: {rules:?}"
            );
        }
        if args[0] == "timeline" {
            assert!(out.contains("\"unknown\""), "{out}");
        }
        if args[0] == "report" {
            assert!(out.contains("\"missing\""), "{out}");
        }
    }
}

#[test]
fn a_deleted_loose_object_outside_the_plans_makes_only_its_evidence_unknown() {
    let r = served();
    let (full, _, _) = run(r.path(), &["timeline", "--format", "json"]);
    // The first version of src/lib.rs, as a loose object: gone.
    let id = r
        .git(&["rev-parse", "HEAD~2:src/lib.rs"])
        .trim()
        .to_string();
    std::fs::remove_file(r.join(&format!(".git/objects/{}/{}", &id[..2], &id[2..]))).unwrap();
    std::fs::remove_dir_all(r.join(".git/execplan")).ok();
    let (out, err, code) = run(r.path(), &["timeline", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&id[..12]) || err.contains(&id),
        "named once: {err}"
    );
    assert_eq!(err.matches("this clone lacks objects").count(), 1, "{err}");
    let (a, b): (Value, Value) = (
        serde_json::from_str(&full).unwrap(),
        serde_json::from_str(&out).unwrap(),
    );
    // Every fact but the evidence is what the whole repository says.
    assert_eq!(a["plans"][0]["created"], b["plans"][0]["created"]);
    assert_eq!(a["plans"][0]["last_updated"], b["plans"][0]["last_updated"]);
    assert_eq!(
        a["plans"][0]["items"].as_array().map(Vec::len),
        b["plans"][0]["items"].as_array().map(Vec::len)
    );
    let tick = &b["plans"][0]["items"][0];
    assert_eq!(tick["checked_at"], a["plans"][0]["items"][0]["checked_at"]);
    assert!(
        tick["evidence"]["unknown"]
            .as_str()
            .unwrap()
            .contains("src/lib.rs"),
        "{tick}"
    );
}

#[test]
fn the_fill_hook_takes_a_fully_staged_crlf_plan_under_autocrlf() {
    let r = TestRepo::new();
    r.git(&["config", "core.autocrlf", "true"]);
    let crlf = |t: &str| t.replace('\n', "\r\n");
    r.write(".agents/plan.md", &crlf(PLAN));
    r.commit("plan", "2025-10-01T10:00:00Z");
    let out = plans_command(r.path(), NOW)
        .args(["hook", "install", "--fill"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    r.write(
        ".agents/plan.md",
        &crlf(&PLAN.replace("- [ ] Write the parser", "- [x] Write the parser")),
    );
    r.git(&["add", "-A"]);
    let out = git_command(r.path(), Some(NOW))
        .args(["commit", "-q", "-m", "tick"])
        .env("EXECPLAN_NOW", NOW)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!said.contains("partially staged"), "{said}");
    assert!(out.status.success(), "{said}");
    let committed = r.git(&["show", "HEAD:.agents/plan.md"]);
    assert!(
        committed.contains("- [x] (2025-10-10 12:00Z) Write the parser\n"),
        "{committed}"
    );
    assert!(!committed.contains('\r'), "the index holds LF");
    let file = std::fs::read_to_string(r.join(".agents/plan.md")).unwrap();
    assert!(
        file.contains("- [x] (2025-10-10 12:00Z) Write the parser\r\n"),
        "the file keeps CRLF"
    );
    assert!(
        r.git(&["status", "--porcelain"]).trim().is_empty(),
        "nothing left unstaged"
    );
}

#[cfg(unix)]
#[test]
fn new_and_init_never_create_a_file_outside_the_repository() {
    let s = Scene::new();
    let before = s.outside_state();
    let abs = s.outside.path().display().to_string();
    for dir in [abs.as_str(), "../..", ".git", "src"] {
        let (out, err, code) = run(s.repo.path(), &["new", "pwned", "--dir", dir]);
        assert_eq!(code, 2, "{dir}: {out}{err}");
    }
    let (_, err, code) = run(s.repo.path(), &["new", "fine", "--dir", ".agents/sub"]);
    assert_eq!(code, 0, "{err}");
    // A clone whose plans folder is a link out of it: `init` refuses to
    // create its README there, and `new` to create a plan.
    let r = TestRepo::new();
    symlink(s.outside.path(), &r.join(".agents"));
    let (out, err, code) = run(r.path(), &["init"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("outside the repository"), "{err}");
    let (_, _, code) = run(r.path(), &["new", "pwned"]);
    assert_eq!(code, 2);
    assert_eq!(s.outside_state(), before, "created outside");
}
