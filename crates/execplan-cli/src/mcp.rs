//! `plans mcp`: a Model Context Protocol server on stdio (the official `rmcp`
//! SDK). Its tools are the read verbs and every write verb; each plan's
//! markdown is a resource. Every call reads the configuration, the plans and
//! the time afresh, so a long-lived server never acts on a stale view.

use std::path::PathBuf;

use execplan::check::{check, CheckOptions};
use execplan::config::Config;
use execplan::edit::{read, resolve, Op};
use execplan::plans::{list, select, timelines};
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
use serde_json::Value;

use crate::cmd::{find_root, now, Env};
use crate::{render, ColorChoice};

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
    /// The plan: a path to its file, or its slug (file name without `.md`).
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

/// Arguments of `tick`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct TickArg {
    /// The plan: a path or slug.
    pub plan: String,
    /// The item's text, exact or enough of it to match one item.
    pub item: String,
    /// Untick instead (drops the timestamp).
    #[serde(default)]
    pub undo: bool,
}

/// Arguments of `add`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct AddArg {
    /// The plan: a path or slug.
    pub plan: String,
    /// The new item's text.
    pub text: String,
    /// Add it ticked and stamped now.
    #[serde(default)]
    pub done: bool,
}

/// Arguments of `split`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SplitArg {
    /// The plan: a path or slug.
    pub plan: String,
    /// The open item to split.
    pub item: String,
    /// What is done: the item's new text, ticked.
    pub done: String,
    /// What remains: a new open item after it.
    pub remaining: String,
}

/// Arguments of `decide`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct DecideArg {
    /// The plan: a path or slug.
    pub plan: String,
    /// The decision.
    pub decision: String,
    /// Why it was made.
    pub rationale: String,
    /// Who made it (default: git's user.name, else the plan's Owner).
    #[serde(default)]
    #[schemars(with = "String")]
    pub author: Option<String>,
}

/// Arguments of `surprise`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SurpriseArg {
    /// The plan: a path or slug.
    pub plan: String,
    /// What was observed.
    pub observation: String,
    /// What shows it: a measurement, a log line, a commit.
    pub evidence: String,
}

/// Arguments of `outcome`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct OutcomeArg {
    /// The plan: a path or slug.
    pub plan: String,
    /// What happened: results against the purpose, lessons.
    pub text: String,
}

/// Arguments of `close`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct CloseArg {
    /// The plan: a path or slug.
    pub plan: String,
    /// A folder (relative to the repository root) to move the plan into.
    #[serde(default)]
    #[schemars(with = "String")]
    pub move_to: Option<String>,
}

