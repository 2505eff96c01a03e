//! `plans list` output.

use execplan::plans::Listing;
use execplan::summary::{State, Summary};
use serde_json::json;

use crate::style;
use crate::term::{escape, ColorChoice};

/// Print the table.
pub fn human(rows: &[Summary], color: ColorChoice) {
    let color = color.enabled(false);
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                escape(&r.path),
                format!("{:?}", r.state).to_lowercase(),
                format!("{}/{}", r.done, r.total),
                r.last_updated.map_or("-".into(), |d| d.to_string()),
                escape(r.owner.as_deref().unwrap_or("-")),
                escape(r.title.as_deref().unwrap_or("-")),
            ]
        })
        .collect();
    let header = ["PLAN", "STATE", "DONE", "UPDATED", "OWNER", "TITLE"].map(String::from);
    let mut widths = header.clone().map(|h| h.chars().count());
    for c in &cells {
        for (w, v) in widths.iter_mut().zip(c) {
            *w = (*w).max(v.chars().count());
        }
    }
    let line = |c: &[String; 6]| {
        let mut s = String::new();
        for (i, v) in c.iter().enumerate() {
            if i == 5 {
                s.push_str(v);
            } else {
                s.push_str(&format!("{v:<w$}  ", w = widths[i]));
            }
        }
        s.trim_end().to_string()
    };
    let mut out = style::paint(style::BOLD, &line(&header), color);
    out.push('\n');
    for (c, r) in cells.iter().zip(rows) {
        let l = line(c);
        out.push_str(&match r.state {
            State::Done => style::paint(style::GREEN, &l, color),
            State::Stale => style::paint(style::YELLOW, &l, color),
            _ => l,
        });
        out.push('\n');
    }
    out!("{out}");
}

/// The JSON document (`plans list --format json`, the MCP server's
/// `list_plans`): the rows, and each plan that could not be read.
pub fn json(listing: &Listing) -> String {
    let unreadable: Vec<_> = listing
        .unreadable
        .iter()
        .map(|e| json!({"message": e.to_string()}))
        .collect();
    let skipped: Vec<_> = listing
        .skipped
        .iter()
        .map(|(p, why)| json!({"path": p.to_string_lossy(), "reason": why}))
        .collect();
    super::pretty(&json!({
        "schema": super::SCHEMA,
        "plans": listing.rows,
        "unreadable": unreadable,
        "skipped": skipped,
    }))
}
