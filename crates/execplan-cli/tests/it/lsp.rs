//! `plans lsp` in process: the server on one end of an
//! `lsp_server::Connection::memory()`, this test as the client on the other,
//! over real repositories with fixed dates. Every code action is held to
//! what the command-line verb writes on a copy of the same repository.
//! (The end-to-end run with a real editor is `scripts/try-nvim-lsp.sh`.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use test_support::{plans_command, TestRepo, NOW};

const PLAN: &str = "# Retry budget

## Metadata
- **Owner:** Ana
- **Created:** 2025-09-01
- **Last Updated:** 2025-10-02

## Purpose / Big Picture
Fewer retries. Stamps are EP007's business.

## Context and Orientation
The client lives in `src/client.rs`.

## Plan of Work
1. Do it.

## Progress
- [x] Write the parser
- [ ] Write the tests

## Surprises & Discoveries
- Observation: none so far.
  Evidence: n/a.

## Decision Log
- **Decision:** Keep it small.
- **Rationale:** Time.
- **Date/Author:** 2025-10-01 — Ana

## Outcomes & Retrospective
None yet.

## Related Plans
- [Other plan](other.md)
";

const OTHER: &str = "# Other\n\n## Progress\n- [x] Done without a stamp\n";

/// The repository: the plan created on 10-01 (Created says 09-01), the
/// parser item ticked without a stamp on 10-02 with code, and the file
/// Context names renamed on 10-03.
fn setup() -> TestRepo {
    let r = TestRepo::new();
    let open = PLAN
        .replace("- [x] Write the parser", "- [ ] Write the parser")
        .replace(
            "**Last Updated:** 2025-10-02",
            "**Last Updated:** 2025-10-01",
        );
    r.write(".agents/retry.md", &open);
    r.write(".agents/other.md", OTHER);
    r.write("src/client.rs", "fn main() {}\n");
    r.commit("plan", "2025-10-01T10:00:00Z");
    r.write(".agents/retry.md", PLAN);
    r.write(
        "src/client.rs",
        "fn main() {}\nfn parse() {}\nfn more() {}\n",
    );
    r.commit("parser", "2025-10-02T09:00:00Z");
    r.mv("src/client.rs", "src/http.rs");
    r.commit("rename", "2025-10-03T09:00:00Z");
    r
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// The client end of a server running in this process.
struct Client {
    conn: Connection,
    server: Option<JoinHandle<Result<(), String>>>,
    next: i32,
    /// Notifications read while waiting for something else.
    notes: Vec<Notification>,
}

impl Client {
    fn start(root: &Path, capabilities: Value) -> Self {
        let (server, conn) = Connection::memory();
        let dir = root.to_path_buf();
        let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
        let handle = std::thread::spawn(move || execplan_cli::serve_lsp(server, &dir, Some(now)));
        let mut c = Client {
            conn,
            server: Some(handle),
            next: 0,
            notes: Vec::new(),
        };
        let init = c.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(root), "capabilities": capabilities}),
        );
        assert!(init["capabilities"]["hoverProvider"].as_bool().unwrap());
        c.notify("initialized", json!({}));
        c
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.to_string(), params).into())
            .unwrap();
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers within a minute")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.to_string(), params).into())
            .unwrap();
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => {
                    return r
                        .response_result
                        .unwrap_or_else(|e| panic!("{method}: {}", e.message));
                }
                Message::Notification(n) => self.notes.push(n),
                _ => {}
            }
        }
    }

    fn open(&self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    /// The first diagnostics published for `path` that satisfy `ok`.
    fn diagnostics(&mut self, path: &Path, ok: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let want = uri(path);
        let take = |n: &Notification| -> Option<Vec<Value>> {
            (n.method == "textDocument/publishDiagnostics" && n.params["uri"] == want.as_str())
                .then(|| {
                    n.params["diagnostics"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                })
                .filter(|d| ok(d))
        };
        if let Some(i) = self.notes.iter().position(|n| take(n).is_some()) {
            let n = self.notes.remove(i);
            return take(&n).unwrap();
        }
        loop {
            if let Message::Notification(n) = self.recv() {
                if let Some(d) = take(&n) {
                    return d;
                }
                self.notes.push(n);
            }
        }
    }

    fn actions(&mut self, path: &Path, line: u32) -> Vec<Value> {
        let r = self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri(path)},
                   "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                   "context": {"diagnostics": []}}),
        );
        r.as_array().cloned().unwrap_or_default()
    }

    fn at(&mut self, method: &str, path: &Path, line: u32, character: u32) -> Value {
        self.request(
            method,
            json!({"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character}}),
        )
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let r = self.server.take().unwrap().join().unwrap();
        assert_eq!(r, Ok(()));
    }
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

/// `text` with an action's one edit applied (ASCII fixtures: columns are bytes).
fn apply(text: &str, action: &Value) -> String {
    let changes = action["edit"]["changes"].as_object().unwrap();
    let edits = changes.values().next().unwrap().as_array().unwrap();
    assert_eq!(edits.len(), 1);
    let e = &edits[0];
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let col = p["character"].as_u64().unwrap() as usize;
        text.split_inclusive('\n')
            .take(line)
            .map(str::len)
            .sum::<usize>()
            + col
    };
    let (a, b) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
    format!(
        "{}{}{}",
        &text[..a],
        e["newText"].as_str().unwrap(),
        &text[b..]
    )
}

fn titled<'a>(actions: &'a [Value], start: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with(start))
        .unwrap_or_else(|| panic!("no action `{start}…` in {actions:#?}"))
}

