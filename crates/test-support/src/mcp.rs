//! A Model Context Protocol client for tests: the real `cargo-plans mcp` on
//! pipes, spoken to one JSON-RPC line at a time.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::{json, Value};

use crate::cli::{plans_command, NOW};

/// How long a test waits for one answer: a server that never answers (a
/// line it dropped) fails the test instead of hanging it.
const ANSWER_WITHIN: Duration = Duration::from_secs(60);

/// `cargo-plans mcp` running in a folder, with its pipes.
pub struct McpClient {
    child: Child,
    stdin: Option<ChildStdin>,
    /// The server's stdout, line by line, read on a thread of its own.
    lines: Receiver<String>,
    next: u64,
}

impl McpClient {
    /// Start the server in `dir` at [`NOW`] (not yet initialised).
    pub fn start(dir: &Path) -> Self {
        let mut child = plans_command(dir, NOW)
            .arg("mcp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start cargo-plans mcp");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            stdin,
            lines,
            next: 1,
        }
    }

    /// Start and complete the handshake (`initialize`, then `initialized`).
    pub fn initialized(dir: &Path) -> Self {
        let mut c = Self::start(dir);
        let init = c.call(
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "0"}}),
        );
        assert!(init["result"].is_object(), "{init}");
        c.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        c
    }

    /// Write one line as it is (valid JSON or not).
    pub fn send_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        writeln!(stdin, "{line}").expect("write to the server");
        stdin.flush().expect("flush to the server");
    }

    /// Write one message.
    pub fn send(&mut self, msg: &Value) {
        self.send_line(&msg.to_string());
    }

    /// The next line the server writes, parsed; `None` when it closed
    /// stdout. Panics when no line comes within a minute.
    pub fn read(&mut self) -> Option<Value> {
        match self.lines.recv_timeout(ANSWER_WITHIN) {
            Ok(line) => Some(serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"))),
            Err(RecvTimeoutError::Disconnected) => None,
            Err(RecvTimeoutError::Timeout) => {
                panic!("the server gave no answer within {ANSWER_WITHIN:?}")
            }
        }
    }

    /// A request, and its response (other messages in between are skipped).
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self.read().expect("server closed stdout");
            if msg["id"] == json!(id) {
                return msg;
            }
        }
    }

    /// A tool call: whether it is a tool error, and its text content.
    pub fn tool_text(&mut self, name: &str, args: Value) -> (bool, String) {
        let r = self.call("tools/call", json!({"name": name, "arguments": args}));
        let result = &r["result"];
        let text = result["content"][0]["text"]
            .as_str()
            .unwrap_or_else(|| panic!("{r}"));
        (result["isError"] == json!(true), text.to_string())
    }

    /// A tool call: whether it is a tool error, and its content parsed as JSON.
    pub fn tool(&mut self, name: &str, args: Value) -> (bool, Value) {
        let (err, text) = self.tool_text(name, args);
        (
            err,
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")),
        )
    }

    /// Close stdin (the client is done) and wait for the server to exit.
    pub fn finish(mut self) -> Vec<Value> {
        drop(self.stdin.take());
        let mut rest = Vec::new();
        while let Some(m) = self.read() {
            rest.push(m);
        }
        let _ = self.child.wait();
        rest
    }
}

impl Drop for McpClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
