//! `plans list` output.

use execplan::summary::{State, Summary};
use serde_json::json;

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
    let mut out = String::new();
    let h = line(&header);
    out.push_str(&if color {
        format!("\x1b[1m{h}\x1b[0m")
    } else {
        h
    });
    out.push('\n');
    for (c, r) in cells.iter().zip(rows) {
        let l = line(c);
        let style = match r.state {
            State::Done => "\x1b[32m",
            State::Stale => "\x1b[33m",
            _ => "",
        };
        if color && !style.is_empty() {
            out.push_str(&format!("{style}{l}\x1b[0m\n"));
        } else {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out!("{out}");
}

/// Print JSON.
pub fn json(rows: &[Summary]) {
    let doc = json!({"schema": super::json::SCHEMA, "plans": rows});
    outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
}
