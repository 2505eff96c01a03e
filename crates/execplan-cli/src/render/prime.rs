//! `plans prime`: the briefing as text and as JSON, each bounded in bytes.

use execplan::prime::Briefing;
use serde_json::json;

/// The default size of a briefing, in bytes.
pub const DEFAULT_BUDGET: usize = 4096;

/// What the text keeps for its closing line when it is cut.
const RESERVE: usize = 96;

/// The briefing as text of at most `budget` bytes; `prefix` is the command
/// prefix the agent runs the verbs with, a space included (`cargo plans `),
/// or empty where the verbs are tools of the same name (MCP).
pub fn text(b: &Briefing, budget: usize, prefix: &str) -> String {
    let count = |s: execplan::summary::State| b.plans.iter().filter(|p| p.state == s).count();
    use execplan::summary::State::{Active, Draft, Stale};
    let mut lines = vec![format!(
        "ExecPlans: {} open ({} active, {} stale, {} draft), {} done. Keep the plan as you work, through the verbs: `{prefix}tick <plan> \"<item>\"`, `add`, `split`, `decide`, `surprise`; `{prefix}guard` checks a turn's work against its plan.",
        b.plans.len(),
        count(Active),
        count(Stale),
        count(Draft),
        b.done
    )];
    for p in &b.plans {
        lines.push(String::new());
        let state = format!("{:?}", p.state).to_lowercase();
        lines.push(format!(
            "## {} ({}, {state}, {}/{})",
            p.title.as_deref().unwrap_or(&p.path),
            p.path,
            p.done,
            p.total
        ));
        for item in &p.open {
            lines.push(format!("- [ ] {item}"));
        }
        if p.more_open > 0 {
            lines.push(format!("- … and {} more open", p.more_open));
        }
        for d in &p.decisions {
            lines.push(format!("Decided: {d}"));
        }
        for a in &p.attention {
            lines.push(format!("Attention: {a}"));
        }
    }
    let mut out = String::new();
    let total = lines.len();
    for (i, line) in lines.iter().enumerate() {
        let rest_fits = out.len() + line.len() < budget;
        let room = out.len() + line.len() + 1 + RESERVE <= budget;
        // The opening line is always there (cut to the budget when it must be).
        if i == 0 && !room {
            let mut cut = budget.saturating_sub(RESERVE).min(line.len());
            while !line.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&line[..cut]);
            out.push('\n');
            continue;
        }
        if room || (rest_fits && i + 1 == total) {
            out.push_str(line);
            out.push('\n');
        } else {
            let note = format!(
                "… cut at {budget} bytes ({} more lines; `prime --budget <BYTES>` shows more)\n",
                total - i
            );
            if out.len() + note.len() <= budget {
                out.push_str(&note);
            }
            break;
        }
    }
    out
}

/// The briefing as a JSON document (`"schema": 1`) of at most `budget`
/// bytes: the last plans' attention lines, decisions, open items and then
/// the plans themselves are left out until it fits (`"truncated": true`).
pub fn json(b: &Briefing, budget: usize) -> String {
    let mut b = b.clone();
    let mut truncated = false;
    loop {
        let doc = super::pretty(&json!({
            "schema": super::SCHEMA,
            "budget": budget,
            "truncated": truncated,
            "done": b.done,
            "plans": b.plans,
        }));
        if doc.len() <= budget || b.plans.is_empty() {
            return doc;
        }
        truncated = true;
        let Some(last) = b.plans.last_mut() else {
            return doc;
        };
        if last.attention.pop().is_some() || last.decisions.pop().is_some() {
            continue;
        }
        if last.open.pop().is_some() {
            last.more_open += 1;
            continue;
        }
        b.plans.pop();
    }
}