/// The plan after the command-line verb `args` on a fresh copy of the repository.
fn cli_result(args: &[&str]) -> String {
    let r = setup();
    let out = plans_command(r.path(), NOW).args(args).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    std::fs::read_to_string(r.join(".agents/retry.md")).unwrap()
}

fn line_of(text: &str, needle: &str) -> u32 {
    text.lines().position(|l| l.contains(needle)).unwrap() as u32
}

#[test]
fn diagnostics_static_on_open_and_change_history_on_open_and_save() {
    let r = setup();
    let plan = r.join(".agents/retry.md");
    let mut c = Client::start(r.path(), json!({}));
    c.open(&plan, PLAN);
    // The static rules come first; the history pass adds EP101 and EP107.
    let first = c.diagnostics(&plan, |_| true);
    assert!(codes(&first).contains(&"EP007".to_string()), "{first:#?}");
    let full = c.diagnostics(&plan, |d| codes(d).contains(&"EP107".to_string()));
    let all = codes(&full);
    assert!(
        all.contains(&"EP101".to_string()) && all.contains(&"EP007".to_string()),
        "{all:?}"
    );
    // The same message and help as `check`, and the rule's doc linked.
    let ep107 = full.iter().find(|d| d["code"] == "EP107").unwrap();
    let message = ep107["message"].as_str().unwrap();
    assert!(
        message.starts_with("`src/client.rs` was renamed to `src/http.rs`"),
        "{message}"
    );
    assert!(message.contains("help: name it `src/http.rs`"), "{message}");
    assert_eq!(ep107["source"], "plans");
    assert!(ep107["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("#context-drift"));
    assert_eq!(
        ep107["range"]["start"]["line"],
        line_of(PLAN, "src/client.rs")
    );
    // A change: the static rules again (debounced); EP107's line is as it was, so it stays.
    let changed = PLAN.replace("- [ ] Write the tests", "- [x] Write the tests");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&plan), "version": 2}, "contentChanges": [{"text": changed}]}),
    );
    let after = c.diagnostics(&plan, |d| {
        codes(d).iter().filter(|c| *c == "EP007").count() == 2
    });
    assert!(codes(&after).contains(&"EP107".to_string()), "{after:#?}");
    // Save: the history pass again, on the new text.
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&plan)}}),
    );
    let saved = c.diagnostics(&plan, |d| codes(d).contains(&"EP101".to_string()));
    assert_eq!(codes(&saved).iter().filter(|c| *c == "EP007").count(), 2);
    c.shutdown();
}

#[test]
fn pull_diagnostics_for_a_document_and_the_workspace() {
    let r = setup();
    let plan = r.join(".agents/retry.md");
    let caps = json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": false}}});
    let mut c = Client::start(r.path(), caps);
    c.open(&plan, PLAN);
    // A hover computes the history of this text if the worker has not yet:
    // from here on the diagnostics stay as they are.
    c.at(
        "textDocument/hover",
        &plan,
        line_of(PLAN, "Write the parser"),
        8,
    );
    let doc = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri(&plan)}}),
    );
    assert_eq!(doc["kind"], "full");
    assert!(codes(doc["items"].as_array().unwrap()).contains(&"EP007".to_string()));
    let ws = c.request("workspace/diagnostic", json!({"previousResultIds": []}));
    let items = ws["items"].as_array().unwrap();
    let other = items
        .iter()
        .find(|i| i["uri"] == uri(&r.join(".agents/other.md")))
        .unwrap();
    assert!(codes(other["items"].as_array().unwrap()).contains(&"EP007".to_string()));
    assert!(items.iter().any(|i| i["uri"] == uri(&plan)));
    // Asked again with the result ids it gave: nothing changed.
    let ids: Vec<Value> = items
        .iter()
        .map(|i| json!({"uri": i["uri"], "value": i["resultId"]}))
        .collect();
    let again = c.request("workspace/diagnostic", json!({"previousResultIds": ids}));
    assert!(
        again["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["kind"] == "unchanged"),
        "{again:#}"
    );
    let same = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri(&plan)}, "previousResultId": doc["resultId"]}),
    );
    assert_eq!(same["kind"], "unchanged");
    // A pulling client is never pushed to.
    assert!(!c
        .notes
        .iter()
        .any(|n| n.method == "textDocument/publishDiagnostics"));
    c.shutdown();
}

