//! The entry point of the `mcp_lines` fuzz target (`fuzz/`), behind the
//! `fuzzing` feature; `crates/test-support/tests/fuzz_seeds.rs` replays its
//! seeds. Arbitrary bytes are split into lines and each line is answered by a
//! [`Server`] rooted in a scratch folder; it panics only when an invariant of
//! the transport or of containment breaks.
//!
//! The scratch folder is made once per process, without git (the product
//! never runs the git CLI, and outside a repository the history rules are
//! simply skipped). Its `root/` holds `.agents/fuzz.md`, a small plan every
//! write tool can change, and `notes.md`, outside the plans folder; beside
//! the root, `outside/outside.md`. On Unix the plans folder also holds two
//! links out of the root, `.agents/evil.md` (to `outside.md`) and
//! `.agents/linked` (to `outside/`). No call may change anything outside the
//! plans folder. Before each input the plans folder is put back as it was,
//! so writes do not pile up from one input to the next.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde_json::Value;

use super::rpc::{INVALID_REQUEST, PARSE_ERROR};
use super::Server;

/// The plan every input starts from.
const PLAN: &str = "# Fuzz

## Metadata
- **Owner:** fuzz
- **Created:** 2025-10-01
- **Last Updated:** 2025-10-01

## Purpose / Big Picture
A plan for the fuzzer to write to.

## Progress
- [ ] First step.
- [ ] Second step.

## Surprises & Discoveries
None yet.

## Decision Log
None yet.

## Outcomes & Retrospective
Not started yet.
";

/// A file inside the root but outside the plans folder: never written.
const NOTES: &str = "notes outside the plans folder: execplan-fuzz-canary\n";

/// A file outside the root, reachable only through the links: never written.
const OUTSIDE: &str = "outside the repository: execplan-fuzz-outside-canary\n";

/// The scratch folder (`root/` and `outside/` in it), made once per
/// process; the lock keeps two threads (tests run in parallel) from
/// resetting it under each other.
fn scratch() -> &'static Mutex<PathBuf> {
    static SCRATCH: OnceLock<Mutex<PathBuf>> = OnceLock::new();
    SCRATCH.get_or_init(|| {
        let tmp = std::env::temp_dir();
        sweep(&tmp);
        let dir = tmp.join(format!("{PREFIX}{}", std::process::id()));
        // A folder left by an earlier process with the same id is stale.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("root")).expect("create the scratch root");
        std::fs::create_dir_all(dir.join("outside")).expect("create the outside folder");
        let dir = std::fs::canonicalize(&dir).expect("canonical scratch folder");
        std::fs::write(dir.join("root/notes.md"), NOTES).expect("write notes.md");
        std::fs::write(dir.join("outside/outside.md"), OUTSIDE).expect("write outside.md");
        Mutex::new(dir)
    })
}

/// The scratch folders' names: this prefix and the process id.
const PREFIX: &str = "execplan-fuzz-mcp-";

