//! `plans lsp`: a Language Server (LSP 3.17) over stdio, on rust-analyzer's
//! `lsp-server` (a synchronous loop on channels, no async runtime) with
//! `lsp-types`.
//!
//! The loop owns the documents. A change is applied at once and its static
//! diagnostics are published when no other message has come for
//! [`DEBOUNCE`]; the history pass runs on open and save on the worker thread
//! ([`worker`]), and a newer edit cancels it. Every request sees the latest
//! text (pending changes are checked first). Each request opens the
//! workspace afresh through the front door (`Workspace::open`), as a verb
//! does; documents outside the repository's plans folders get no history and
//! no edits ([`documents`]).
//!
//! The transport owns stdout while the server runs (`crate::out::lsp_stdio`).

mod actions;
mod diagnostics;
mod documents;
mod hover;
mod navigate;
mod symbols;
mod text;
mod worker;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use crossbeam_channel::{select, Sender};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionParams, CompletionParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentDiagnosticParams,
    DocumentSymbolParams, FoldingRangeParams, GotoDefinitionParams, HoverParams, InitializeParams,
    PublishDiagnosticsParams, Uri,
};
use serde_json::{json, Value};

use self::documents::{Doc, Docs, Place};
use self::text::{path_uri, uri_path};

/// How long the static diagnostics wait for typing to pause.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// LSP's code for a request the server could not answer.
const REQUEST_FAILED: i32 = -32803;
/// JSON-RPC's code for a method the server does not serve.
const METHOD_NOT_FOUND: i32 = -32601;
/// JSON-RPC's code for a request that may not be made now.
const INVALID_REQUEST: i32 = -32600;

/// Serve on stdin/stdout until the client says `exit` (or goes away).
pub fn serve(cwd: PathBuf) -> Result<(), String> {
    let (connection, io) = crate::out::lsp_stdio();
    serve_on(connection, &cwd, None)?;
    io.join().map_err(|e| format!("the LSP transport: {e}"))
}

/// Serve on `connection` (the stdio transport, or a memory connection in
/// tests): the workspace is the client's first workspace folder (else
/// `cwd`), at `now` when given (else the clock or `EXECPLAN_NOW`).
pub fn serve_on(
    connection: Connection,
    cwd: &Path,
    now: Option<DateTime<Utc>>,
) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let init: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let dir = client_root(&init).unwrap_or_else(|| cwd.to_path_buf());
    let caps = &init.capabilities;
    let pull = caps
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some());
    let refresh = caps
        .workspace
        .as_ref()
        .and_then(|w| w.diagnostic.as_ref())
        .and_then(|d| d.refresh_support)
        .unwrap_or(false);
    connection
        .initialize_finish(
            id,
            json!({
                "capabilities": capabilities(),
                "serverInfo": {"name": "plans", "version": env!("CARGO_PKG_VERSION")},
            }),
        )
        .map_err(|e| e.to_string())?;
    let place = Place { dir, now };
    let (jobs, done) = worker::start(place.clone());
    let mut server = Server {
        sender: connection.sender.clone(),
        place,
        docs: Docs::default(),
        dirty: HashSet::new(),
        jobs,
        pull,
        refresh,
        next_id: 0,
        shutdown: false,
    };
    loop {
        let timeout = if server.dirty.is_empty() {
            crossbeam_channel::never()
        } else {
            crossbeam_channel::after(DEBOUNCE)
        };
        select! {
            recv(connection.receiver) -> msg => {
                let Ok(msg) = msg else { return Ok(()) };
                match msg {
                    Message::Request(req) if req.method == "shutdown" => {
                        server.send(Response::new_ok(req.id, ()));
                        server.shutdown = true;
                    }
                    Message::Request(req) if server.shutdown => {
                        server.send(Response::new_err(req.id, INVALID_REQUEST, "the server is shutting down".to_string()));
                    }
                    Message::Request(req) => {
                        server.flush();
                        server.request(req);
                    }
                    Message::Notification(n) => {
                        if n.method == "exit" {
                            return Ok(());
                        }
                        server.notification(n);
                    }
                    Message::Response(_) => {}
                }
            }
            recv(done) -> d => {
                if let Ok(d) = d {
                    server.landed(d);
                }
            }
            recv(timeout) -> _ => server.flush(),
        }
    }
}