#[test]
fn stamp_dates_and_fill_write_what_plans_fill_writes() {
    let r = setup();
    let plan = r.join(".agents/retry.md");
    let mut c = Client::start(r.path(), json!({}));
    c.open(&plan, PLAN);
    let filled = cli_result(&["fill", ".agents/retry.md"]);
    let item = line_of(PLAN, "Write the parser");
    let at_item = c.actions(&plan, item);
    let stamp = apply(
        PLAN,
        titled(&at_item, "Stamp “Write the parser” from history"),
    );
    assert_eq!(
        stamp,
        PLAN.replace(
            "- [x] Write the parser",
            "- [x] (2025-10-02 09:00Z) Write the parser"
        )
    );
    let dates = apply(
        PLAN,
        titled(&at_item, "Set Created / Last Updated from history"),
    );
    assert_eq!(
        dates,
        PLAN.replace("**Created:** 2025-09-01", "**Created:** 2025-10-01")
    );
    let all = apply(PLAN, titled(&at_item, "Fill the whole plan from history"));
    assert_eq!(all, filled);
    assert_eq!(
        filled,
        stamp.replace("**Created:** 2025-09-01", "**Created:** 2025-10-01")
    );
    c.shutdown();
}

#[test]
fn tick_writes_what_plans_tick_writes() {
    let r = setup();
    let plan = r.join(".agents/retry.md");
    let mut c = Client::start(r.path(), json!({}));
    c.open(&plan, PLAN);
    let actions = c.actions(&plan, line_of(PLAN, "Write the tests"));
    let ticked = apply(PLAN, titled(&actions, "Tick “Write the tests” now"));
    assert_eq!(ticked, cli_result(&["tick", "retry", "Write the tests"]));
    assert!(
        ticked.contains("- [x] (2025-10-10 12:00Z) Write the tests"),
        "{ticked}"
    );
    c.shutdown();
}

#[test]
fn a_renamed_path_is_followed_and_a_rule_allowed_for_its_block_or_the_file() {
    let r = setup();
    let plan = r.join(".agents/retry.md");
    let mut c = Client::start(r.path(), json!({}));
    c.open(&plan, PLAN);
    let line = line_of(PLAN, "src/client.rs");
    let actions = c.actions(&plan, line);
    let renamed = apply(
        PLAN,
        titled(&actions, "Rename `src/client.rs` to `src/http.rs`"),
    );
    assert_eq!(renamed, PLAN.replace("`src/client.rs`", "`src/http.rs`"));
    // Allowing EP007 on its line, then in the file: `check` no longer reports it there.
    let item = c.actions(&plan, line_of(PLAN, "Write the parser"));
    for title in [
        "Allow EP007 unstamped-checked-item here",
        "Allow EP007 unstamped-checked-item in this file",
    ] {
        let allowed = apply(PLAN, titled(&item, title));
        std::fs::write(&plan, &allowed).unwrap();
        let out = plans_command(r.path(), NOW)
            .args(["check", "--format", "json", ".agents/retry.md"])
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let rules: Vec<String> = test_support::diagnostics(&doc)
            .into_iter()
            .map(|d| d.0)
            .collect();
        assert!(
            !rules.iter().any(|r| r == "EP007"),
            "{title}: {rules:?}\n{allowed}"
        );
        assert!(rules.iter().any(|r| r == "EP101"), "{title}: {rules:?}");
    }
    c.shutdown();
}