/// Remove the scratch folders of processes that have ended (where
/// `/proc` tells which are alive), so runs do not pile them up in `tmp`.
fn sweep(tmp: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(PREFIX)) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Put the plans folder back as it was: `.agents/fuzz.md` and the links.
fn reset(root: &Path) {
    let agents = root.join(".agents");
    if agents.exists() {
        std::fs::remove_dir_all(&agents).expect("remove the plans folder");
    }
    std::fs::create_dir_all(&agents).expect("create the plans folder");
    std::fs::write(agents.join("fuzz.md"), PLAN).expect("write the plan");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink("../../outside/outside.md", agents.join("evil.md")).expect("link evil.md");
        symlink("../../outside", agents.join("linked")).expect("link linked");
    }
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list a scratch folder")
        .map(|e| {
            e.expect("scratch entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Whether one message of a line (or of a batch) is owed a reply: anything
/// but a well-formed notification (a request without `id`) and a response
/// (no `method`, a `result` or an `error`).
fn owed_reply(message: &Value) -> bool {
    let Some(obj) = message.as_object() else {
        return true;
    };
    let response =
        !obj.contains_key("method") && (obj.contains_key("result") || obj.contains_key("error"));
    if response {
        return false;
    }
    let notification = !obj.contains_key("id")
        && obj.get("jsonrpc").and_then(Value::as_str) == Some("2.0")
        && obj.get("method").is_some_and(Value::is_string)
        && obj
            .get("params")
            .is_none_or(|p| p.is_object() || p.is_array());
    !notification
}

/// The id a reply to `message` carries: its own when it is a string, a
/// number or null, else null.
fn reply_id(message: &Value) -> Value {
    match message.get("id") {
        Some(v @ (Value::String(_) | Value::Number(_))) => v.clone(),
        _ => Value::Null,
    }
}

/// One reply object: JSON-RPC 2.0, with exactly one of `result` and `error`,
/// an error with an integer code and a string message.
fn check_reply(reply: &Value, line: &[u8]) {
    let show = || String::from_utf8_lossy(line).into_owned();
    let obj = reply
        .as_object()
        .unwrap_or_else(|| panic!("a reply is an object: {reply} to {:?}", show()));
    assert_eq!(
        obj.get("jsonrpc").and_then(Value::as_str),
        Some("2.0"),
        "reply {reply} to {:?}",
        show()
    );
    assert!(obj.contains_key("id"), "reply {reply} has no id");
    assert!(
        obj.contains_key("result") != obj.contains_key("error"),
        "reply {reply} to {:?} has not exactly one of result and error",
        show()
    );
    if let Some(e) = obj.get("error") {
        assert!(
            e.get("code").is_some_and(Value::is_i64),
            "error {e} has no integer code"
        );
        assert!(
            e.get("message").is_some_and(Value::is_string),
            "error {e} has no message"
        );
    }
}

/// Answer one line and hold the reply to the invariants.
fn one_line(server: &Server, line: &[u8]) {
    let reply = server.answer(line);
    let show = || String::from_utf8_lossy(line).into_owned();
    // What the server strips before reading the line.
    let trimmed = line.strip_suffix(b"\r").unwrap_or(line);
    if trimmed.iter().all(u8::is_ascii_whitespace) {
        assert!(reply.is_none(), "a blank line was answered: {reply:?}");
        return;
    }
    let parsed = std::str::from_utf8(trimmed)
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(t).ok());
    let owed = match &parsed {
        None => true,
        Some(Value::Array(batch)) if batch.is_empty() => true,
        Some(Value::Array(batch)) => batch.iter().any(owed_reply),
        Some(message) => owed_reply(message),
    };
    let Some(reply) = reply else {
        assert!(!owed, "no reply to {:?}", show());
        return;
    };
    assert!(owed, "a reply {reply} to a line owed none: {:?}", show());
    assert!(!reply.contains('\n'), "a reply spans lines: {reply:?}");
    let reply: Value = serde_json::from_str(&reply)
        .unwrap_or_else(|e| panic!("the reply is not JSON ({e}): {reply:?}"));
    match &parsed {
        None => {
            check_reply(&reply, line);
            assert_eq!(reply["error"]["code"], PARSE_ERROR, "{reply}");
            assert_eq!(reply["id"], Value::Null, "{reply}");
        }
        Some(Value::Array(batch)) if batch.is_empty() => {
            check_reply(&reply, line);
            assert_eq!(reply["error"]["code"], INVALID_REQUEST, "{reply}");
            assert_eq!(reply["id"], Value::Null, "{reply}");
        }
        Some(Value::Array(batch)) => {
            let replies = reply
                .as_array()
                .unwrap_or_else(|| panic!("a batch's reply is an array: {reply}"));
            let owed: Vec<&Value> = batch.iter().filter(|m| owed_reply(m)).collect();
            assert_eq!(replies.len(), owed.len(), "{reply} to {:?}", show());
            for (r, m) in replies.iter().zip(owed) {
                check_reply(r, line);
                assert_eq!(r["id"], reply_id(m), "{r} to {m}");
            }
        }
        Some(message) => {
            check_reply(&reply, line);
            assert_eq!(reply["id"], reply_id(message), "{reply} to {message}");
        }
    }
}

/// Feed `data`, split on `\n`, line by line to a server rooted in the
/// scratch folder; panic when a reply breaks an invariant or a call changed
/// anything outside the plans folder.
pub fn fuzz_mcp_lines(data: &[u8]) {
    let guard = scratch()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let root = guard.join("root");
    reset(&root);
    let server = Server::new(&root);
    for line in data.split(|&b| b == b'\n') {
        one_line(&server, line);
    }
    let changed = "a call changed something outside the plans folder";
    assert_eq!(names(&root), [".agents", "notes.md"], "{changed}");
    assert_eq!(names(&guard), ["outside", "root"], "{changed}");
    assert_eq!(names(&guard.join("outside")), ["outside.md"], "{changed}");
    let read = |p: PathBuf| std::fs::read_to_string(p).expect("read a scratch file");
    assert_eq!(read(root.join("notes.md")), NOTES, "{changed}");
    assert_eq!(read(guard.join("outside/outside.md")), OUTSIDE, "{changed}");
}
