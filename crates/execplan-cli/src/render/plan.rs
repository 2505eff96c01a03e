//! One plan as structured JSON (the MCP server's `read_plan`): metadata,
//! sections, items with state and timestamps, decisions, surprises. Text is
//! kept exact.

use execplan::model::{Located, Plan, ProgressItem, StampValue};
use serde_json::{json, Value};

fn located(l: Option<&Located<String>>) -> Value {
    l.map_or(Value::Null, |l| json!({"text": l.value, "line": l.line}))
}

fn item(i: &ProgressItem) -> Value {
    let time = i.stamp.as_ref().and_then(|s| match &s.value {
        StampValue::Instant(t) => Some(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        other => other.date().map(|d| d.to_string()),
    });
    json!({
        "text": i.text,
        "checked": i.checked,
        "line": i.line,
        "stamp": i.stamp.as_ref().map(|s| s.raw.clone()),
        "time": time,
        "children": i.children.iter().map(item).collect::<Vec<_>>(),
    })
}

/// The `read_plan` document, as printed.
pub fn json(path: &str, plan: &Plan) -> String {
    super::pretty(&document(path, plan))
}

fn document(path: &str, plan: &Plan) -> Value {
    let (done, total) = plan.counts();
    json!({
        "schema": super::SCHEMA,
        "path": path,
        "title": plan.title.as_ref().map(|t| t.value.clone()),
        "done": done,
        "total": total,
        "metadata": plan.metadata.iter().map(|m| json!({
            "key": m.key,
            "field": m.field,
            "value": m.value,
            "line": m.line,
        })).collect::<Vec<_>>(),
        "sections": plan.sections.iter().map(|s| json!({
            "heading": s.heading,
            "kind": s.kind,
            "level": s.level,
            "line": s.line,
        })).collect::<Vec<_>>(),
        "items": plan.progress.iter().map(item).collect::<Vec<_>>(),
        "decisions": plan.decisions.iter().map(|d| json!({
            "decision": located(Some(&d.decision)),
            "rationale": located(d.rationale.as_ref()),
            "date_author": located(d.date_author.as_ref()),
        })).collect::<Vec<_>>(),
        "surprises": plan.surprises.iter().map(|s| json!({
            "observation": located(Some(&s.observation)),
            "evidence": located(s.evidence.as_ref()),
        })).collect::<Vec<_>>(),
    })
}
