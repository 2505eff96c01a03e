//! `plans mcp`: a Model Context Protocol server on stdio (the official `rmcp`
//! SDK). Its tools are the read verbs and every write verb; each plan's
//! markdown is a resource. Every call reads the configuration, the plans and
//! the time afresh, so a long-lived server never acts on a stale view.

use std::path::PathBuf;

use execplan::check::{check, CheckOptions};
use execplan::edit::Op;
use execplan::plans::list;
use execplan::workspace::{find_root, Workspace};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, ContentBlock, Implementation, ListResourcesResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, ServerCapabilities, ServerConfig,
};
use rmcp::service::{RequestContext, RoleServer};
use rmcp::{tool, tool_handler, tool_router, ErrorData, ServerHandler};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::render;

/// What the server tells a client about itself and how to use it.
const INSTRUCTIONS: &str = "ExecPlans are the living design and progress records in this repository's plans folder. \
Read them with list_plans and read_plan; change them only through the write tools (tick, add, split, decide, surprise, outcome, close), \
which stamp ticks in UTC, keep Last Updated true and refuse edits that would leave a defect. Run check_plan after a series of writes.";

/// The server: a folder to work in, and the tool table.
#[derive(Debug, Clone)]
pub struct PlansServer {
    cwd: PathBuf,
    tool_router: ToolRouter<Self>,
}

/// A plan, by path or slug.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct PlanArg {
    /// The plan: a path to its file (relative to the repository root), or its
    /// slug (file name without `.md`).
    pub plan: String,
}

/// An optional plan (all plans when absent).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct MaybePlanArg {
    /// The plan: a path or slug; every plan when absent.
    #[serde(default)]
    #[schemars(with = "String")]
    pub plan: Option<String>,
}

/// A write tool's arguments: the plan, and the verb's own arguments, the
/// same type the command line parses (`execplan::edit::Tick`, …).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct On<T> {
    /// The plan: a path to its file (relative to the repository root), or its
    /// slug (file name without `.md`).
    pub plan: String,
    /// The verb's arguments.
    #[serde(flatten)]
    pub args: T,
}

/// A tool's answer: the document the command line prints for the same call.
fn reply(text: String, ok: bool) -> CallToolResult {
    if ok {
        CallToolResult::success(vec![ContentBlock::text(text)])
    } else {
        CallToolResult::error(vec![ContentBlock::text(text)])
    }
}

fn failed(e: &execplan::Error) -> CallToolResult {
    reply(render::write::error_json(e), false)
}

/// A tool's work as one call: its document, or its error as a tool error.
fn answer(run: impl FnOnce() -> Result<String, execplan::Error>) -> CallToolResult {
    match run() {
        Ok(text) => reply(text, true),
        Err(e) => failed(&e),
    }
}

#[tool_router]
impl PlansServer {
    /// A server working in `cwd` (the repository or a folder in it).
    pub fn new(cwd: PathBuf) -> Self {
        Self {
            cwd,
            tool_router: Self::tool_router(),
        }
    }

    /// The workspace at the repository root, read afresh for each call: the
    /// configuration validated as the command line validates it, paths
    /// relative to the root (as `list_plans` shows them).
    fn workspace(&self) -> Result<Workspace, ErrorData> {
        Workspace::open(&find_root(&self.cwd))
            .map_err(|e| ErrorData::internal_error(e.to_string(), None))
    }

    fn write(&self, plan: &str, op: Op) -> Result<CallToolResult, ErrorData> {
        let ws = self.workspace()?;
        let result = execplan::edit::write(&ws, plan, &op);
        Ok(reply(render::write::json(&result), result.is_ok()))
    }

