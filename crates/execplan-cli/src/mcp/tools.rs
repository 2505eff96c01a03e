//! The tools and resources. A tool answers with the document the command
//! line prints for the same request (`plans check --format json`, a write
//! verb's `--format json`, …); the write tools are the library's write verbs
//! ([`execplan::edit::VERBS`]), so a new verb is a new tool without a line
//! here. Each call opens the workspace afresh at the repository root.

use std::path::Path;

use execplan::check::{check, CheckOptions};
use execplan::workspace::{find_root, Workspace};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::rpc::{params_object, RpcError, INVALID_PARAMS};
use super::string_arg;
use crate::render;

/// One plan, by path or slug.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct PlanArg {
    /// The plan: a path to its file (relative to the repository root), or its
    /// slug (file name without `.md`).
    plan: String,
}

/// One plan, or every plan when absent.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct MaybePlanArg {
    /// The plan: a path or slug; every plan when absent.
    #[serde(default)]
    #[schemars(with = "String")]
    plan: Option<String>,
}

/// The briefing's size.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct BudgetArg {
    /// The most bytes the briefing takes (default 4096).
    #[serde(default)]
    #[schemars(with = "u64")]
    pub(super) budget: Option<usize>,
}

/// No arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct NoArgs {}

/// A read tool's work: a malformed call is a protocol error (the outer
/// result); the tool's own failure is its answer, with `isError` (the inner).
type ReadFn = fn(&Workspace, Value) -> Result<Answer, RpcError>;

/// A read tool's answer: its document and whether the agent should read it
/// as an error, or the error that stopped it.
type Answer = Result<(String, bool), execplan::Error>;

/// A read tool: its name, description, argument schema and work.
struct Read {
    name: &'static str,
    description: &'static str,
    schema: fn() -> schemars::Schema,
    run: ReadFn,
}

/// Read `args` as `T`, or say why not (a protocol error: the call is malformed).
fn parse<T: serde::de::DeserializeOwned>(tool: &str, args: Value) -> Result<T, RpcError> {
    serde_json::from_value(args).map_err(|e| {
        RpcError::new(
            INVALID_PARAMS,
            format!("Invalid arguments for `{tool}`: {e}"),
        )
    })
}

const READS: &[Read] = &[
    Read {
        name: "list_plans",
        description: "List the plans: path, title, owner, done/total, last updated, state (draft, active, done, stale). The `plans list --format json` document.",
        schema: || schemars::schema_for!(NoArgs),
        run: |ws, args| {
            parse::<NoArgs>("list_plans", args)?;
            // A plan that cannot be read makes the answer an error the
            // agent sees, with the rows of every other plan.
            Ok(execplan::plans::list(ws, &[])
                .map(|l| (render::list::json(&l), !l.unreadable.is_empty())))
        },
    },
    Read {
        name: "read_plan",
        description: "Read one plan as structured JSON: metadata, sections, Progress items with state and timestamps, decisions, surprises.",
        schema: || schemars::schema_for!(PlanArg),
        run: |ws, args| {
            let a: PlanArg = parse("read_plan", args)?;
            Ok((|| {
                let p = ws.read_plan(&ws.plan(&a.plan)?)?;
                Ok((render::plan::json(&p.path.display().to_string(), &p.plan), false))
            })())
        },
    },
    Read {
        name: "check_plan",
        description: "Check one plan (or all) against the rules, history rules included. The `plans check --format json` document.",
        schema: || schemars::schema_for!(MaybePlanArg),
        run: |ws, args| {
            let a: MaybePlanArg = parse("check_plan", args)?;
            Ok((|| {
                let paths = match &a.plan {
                    Some(p) => vec![ws.plan(p)?],
                    None => Vec::new(),
                };
                let opts = CheckOptions {
                    paths,
                    history: true,
                    rev: None,
                };
                let checked = check(ws, &opts)?;
                Ok((render::check::json(&checked, &ws.root), !checked.failures.is_empty()))
            })())
        },
    },
    Read {
        name: "timeline",
        description: "A plan's timeline from git history: created, last updated, when each item appeared and was ticked, by which commit, and the evidence behind each tick. The `plans timeline --format json` document.",
        schema: || schemars::schema_for!(PlanArg),
        run: |ws, args| {
            let a: PlanArg = parse("timeline", args)?;
            Ok((|| {
                let run = execplan::plans::timeline(ws, &[ws.plan(&a.plan)?], None)?;
                if let Some(e) = run.unreadable.into_iter().next() {
                    return Err(e);
                }
                if let Some(why) = run.set.failed.first() {
                    return Err(execplan::Error::Invalid(why.clone()));
                }
                let mut text = Vec::new();
                render::timeline::json(&run.set, &mut text).map_err(|e| {
                    execplan::Error::Invalid(format!("cannot write the timeline document: {e}"))
                })?;
                Ok((String::from_utf8_lossy(&text).into_owned(), false))
            })())
        },
    },
    Read {
        name: "prime",
        description: "A briefing for an agent that starts work: the open plans (active first), their open items, their last decisions, and the paths they name that are missing or have drifted; bounded in bytes (4096 by default). The `plans prime --format json` document.",
        schema: || schemars::schema_for!(BudgetArg),
        run: |ws, args| {
            let a: BudgetArg = parse("prime", args)?;
            let budget = a.budget.unwrap_or(render::prime::DEFAULT_BUDGET);
            Ok(execplan::prime::prime(ws).map(|b| (render::prime::json(&b, budget), false)))
        },
    },
];

