//! `plans list` output.

use execplan::plans::Listing;
use execplan::summary::{State, Summary};
use schemars::JsonSchema;
use serde::Serialize;

use super::doc::{Failure, Skipped};

use crate::style;
use crate::term::{self, escape, ColorChoice};

/// Print the table, fitted to [`term::width`]: the title first, since it is
/// what a reader scans for, and the path last, shortened in its middle
/// folders when the row would not fit (deep plan paths made rows of 160
/// columns and more); `--format json` has every value whole.
pub fn human(rows: &[Summary], color: ColorChoice) {
    human_at(rows, color, term::width());
}

const HEADER: [&str; 6] = ["TITLE", "STATE", "DONE", "UPDATED", "OWNER", "PLAN"];
const GAP: usize = 2;
/// An owner longer than this is cut: a column, not a field to read whole.
const OWNER_MAX: usize = 20;
/// What the path is promised at least when the row is tight.
const PATH_MIN: usize = 24;
/// What the path keeps when the row is too narrow for both: the end of the
/// file name.
const PATH_LEAST: usize = 12;
/// The most the path is promised before the title has its share.
const PATH_MAX: usize = 40;
/// What the title keeps at least when the row is tight.
const TITLE_MIN: usize = 20;

/// A path's first folder and file name, what [`term::shorten_path`] keeps
/// last: `.agents/…/plan.md`, or the path itself when it has no folder
/// between them.
fn ends(path: &str) -> String {
    match path.split('/').collect::<Vec<_>>().as_slice() {
        [first, _, .., file] => format!("{first}/…/{file}"),
        _ => path.to_string(),
    }
}

fn human_at(rows: &[Summary], color: ColorChoice, width: usize) {
    let color = color.enabled(false);
    let mut cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                escape(r.title.as_deref().unwrap_or("-")),
                format!("{:?}", r.state).to_lowercase(),
                format!("{}/{}", r.done, r.total),
                r.last_updated.map_or("-".into(), |d| d.to_string()),
                term::truncate_end(&escape(r.owner.as_deref().unwrap_or("-")), OWNER_MAX),
                escape(&r.path),
            ]
        })
        .collect();
    let widest = |cells: &[[String; 6]], i: usize| {
        cells
            .iter()
            .map(|c| term::text_width(&c[i]))
            .chain([HEADER[i].len()])
            .max()
            .unwrap_or(0)
    };
    // The room left to title and path once the middle columns have theirs.
    let middle: usize = (1..5).map(|i| widest(&cells, i) + GAP).sum();
    let room = width.saturating_sub(middle + GAP);
    let (title, path) = (widest(&cells, 0), widest(&cells, 5));
    if title + path > room {
        // The path keeps at least its first folder and file name
        // (`.agents/…/plan.md`), up to PATH_MAX; the title takes the rest.
        let path_floor = cells
            .iter()
            .map(|c| term::text_width(&ends(&c[5])))
            .max()
            .unwrap_or(0)
            .clamp(PATH_MIN, PATH_MAX)
            .min(path);
        let title_w = title.min(room.saturating_sub(path_floor).max(TITLE_MIN));
        // Below its floor the path gives way, not the title.
        let path_w = room.saturating_sub(title_w).max(PATH_LEAST);
        for c in &mut cells {
            c[5] = term::shorten_path(&c[5], path_w);
        }
        // What the paths did not need goes back to the title.
        let title_w = room.saturating_sub(widest(&cells, 5)).max(title_w);
        for c in &mut cells {
            c[0] = term::truncate_end(&c[0], title_w);
        }
    }
    let widths: Vec<usize> = (0..6).map(|i| widest(&cells, i)).collect();
    let line = |c: &[String]| {
        let mut s = String::new();
        for (i, v) in c.iter().enumerate() {
            s.push_str(v);
            if i < 5 {
                let pad = widths[i].saturating_sub(term::text_width(v)) + GAP;
                s.push_str(&" ".repeat(pad));
            }
        }
        s.trim_end().to_string()
    };
    let header = HEADER.map(String::from);
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

/// `plans list --format json`.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "plans list --format json")]
pub struct Document<'a> {
    /// `$schema` and `schema`.
    #[serde(flatten)]
    pub header: super::doc::Header,
    /// One row per plan, in path order.
    pub plans: &'a [Summary],
    /// Plans that could not be read (their file, or their history), one message each.
    pub unreadable: Vec<Failure>,
    /// What discovery passed over, with the reason.
    pub skipped: Vec<Skipped>,
}

/// The document's schema id.
pub const ID: &str = "urn:execplan:schema:list:1";

/// The JSON document (`plans list --format json`, the MCP server's
/// `list_plans`): the rows, and each plan that could not be read.
pub fn json(listing: &Listing) -> String {
    super::pretty_doc(&Document {
        header: super::doc::Header::new(ID),
        plans: &listing.rows,
        unreadable: listing.unreadable.iter().map(Failure::of).collect(),
        skipped: listing
            .skipped
            .iter()
            .map(|(p, why)| Skipped::new(p, why))
            .collect(),
    })
}