#[test]
fn hover_tells_an_items_history_a_rules_doc_and_a_paths_fate() {
    let r = setup();
    let plan = r.join(".agents/retry.md");
    let mut c = Client::start(r.path(), json!({}));
    c.open(&plan, PLAN);
    let text = |h: &Value| h["contents"]["value"].as_str().unwrap_or("").to_string();
    let item = text(&c.at(
        "textDocument/hover",
        &plan,
        line_of(PLAN, "Write the parser"),
        8,
    ));
    assert!(
        item.contains("- added ") && item.contains("on 2025-10-01 10:00Z"),
        "{item}"
    );
    assert!(
        item.contains("- ticked ") && item.contains("on 2025-10-02 09:00Z"),
        "{item}"
    );
    assert!(item.contains("`src/client.rs` +2 −0"), "{item}");
    let open = text(&c.at(
        "textDocument/hover",
        &plan,
        line_of(PLAN, "Write the tests"),
        8,
    ));
    assert!(open.contains("- open"), "{open}");
    let purpose = line_of(PLAN, "EP007's business");
    let col = PLAN
        .lines()
        .nth(purpose as usize)
        .unwrap()
        .find("EP007")
        .unwrap() as u32;
    let rule = text(&c.at("textDocument/hover", &plan, purpose, col + 2));
    assert!(
        rule.starts_with("**EP007** `unstamped-checked-item` (error, static)"),
        "{rule}"
    );
    let ctx = line_of(PLAN, "src/client.rs");
    let col = PLAN
        .lines()
        .nth(ctx as usize)
        .unwrap()
        .find("src/")
        .unwrap() as u32;
    let path = text(&c.at("textDocument/hover", &plan, ctx, col + 3));
    assert!(
        path.contains("does not exist in the working tree"),
        "{path}"
    );
    assert!(path.contains("renamed to `src/http.rs`"), "{path}");
    c.shutdown();
}

#[test]
fn symbols_folding_completion_and_definition() {
    let r = setup();
    let plan = r.join(".agents/retry.md");
    let mut c = Client::start(r.path(), json!({}));
    c.open(&plan, PLAN);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&plan)}}),
    );
    let top = symbols.as_array().unwrap();
    let sections: Vec<&str> = top.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(sections.len(), 9, "{sections:?}");
    assert!(
        sections.contains(&"Progress") && sections.contains(&"Related Plans"),
        "{sections:?}"
    );
    let progress = top.iter().find(|s| s["name"] == "Progress").unwrap();
    let items: Vec<&str> = progress["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(items, ["[x] Write the parser", "[ ] Write the tests"]);
    let folds = c.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": uri(&plan)}}),
    );
    let p = line_of(PLAN, "## Progress");
    assert!(
        folds
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["startLine"] == p && f["endLine"] == p + 3),
        "{folds:#}"
    );
    // Completion in a code span of Context and Orientation, from the tracked paths.
    let typed = PLAN.replace("`src/client.rs`", "`src/h");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&plan), "version": 2}, "contentChanges": [{"text": typed}]}),
    );
    let ctx = line_of(&typed, "`src/h");
    let col = typed
        .lines()
        .nth(ctx as usize)
        .unwrap()
        .find("src/h")
        .unwrap() as u32
        + 5;
    let done = c.at("textDocument/completion", &plan, ctx, col);
    let labels: Vec<&str> = done
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["http.rs"]);
    assert_eq!(done[0]["textEdit"]["newText"], "src/http.rs");
    let nothing = c.at(
        "textDocument/completion",
        &plan,
        line_of(&typed, "Fewer retries"),
        3,
    );
    assert_eq!(nothing, json!([]));
    // Go to definition on the Related Plans link.
    let link = line_of(&typed, "[Other plan]");
    let def = c.at("textDocument/definition", &plan, link, 4);
    assert_eq!(def["uri"], uri(&r.join(".agents/other.md")));
    c.shutdown();
}

#[test]
fn a_document_outside_the_plans_folders_gets_no_history_and_no_edits() {
    let r = setup();
    let outside = tempfile::tempdir().unwrap();
    let stray = outside.path().join("stray.md");
    std::fs::write(&stray, PLAN).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&stray, r.join(".agents/link.md")).unwrap();
    let mut c = Client::start(r.path(), json!({}));
    let mut docs: Vec<PathBuf> = vec![stray.clone()];
    #[cfg(unix)]
    docs.push(r.join(".agents/link.md"));
    for doc in &docs {
        c.open(doc, PLAN);
        // The static rules only: no history rule ever comes.
        let d = c.diagnostics(doc, |_| true);
        let all = codes(&d);
        assert!(all.contains(&"EP007".to_string()), "{all:?}");
        assert!(!all.iter().any(|c| c.starts_with("EP1")), "{all:?}");
        assert_eq!(
            c.actions(doc, line_of(PLAN, "Write the tests")),
            Vec::<Value>::new()
        );
        assert_eq!(
            c.actions(doc, line_of(PLAN, "Write the parser")),
            Vec::<Value>::new()
        );
        let h = c.at(
            "textDocument/hover",
            doc,
            line_of(PLAN, "Write the parser"),
            8,
        );
        assert_eq!(h, Value::Null, "{doc:?}");
    }
    // Nothing written anywhere.
    assert_eq!(std::fs::read_to_string(&stray).unwrap(), PLAN);
    c.shutdown();
}