/// A schema as a tool's `inputSchema`: the object schema, without the
/// meta-schema and title a tool list does not need.
fn input_schema(schema: schemars::Schema) -> Value {
    let mut v = schema.to_value();
    if let Some(o) = v.as_object_mut() {
        o.remove("$schema");
        o.remove("title");
        o.remove("description");
    }
    tidy(&mut v);
    v
}

/// Descriptions as one line (a doc comment's line breaks are layout, not
/// meaning), and no `"default": null` on a string a client would have to
/// reconcile with its type: an absent optional argument is simply absent.
fn tidy(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.get("default").is_some_and(Value::is_null) {
                o.remove("default");
            }
            if let Some(Value::String(d)) = o.get_mut("description") {
                *d = d.split_whitespace().collect::<Vec<_>>().join(" ");
            }
            o.values_mut().for_each(tidy);
        }
        Value::Array(a) => a.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// A write verb's input schema: `plan`, then the verb's own arguments.
fn write_schema(verb: &execplan::edit::Verb) -> (String, Value) {
    let schema = (verb.schema)().to_value();
    let description = schema
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or(verb.name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut input = input_schema(schemars::Schema::try_from(schema).unwrap_or_default());
    if let Some(o) = input.as_object_mut() {
        let props = o
            .entry("properties")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(p) = props.as_object_mut() {
            p.insert(
                "plan".into(),
                json!({"type": "string", "description": "The plan: a path to its file (relative to the repository root), or its slug (file name without `.md`)."}),
            );
        }
        let required = o.entry("required").or_insert_with(|| json!([]));
        if let Some(r) = required.as_array_mut() {
            r.insert(0, json!("plan"));
        }
    }
    (description, input)
}

/// Every tool, for `tools/list`.
pub fn list() -> Vec<Value> {
    let reads = READS.iter().map(|r| {
        json!({"name": r.name, "description": r.description, "inputSchema": input_schema((r.schema)())})
    });
    let writes = execplan::edit::VERBS.iter().map(|v| {
        let (description, schema) = write_schema(v);
        json!({"name": v.name, "description": description, "inputSchema": schema})
    });
    reads.chain(writes).collect()
}

/// A tool's result: its text, and whether it is an error the agent should read.
fn result(text: String, is_error: bool) -> Value {
    json!({"content": [{"type": "text", "text": text}], "isError": is_error})
}

/// The workspace at the repository root, as a command-line verb opens it.
fn workspace(cwd: &Path) -> Result<Workspace, execplan::Error> {
    Workspace::open(&find_root(cwd))
}

/// `tools/call`: run the tool; its failure is a result with `isError`, a
/// malformed call a protocol error.
pub fn call(cwd: &Path, params: Option<&Value>) -> Result<Value, RpcError> {
    let params = params_object(params)?;
    let name = string_arg(&params, "name")?;
    let args = match params.get("arguments") {
        None | Some(Value::Null) => Value::Object(Map::new()),
        Some(v @ Value::Object(_)) => v.clone(),
        Some(_) => {
            return Err(RpcError::new(
                INVALID_PARAMS,
                "Invalid params: `arguments` is an object",
            ))
        }
    };
    let done = |r: Answer| match r {
        Ok((text, is_error)) => result(text, is_error),
        Err(e) => result(render::write::error_json(&e), true),
    };
    if let Some(read) = READS.iter().find(|r| r.name == name) {
        return Ok(match workspace(cwd) {
            Ok(ws) => done((read.run)(&ws, args)?),
            Err(e) => done(Err(e)),
        });
    }
    let Some(verb) = execplan::edit::VERBS.iter().find(|v| v.name == name) else {
        return Err(RpcError::new(
            INVALID_PARAMS,
            format!("Unknown tool `{name}`; tools/list names them"),
        ));
    };
    let mut args = args;
    let plan = match args.as_object_mut().and_then(|o| o.remove("plan")) {
        Some(Value::String(p)) => p,
        _ => {
            return Err(RpcError::new(
                INVALID_PARAMS,
                format!("Invalid arguments for `{name}`: `plan` is a required string"),
            ))
        }
    };
    let op = (verb.parse)(args).map_err(|e| {
        RpcError::new(
            INVALID_PARAMS,
            format!("Invalid arguments for `{name}`: {e}"),
        )
    })?;
    let ws = match workspace(cwd) {
        Ok(ws) => ws,
        Err(e) => return Ok(done(Err(e))),
    };
    let written = execplan::edit::write(&ws, &plan, &op);
    Ok(result(render::write::json(&written), written.is_err()))
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

/// A workspace error as a protocol error (resources have no tool result).
fn internal(e: &execplan::Error) -> RpcError {
    RpcError::new(super::rpc::INTERNAL_ERROR, e.to_string())
}

/// `resources/list`: every plan.
pub fn resources(cwd: &Path) -> Result<Value, RpcError> {
    let ws = workspace(cwd).map_err(|e| internal(&e))?;
    let list: Vec<Value> = plan_files(&ws)
        .into_iter()
        .map(|(uri, name, title)| {
            let mut r = json!({"uri": uri, "name": name, "mimeType": "text/markdown"});
            if let (Some(t), Some(o)) = (title, r.as_object_mut()) {
                o.insert("title".into(), Value::String(t));
            }
            r
        })
        .collect();
    Ok(json!({ "resources": list }))
}

/// The MCP code for a resource that is not there.
const RESOURCE_NOT_FOUND: i64 = -32002;

/// `resources/read`: one plan's text. A URI is looked up among the plans,
/// never opened as given.
pub fn read_resource(cwd: &Path, params: Option<&Value>) -> Result<Value, RpcError> {
    let params = params_object(params)?;
    let uri = string_arg(&params, "uri")?;
    let ws = workspace(cwd).map_err(|e| internal(&e))?;
    let Some((uri, rel, _)) = plan_files(&ws).into_iter().find(|(u, _, _)| *u == uri) else {
        return Err(RpcError::new(
            RESOURCE_NOT_FOUND,
            format!("Resource not found: no plan at {uri}; resources/list names them"),
        ));
    };
    let text = ws.read(Path::new(&rel)).map_err(|e| internal(&e))?;
    Ok(json!({"contents": [{"uri": uri, "mimeType": "text/markdown", "text": text.text}]}))
}

/// `prompts/list`: the briefing, as a prompt a client offers its user.
pub fn prompts() -> Value {
    json!({"prompts": [{
        "name": "prime",
        "title": "Brief me on the plans",
        "description": "The open ExecPlans, their open items, last decisions and paths to mind, to start work from (plans prime).",
        "arguments": [{"name": "budget", "description": "The most bytes the briefing takes (default 4096).", "required": false}],
    }]})
}

/// `prompts/get`: the briefing as one user message.
pub fn prompt(cwd: &Path, params: Option<&Value>) -> Result<Value, RpcError> {
    let params = params_object(params)?;
    let name = string_arg(&params, "name")?;
    if name != "prime" {
        return Err(RpcError::new(
            INVALID_PARAMS,
            format!("Unknown prompt `{name}`; prompts/list names them"),
        ));
    }
    // Prompt arguments are strings.
    let budget = match params.get("arguments").and_then(|a| a.get("budget")) {
        None | Some(Value::Null) => render::prime::DEFAULT_BUDGET,
        Some(Value::String(s)) => s.trim().parse().map_err(|_| {
            RpcError::new(
                INVALID_PARAMS,
                "Invalid arguments: `budget` is a number of bytes",
            )
        })?,
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| {
                RpcError::new(
                    INVALID_PARAMS,
                    "Invalid arguments: `budget` is a number of bytes",
                )
            })?,
        Some(_) => {
            return Err(RpcError::new(
                INVALID_PARAMS,
                "Invalid arguments: `budget` is a number of bytes",
            ))
        }
    };
    let ws = workspace(cwd).map_err(|e| internal(&e))?;
    let briefing = execplan::prime::prime(&ws).map_err(|e| internal(&e))?;
    Ok(json!({
        "description": "The open ExecPlans of this repository",
        "messages": [{"role": "user", "content": {"type": "text", "text": render::prime::text(&briefing, budget, "")}}],
    }))
}