fn reply(doc: &Value, ok: bool) -> CallToolResult {
    let text =
        serde_json::to_string_pretty(doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    if ok {
        CallToolResult::success(vec![ContentBlock::text(text)])
    } else {
        CallToolResult::error(vec![ContentBlock::text(text)])
    }
}

fn failed(e: &execplan::Error) -> CallToolResult {
    reply(
        &serde_json::json!({"schema": render::json::SCHEMA, "error": render::write::error(e)}),
        false,
    )
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

    fn env(&self) -> Result<Env, ErrorData> {
        let root = find_root(&self.cwd);
        let config =
            Config::load(&root).map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
        let now = now().map_err(|e| ErrorData::internal_error(e, None))?;
        Ok(Env {
            cwd: self.cwd.clone(),
            root,
            config,
            now,
            color: ColorChoice::Never,
            invoked_as: "cargo plans".to_string(),
        })
    }

    fn write(&self, plan: &str, op: Op) -> Result<CallToolResult, ErrorData> {
        let env = self.env()?;
        let result = crate::cmd::write::write(&env, plan, &op);
        Ok(reply(&render::write::document(&result), result.is_ok()))
    }

    #[tool(
        description = "List the plans: path, title, owner, done/total, last updated, state (draft, active, done, stale)."
    )]
    async fn list_plans(&self) -> Result<CallToolResult, ErrorData> {
        let env = self.env()?;
        // The same rows as `plans list`: staleness from history when there is history.
        let listing = match list(&env.root, &env.config, &[], env.now) {
            Ok(l) => l,
            Err(e) => return Ok(failed(&e)),
        };
        Ok(reply(&render::plan::list(&listing.rows), true))
    }

    #[tool(
        description = "Read one plan as structured JSON: metadata, sections, Progress items with state and timestamps, decisions, surprises."
    )]
    async fn read_plan(
        &self,
        Parameters(a): Parameters<PlanArg>,
    ) -> Result<CallToolResult, ErrorData> {
        let env = self.env()?;
        let load = || -> Result<Value, execplan::Error> {
            let p = read(&env.root, &env.cwd, &env.config, &a.plan)?;
            Ok(render::plan::document(
                &p.path.display().to_string(),
                &p.plan,
            ))
        };
        Ok(match load() {
            Ok(doc) => reply(&doc, true),
            Err(e) => failed(&e),
        })
    }

    #[tool(
        description = "Check one plan (or all) against the rules, history rules included; returns the `plans check --format json` document."
    )]
    async fn check_plan(
        &self,
        Parameters(a): Parameters<MaybePlanArg>,
    ) -> Result<CallToolResult, ErrorData> {
        let env = self.env()?;
        let run = || -> Result<Value, execplan::Error> {
            let paths = match &a.plan {
                Some(p) => vec![resolve(&env.root, &env.cwd, &env.config, p)?],
                None => Vec::new(),
            };
            let report = check(
                &env.config,
                &CheckOptions {
                    root: env.root.clone(),
                    paths,
                    now: env.now,
                    history: true,
                    rev: None,
                },
            )?;
            Ok(render::json::document(&report, &env.root))
        };
        Ok(match run() {
            Ok(doc) => reply(&doc, true),
            Err(e) => failed(&e),
        })
    }

    #[tool(
        description = "A plan's timeline from git history: created, last updated, when each item appeared and was ticked, by which commit."
    )]
    async fn timeline(
        &self,
        Parameters(a): Parameters<PlanArg>,
    ) -> Result<CallToolResult, ErrorData> {
        let env = self.env()?;
        let run = || -> Result<Value, execplan::Error> {
            let path = resolve(&env.root, &env.cwd, &env.config, &a.plan)?;
            let selection = select(&env.root, &env.config, &[path])?;
            let set = timelines(&env.root, &env.config, None, &selection.plans, env.now)?;
            Ok(render::plan::timeline(&set))
        };
        Ok(match run() {
            Ok(doc) => reply(&doc, true),
            Err(e) => failed(&e),
        })
    }

    #[tool(
        description = "Tick a Progress item named by its text (exact, else a unique close match) and stamp it now in UTC; undo=true unticks. Ticking a ticked item changes nothing."
    )]
    async fn tick(&self, Parameters(a): Parameters<TickArg>) -> Result<CallToolResult, ErrorData> {
        self.write(
            &a.plan,
            Op::Tick {
                item: a.item,
                undo: a.undo,
            },
        )
    }

    #[tool(description = "Append a Progress item; done=true appends it ticked and stamped now.")]
    async fn add(&self, Parameters(a): Parameters<AddArg>) -> Result<CallToolResult, ErrorData> {
        self.write(
            &a.plan,
            Op::Add {
                text: a.text,
                done: a.done,
            },
        )
    }

    #[tool(
        description = "Split an open item into what is done (its new text, ticked and stamped) and what remains (a new open item after it)."
    )]
    async fn split(
        &self,
        Parameters(a): Parameters<SplitArg>,
    ) -> Result<CallToolResult, ErrorData> {
        self.write(
            &a.plan,
            Op::Split {
                item: a.item,
                done: a.done,
                remaining: a.remaining,
            },
        )
    }

    #[tool(
        description = "Append a Decision Log entry: decision, rationale, today's date and the author, written like the plan's other entries."
    )]
    async fn decide(
        &self,
        Parameters(a): Parameters<DecideArg>,
    ) -> Result<CallToolResult, ErrorData> {
        self.write(
            &a.plan,
            Op::Decide {
                decision: a.decision,
                rationale: a.rationale,
                author: a.author,
            },
        )
    }

    #[tool(
        description = "Append a Surprises & Discoveries entry: an observation and its evidence."
    )]
    async fn surprise(
        &self,
        Parameters(a): Parameters<SurpriseArg>,
    ) -> Result<CallToolResult, ErrorData> {
        self.write(
            &a.plan,
            Op::Surprise {
                observation: a.observation,
                evidence: a.evidence,
            },
        )
    }

    #[tool(
        description = "Append to Outcomes & Retrospective (replacing a placeholder such as `None yet.`)."
    )]
    async fn outcome(
        &self,
        Parameters(a): Parameters<OutcomeArg>,
    ) -> Result<CallToolResult, ErrorData> {
        self.write(&a.plan, Op::Outcome { text: a.text })
    }

    #[tool(
        description = "Close a finished plan: refused, naming what is missing, while items are open or Outcomes & Retrospective is empty; move_to files it in a folder (a working-tree move, no git command)."
    )]
    async fn close(
        &self,
        Parameters(a): Parameters<CloseArg>,
    ) -> Result<CallToolResult, ErrorData> {
        self.write(
            &a.plan,
            Op::Close {
                move_to: a.move_to.map(PathBuf::from),
            },
        )
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
        let env = self.env()?;
        let resources = plan_files(&env)
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
        let env = self.env()?;
        // Only plans are served: a URI is looked up among them, never opened as given.
        let Some((uri, rel, _)) = plan_files(&env)
            .into_iter()
            .find(|(u, _, _)| *u == request.uri)
        else {
            return Err(ErrorData::resource_not_found(
                format!("no plan at {}; list_resources names them", request.uri),
                None,
            ));
        };
        let text = std::fs::read_to_string(env.root.join(&rel))
            .map_err(|e| ErrorData::internal_error(format!("{rel}: {e}"), None))?;
        Ok(ReadResourceResult::new(vec![
            ResourceContents::text(text, uri).with_mime_type("text/markdown")
        ])
        .into())
    }
}

/// Every plan as (`file://` URI, path relative to the root, title).
fn plan_files(env: &Env) -> Vec<(String, String, Option<String>)> {
    let Ok(selection) = select(&env.root, &env.config, &[]) else {
        return Vec::new();
    };
    selection
        .plans
        .into_iter()
        .map(|p| {
            let uri = format!("file://{}", env.root.join(&p.path).display());
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
