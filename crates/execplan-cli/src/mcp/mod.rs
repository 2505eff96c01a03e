//! `plans mcp`: a Model Context Protocol server on stdio. Its tools are the
//! read verbs and every write verb; each plan's markdown is a resource.
//!
//! The transport is ours, over JSON-RPC 2.0 lines ([`rpc`]): one line is read,
//! answered and flushed before the next is read, so replies come in the order
//! of the requests, a malformed line is answered (`-32700`, `-32600`) instead
//! of leaving the client waiting, and when stdin closes every request read so
//! far has been answered. Each call opens the workspace afresh at the
//! repository root, as a command-line verb does ([`tools`]).

// The `mcp_lines` fuzz target's entry point (the `fuzzing` feature).
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub mod rpc;
mod tools;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use self::rpc::{Call, RpcError, INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND};

/// The largest line read as one message; a longer one is answered with
/// `-32600` and skipped (a client cannot make the server hold unbounded input).
pub const MAX_LINE: usize = 4 << 20;

/// The protocol revisions this server speaks, newest first.
const PROTOCOL_VERSIONS: [&str; 3] = ["2025-06-18", "2025-03-26", "2024-11-05"];

/// What the server tells a client about itself and how to use it.
const INSTRUCTIONS: &str = "ExecPlans are the living design and progress records in this repository's plans folders. \
Read them with list_plans and read_plan; change them only through the write tools (tick, add, split, decide, surprise, outcome, close), \
which stamp ticks in UTC, keep Last Updated true and refuse edits that would leave a defect. Run check_plan after a series of writes; prime briefs you on the open plans when you start.";

/// The server: the folder it was started in.
pub struct Server {
    cwd: PathBuf,
}

impl Server {
    /// A server for the repository around `cwd`.
    pub fn new(cwd: &Path) -> Self {
        Self {
            cwd: cwd.to_path_buf(),
        }
    }

    /// The reply to one line (see [`rpc::answer`]).
    pub fn answer(&self, line: &[u8]) -> Option<String> {
        rpc::answer(line, &mut |call| self.dispatch(call))
    }

    fn dispatch(&self, call: Call<'_>) -> Result<Value, RpcError> {
        match call.method {
            "initialize" => Ok(initialize(call.params)),
            "ping" => Ok(json!({})),
            "tools/list" => Ok(json!({ "tools": tools::list() })),
            "tools/call" => tools::call(&self.cwd, call.params),
            "resources/list" => tools::resources(&self.cwd),
            "resources/read" => tools::read_resource(&self.cwd, call.params),
            "resources/templates/list" => Ok(json!({ "resourceTemplates": [] })),
            "prompts/list" => Ok(tools::prompts()),
            "prompts/get" => tools::prompt(&self.cwd, call.params),
            m if m.starts_with("notifications/") => Ok(Value::Null),
            m => Err(RpcError::new(
                METHOD_NOT_FOUND,
                format!("Method not found: `{m}`"),
            )),
        }
    }
}

/// The `initialize` result: the client's protocol revision when this server
/// speaks it, else the newest this server speaks.
fn initialize(params: Option<&Value>) -> Value {
    let asked = params
        .and_then(|p| p.get("protocolVersion"))
        .and_then(Value::as_str);
    let version = asked
        .filter(|v| PROTOCOL_VERSIONS.contains(v))
        .unwrap_or(PROTOCOL_VERSIONS[0]);
    json!({
        "protocolVersion": version,
        "capabilities": {
            "tools": {"listChanged": false},
            "resources": {"subscribe": false, "listChanged": false},
            "prompts": {"listChanged": false},
        },
        "serverInfo": {"name": "execplan", "version": env!("CARGO_PKG_VERSION")},
        "instructions": INSTRUCTIONS,
    })
}

/// One line of at most [`MAX_LINE`] bytes from `input`; `Ok(None)` at the end
/// of input. A longer line is read to its end and returned as `Err(len)`.
fn read_line(input: &mut impl BufRead) -> std::io::Result<Option<Result<Vec<u8>, usize>>> {
    let mut line = Vec::new();
    let mut len = 0usize;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            if len == 0 {
                return Ok(None);
            }
            return Ok(Some(if len > MAX_LINE { Err(len) } else { Ok(line) }));
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        len += take;
        if len <= MAX_LINE {
            line.extend_from_slice(&chunk[..take]);
        }
        input.consume(take);
        if done {
            return Ok(Some(if len > MAX_LINE { Err(len) } else { Ok(line) }));
        }
    }
}

/// Serve `input` to `output` until the input ends or the output is gone.
pub fn serve_on(
    cwd: &Path,
    input: &mut impl BufRead,
    output: &mut impl Write,
) -> std::io::Result<()> {
    let server = Server::new(cwd);
    while let Some(line) = read_line(input)? {
        let reply = match line {
            Ok(bytes) => server.answer(&bytes),
            Err(len) => Some(
                json!({"jsonrpc": "2.0", "id": null, "error": {
                    "code": INVALID_REQUEST,
                    "message": format!("Invalid request: {len} bytes, more than the {MAX_LINE} a message may be"),
                }})
                .to_string(),
            ),
        };
        if let Some(reply) = reply {
            // A client that has gone cannot be answered: stop quietly.
            if writeln!(output, "{reply}")
                .and_then(|()| output.flush())
                .is_err()
            {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Serve on stdin/stdout until the client closes stdin.
pub fn serve(cwd: PathBuf) -> Result<(), String> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut output = crate::out::Raw;
    serve_on(&cwd, &mut input, &mut output).map_err(|e| format!("reading stdin: {e}"))
}

/// A required string argument.
fn string_arg(args: &serde_json::Map<String, Value>, name: &str) -> Result<String, RpcError> {
    match args.get(name) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(RpcError::new(
            INVALID_PARAMS,
            format!("Invalid arguments: `{name}` is a string"),
        )),
        None => Err(RpcError::new(
            INVALID_PARAMS,
            format!("Invalid arguments: `{name}` is required"),
        )),
    }
}