/// The folder the client opened: its first workspace folder, else its root.
fn client_root(init: &InitializeParams) -> Option<PathBuf> {
    if let Some(f) = init.workspace_folders.as_ref().and_then(|f| f.first()) {
        return uri_path(&f.uri).filter(|p| p.is_dir());
    }
    #[allow(deprecated)] // older clients send only rootUri
    init.root_uri
        .as_ref()
        .and_then(uri_path)
        .filter(|p| p.is_dir())
}

/// What the server offers.
fn capabilities() -> Value {
    json!({
        "positionEncoding": "utf-16",
        "textDocumentSync": {"openClose": true, "change": 1, "save": {"includeText": false}},
        "hoverProvider": true,
        "codeActionProvider": {"codeActionKinds": ["quickfix", "refactor.rewrite", "source.fixAll"]},
        "documentSymbolProvider": true,
        "foldingRangeProvider": true,
        "completionProvider": {"triggerCharacters": ["/", "`"]},
        "definitionProvider": true,
        "diagnosticProvider": {"identifier": "plans", "interFileDependencies": false, "workspaceDiagnostics": true},
    })
}

/// The requests the server answers (besides `shutdown`).
const SERVED: &[&str] = &[
    "textDocument/diagnostic",
    "workspace/diagnostic",
    "textDocument/codeAction",
    "textDocument/hover",
    "textDocument/documentSymbol",
    "textDocument/foldingRange",
    "textDocument/completion",
    "textDocument/definition",
];

/// The server's state between messages.
struct Server {
    sender: Sender<Message>,
    place: Place,
    docs: Docs,
    /// Documents changed since their static diagnostics were computed.
    dirty: HashSet<Uri>,
    jobs: Sender<worker::Job>,
    /// The client pulls diagnostics (`textDocument/diagnostic`): none are pushed.
    pull: bool,
    /// The client takes `workspace/diagnostic/refresh`.
    refresh: bool,
    next_id: i32,
    /// `shutdown` was asked: only `exit` is awaited now.
    shutdown: bool,
}

impl Server {
    fn send(&self, msg: impl Into<Message>) {
        // A client that has gone is seen by the loop's receiver.
        let _ = self.sender.send(msg.into());
    }

    fn log(&self, message: &str) {
        self.send(Notification::new(
            "window/logMessage".to_string(),
            json!({"type": 2, "message": message}),
        ));
    }

    fn workspace(&self) -> Option<execplan::workspace::Workspace> {
        match self.place.workspace() {
            Ok(ws) => Some(ws),
            Err(e) => {
                self.log(&format!("plans lsp: {e}"));
                None
            }
        }
    }

    /// Compute the static diagnostics of the changed documents and publish.
    fn flush(&mut self) {
        if self.dirty.is_empty() {
            return;
        }
        let dirty: Vec<Uri> = self.dirty.drain().collect();
        let Some(ws) = self.workspace() else { return };
        for uri in dirty {
            if let Some(doc) = self.docs.open.get_mut(&uri) {
                doc.diagnostics = diagnostics::static_check(&ws, doc);
            }
            self.publish(&uri);
        }
    }

    fn publish(&self, uri: &Uri) {
        let Some(doc) = self.docs.open.get(uri) else {
            return;
        };
        if self.pull {
            return;
        }
        let params =
            PublishDiagnosticsParams::new(uri.clone(), diagnostics::lsp_of(doc), Some(doc.version));
        self.send(Notification::new(
            "textDocument/publishDiagnostics".to_string(),
            params,
        ));
    }

    /// Ask the worker for a history pass over `uri`'s current text.
    fn history(&self, uri: &Uri) {
        let Some(doc) = self.docs.open.get(uri) else {
            return;
        };
        let Some(rel) = doc.rel.clone() else { return };
        let _ = self.jobs.send(worker::Job {
            uri: uri.clone(),
            rel,
            text: doc.text.clone(),
            generation: doc.generation(),
            live: doc.generation.clone(),
        });
    }