    #[tool(
        description = "List the plans: path, title, owner, done/total, last updated, state (draft, active, done, stale). The `plans list --format json` document."
    )]
    async fn list_plans(&self) -> Result<CallToolResult, ErrorData> {
        let ws = self.workspace()?;
        Ok(answer(|| Ok(render::list::json(&list(&ws, &[])?.rows))))
    }

    #[tool(
        description = "Read one plan as structured JSON: metadata, sections, Progress items with state and timestamps, decisions, surprises."
    )]
    async fn read_plan(
        &self,
        Parameters(a): Parameters<PlanArg>,
    ) -> Result<CallToolResult, ErrorData> {
        let ws = self.workspace()?;
        Ok(answer(|| {
            let p = ws.read_plan(&ws.plan(&a.plan)?)?;
            Ok(render::plan::json(&p.path.display().to_string(), &p.plan))
        }))
    }

    #[tool(
        description = "Check one plan (or all) against the rules, history rules included; returns the `plans check --format json` document."
    )]
    async fn check_plan(
        &self,
        Parameters(a): Parameters<MaybePlanArg>,
    ) -> Result<CallToolResult, ErrorData> {
        let ws = self.workspace()?;
        Ok(answer(|| {
            let paths = match &a.plan {
                Some(p) => vec![ws.plan(p)?],
                None => Vec::new(),
            };
            let opts = CheckOptions {
                paths,
                history: true,
                rev: None,
            };
            Ok(render::check::json(&check(&ws, &opts)?, &ws.root))
        }))
    }

    #[tool(
        description = "A plan's timeline from git history: created, last updated, when each item appeared and was ticked, by which commit, and the evidence behind each tick. The `plans timeline --format json` document."
    )]
    async fn timeline(
        &self,
        Parameters(a): Parameters<PlanArg>,
    ) -> Result<CallToolResult, ErrorData> {
        let ws = self.workspace()?;
        Ok(answer(|| {
            let run = execplan::plans::timeline(&ws, &[ws.plan(&a.plan)?], None)?;
            if let Some(e) = run.unreadable.into_iter().next() {
                return Err(e);
            }
            let mut text = Vec::new();
            render::timeline::json(&run.set, &mut text).map_err(|e| {
                execplan::Error::Invalid(format!("cannot write the timeline document: {e}"))
            })?;
            Ok(String::from_utf8_lossy(&text).into_owned())
        }))
    }

    #[tool(
        description = "Tick a Progress item named by its text (exact, else a unique close match) and stamp it now in UTC; undo=true unticks. Ticking a ticked item changes nothing."
    )]
    async fn tick(
        &self,
        Parameters(a): Parameters<On<execplan::edit::Tick>>,
    ) -> Result<CallToolResult, ErrorData> {
        self.write(&a.plan, a.args.into())
    }

    #[tool(description = "Append a Progress item; done=true appends it ticked and stamped now.")]
    async fn add(
        &self,
        Parameters(a): Parameters<On<execplan::edit::Add>>,
    ) -> Result<CallToolResult, ErrorData> {
        self.write(&a.plan, a.args.into())
    }

    #[tool(
        description = "Split an open item into what is done (its new text, ticked and stamped) and what remains (a new open item after it)."
    )]
    async fn split(
        &self,
        Parameters(a): Parameters<On<execplan::edit::Split>>,
    ) -> Result<CallToolResult, ErrorData> {
        self.write(&a.plan, a.args.into())
    }

    #[tool(
        description = "Append a Decision Log entry: decision, rationale, today's date and the author, written like the plan's other entries."
    )]
    async fn decide(
        &self,
        Parameters(a): Parameters<On<execplan::edit::Decide>>,
    ) -> Result<CallToolResult, ErrorData> {
        self.write(&a.plan, a.args.into())
    }

    #[tool(
        description = "Append a Surprises & Discoveries entry: an observation and its evidence."
    )]
    async fn surprise(
        &self,
        Parameters(a): Parameters<On<execplan::edit::Surprise>>,
    ) -> Result<CallToolResult, ErrorData> {
        self.write(&a.plan, a.args.into())
    }

    #[tool(
        description = "Append to Outcomes & Retrospective (replacing a placeholder such as `None yet.`)."
    )]
    async fn outcome(
        &self,
        Parameters(a): Parameters<On<execplan::edit::Outcome>>,
    ) -> Result<CallToolResult, ErrorData> {
        self.write(&a.plan, a.args.into())
    }

    #[tool(
        description = "Close a finished plan: refused, naming what is missing, while items are open or Outcomes & Retrospective is empty; move_to files it in a folder (a working-tree move, no git command)."
    )]
    async fn close(
        &self,
        Parameters(a): Parameters<On<execplan::edit::Close>>,
    ) -> Result<CallToolResult, ErrorData> {
        self.write(&a.plan, a.args.into())
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for PlansServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(Implementation::new("execplan", env!("CARGO_PKG_VERSION")))
        .with_instructions(INSTRUCTIONS)
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let ws = self.workspace()?;
        let resources = plan_files(&ws)
            .into_iter()
            .map(|(uri, rel, title)| {
                let r = Resource::new(uri, rel).with_mime_type("text/markdown");
                match title {
                    Some(t) => r.with_title(t),
                    None => r,
                }
            })
            .collect();
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let ws = self.workspace()?;
        // Only plans are served: a URI is looked up among them, never opened as given.
        let Some((uri, rel, _)) = plan_files(&ws)
            .into_iter()
            .find(|(u, _, _)| *u == request.uri)
        else {
            return Err(ErrorData::resource_not_found(
                format!("no plan at {}; list_resources names them", request.uri),
                None,
            ));
        };
        let text = std::fs::read_to_string(ws.root.join(&rel))
            .map_err(|e| ErrorData::internal_error(format!("{rel}: {e}"), None))?;
        Ok(ReadResourceResult::new(vec![
            ResourceContents::text(text, uri).with_mime_type("text/markdown")
        ])
        .into())
    }
}

/// Every plan as (`file://` URI, path relative to the root, title).
fn plan_files(ws: &Workspace) -> Vec<(String, String, Option<String>)> {
    let Ok(selection) = ws.select(&[]) else {
        return Vec::new();
    };
    selection
        .plans
        .into_iter()
        .map(|p| {
            let uri = format!("file://{}", ws.root.join(&p.path).display());
            let title = p.plan.title.map(|t| t.value);
            (uri, p.path.display().to_string(), title)
        })
        .collect()
}

/// Serve on stdin/stdout until the client disconnects.
pub fn serve(cwd: PathBuf) -> Result<(), String> {
    use rmcp::ServiceExt;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the MCP server: {e}"))?;
    runtime.block_on(async move {
        let service = PlansServer::new(cwd)
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| format!("MCP handshake failed: {e}"))?;
        service
            .waiting()
            .await
            .map(|_| ())
            .map_err(|e| format!("MCP server stopped: {e}"))
    })
}