    /// A history pass came back: kept when its document has not changed since.
    fn landed(&mut self, d: worker::Done) {
        let Some(doc) = self.docs.open.get_mut(&d.uri) else {
            return;
        };
        if doc.generation() != d.generation {
            return;
        }
        doc.history = Some(d.history);
        self.publish(&d.uri);
        if self.pull && self.refresh {
            self.next_id += 1;
            self.send(Request::new(
                RequestId::from(format!("plans-refresh-{}", self.next_id)),
                "workspace/diagnostic/refresh".to_string(),
                Value::Null,
            ));
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(ws) = self.workspace() else { return };
                let uri = p.text_document.uri;
                let mut doc = Doc::new(
                    Some(&ws),
                    &uri,
                    p.text_document.text,
                    p.text_document.version,
                );
                doc.diagnostics = diagnostics::static_check(&ws, &doc);
                self.docs.open.insert(uri.clone(), doc);
                self.publish(&uri);
                self.history(&uri);
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                let Some(doc) = self.docs.open.get_mut(&uri) else {
                    return;
                };
                // Full sync: the last change holds the whole text.
                if let Some(c) = p.content_changes.into_iter().last() {
                    doc.changed(c.text, p.text_document.version);
                    self.dirty.insert(uri);
                }
            }
            "textDocument/didSave" => {
                let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                if let (Some(text), Some(doc)) = (p.text, self.docs.open.get_mut(&uri)) {
                    if text != doc.text {
                        let version = doc.version;
                        doc.changed(text, version);
                        self.dirty.insert(uri.clone());
                    }
                }
                self.flush();
                self.history(&uri);
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                if let Some(mut doc) = self.docs.open.remove(&uri) {
                    // Cancel a pass under way.
                    doc.changed(String::new(), doc.version);
                }
                self.dirty.remove(&uri);
                if !self.pull {
                    self.send(Notification::new(
                        "textDocument/publishDiagnostics".to_string(),
                        PublishDiagnosticsParams::new(uri, Vec::new(), None),
                    ));
                }
            }
            _ => {}
        }
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        if !SERVED.contains(&req.method.as_str()) {
            let m = format!("{}: not served by plans lsp", req.method);
            return self.send(Response::new_err(id, METHOD_NOT_FOUND, m));
        }
        let result = self.answer(req);
        self.send(match result {
            Ok(v) => Response::new_ok(id, v),
            Err(e) => Response::new_err(id, REQUEST_FAILED, e),
        });
    }

    fn answer(&mut self, req: Request) -> Result<Value, String> {
        let method = req.method.clone();
        let bad = |e: serde_json::Error| format!("{method}: invalid params: {e}");
        let Some(ws) = self.workspace() else {
            return Err("the workspace cannot be opened (see the log)".to_string());
        };
        match req.method.as_str() {
            "textDocument/diagnostic" => {
                let p: DocumentDiagnosticParams =
                    serde_json::from_value(req.params).map_err(bad)?;
                let items = self
                    .docs
                    .open
                    .get(&p.text_document.uri)
                    .map(diagnostics::lsp_of)
                    .unwrap_or_default();
                Ok(report(None, None, p.previous_result_id.as_deref(), &items))
            }
            "workspace/diagnostic" => {
                let p: lsp_types::WorkspaceDiagnosticParams =
                    serde_json::from_value(req.params).map_err(bad)?;
                let previous: std::collections::HashMap<String, String> = p
                    .previous_result_ids
                    .into_iter()
                    .map(|r| (r.uri.as_str().to_string(), r.value))
                    .collect();
                Ok(self.workspace_diagnostics(&ws, &previous))
            }
            "textDocument/codeAction" => {
                let p: CodeActionParams = serde_json::from_value(req.params).map_err(bad)?;
                let uri = p.text_document.uri.clone();
                let Some(doc) = self.docs.open.get_mut(&uri) else {
                    return Ok(json!([]));
                };
                Ok(to_json(&actions::actions(&ws, &uri, doc, &p)))
            }
            "textDocument/hover" => {
                let p: HoverParams = serde_json::from_value(req.params).map_err(bad)?;
                let pos = p.text_document_position_params;
                let Some(doc) = self.docs.open.get_mut(&pos.text_document.uri) else {
                    return Ok(Value::Null);
                };
                Ok(to_json(&hover::hover(&ws, doc, pos.position)))
            }
            "textDocument/documentSymbol" => {
                let p: DocumentSymbolParams = serde_json::from_value(req.params).map_err(bad)?;
                let Some(doc) = self.docs.open.get(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                Ok(to_json(&symbols::symbols(&doc.buffer(&ws))))
            }
            "textDocument/foldingRange" => {
                let p: FoldingRangeParams = serde_json::from_value(req.params).map_err(bad)?;
                let Some(doc) = self.docs.open.get(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                Ok(to_json(&symbols::folding(&doc.buffer(&ws))))
            }
            "textDocument/completion" => {
                let p: CompletionParams = serde_json::from_value(req.params).map_err(bad)?;
                let pos = p.text_document_position;
                let Some(doc) = self.docs.open.get(&pos.text_document.uri) else {
                    return Ok(Value::Null);
                };
                if doc.rel.is_none() {
                    return Ok(json!([]));
                }
                Ok(to_json(&navigate::complete(
                    &ws,
                    &doc.buffer(&ws),
                    pos.position,
                )))
            }
            "textDocument/definition" => {
                let p: GotoDefinitionParams = serde_json::from_value(req.params).map_err(bad)?;
                let pos = p.text_document_position_params;
                let Some(doc) = self.docs.open.get(&pos.text_document.uri) else {
                    return Ok(Value::Null);
                };
                Ok(to_json(&navigate::definition(
                    &ws,
                    &doc.buffer(&ws),
                    pos.position,
                )))
            }
            m => Err(format!("{m}: not served by plans lsp")),
        }
    }

    /// `workspace/diagnostic`: `check` over the plans folders with the
    /// history rules; an open document is reported as its buffer reads.
    fn workspace_diagnostics(
        &self,
        ws: &execplan::workspace::Workspace,
        previous: &std::collections::HashMap<String, String>,
    ) -> Value {
        let was = |uri: &Uri| previous.get(uri.as_str()).map(String::as_str);
        let opts = execplan::check::CheckOptions {
            paths: Vec::new(),
            history: true,
            rev: None,
        };
        let mut items = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        if let Ok(checked) = execplan::check::check(ws, &opts) {
            for p in &checked.plans {
                let Some(uri) = path_uri(&ws.root.join(&p.path)) else {
                    continue;
                };
                if self.docs.open.contains_key(&uri) {
                    continue;
                }
                let text = p.source.as_ref().map_or("", |s| s.text.as_str());
                let list = diagnostics::lsp_all(&p.diagnostics, text);
                seen.insert(uri.as_str().to_string());
                items.push(report(Some(&uri), Some(Value::Null), was(&uri), &list));
            }
        }
        for (uri, doc) in &self.docs.open {
            if doc.rel.is_some() && !seen.contains(uri.as_str()) {
                let list = diagnostics::lsp_of(doc);
                items.push(report(Some(uri), Some(json!(doc.version)), was(uri), &list));
            }
        }
        json!({ "items": items })
    }
}

/// A document diagnostic report: `unchanged` when the client's previous
/// result id is that of these diagnostics, else `full` with a new one (a
/// hash of the diagnostics). With `uri`, a workspace report's item.
fn report(
    uri: Option<&Uri>,
    version: Option<Value>,
    previous: Option<&str>,
    items: &[lsp_types::Diagnostic],
) -> Value {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    to_json(&items).to_string().hash(&mut h);
    let id = format!("{:016x}", h.finish());
    let mut v = if previous == Some(id.as_str()) {
        json!({"kind": "unchanged", "resultId": id})
    } else {
        json!({"kind": "full", "resultId": id, "items": items})
    };
    if let (Some(o), Some(uri)) = (v.as_object_mut(), uri) {
        o.insert("uri".to_string(), json!(uri));
        o.insert("version".to_string(), version.unwrap_or(Value::Null));
    }
    v
}

/// An answer as JSON (one that cannot be is `null`).
fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}
