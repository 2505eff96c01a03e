//! `plans timeline` output: human text and JSON.

use execplan::evidence::Evidence;
use execplan::timeline::{Fact, PlanTimeline, TimelineSet};
use schemars::JsonSchema;
use serde::Serialize;

use crate::term;

/// `plans timeline --format json`, its fields in sorted order as every
/// other document's (it is written as it is made, not through a `Value`).
#[derive(Serialize, JsonSchema)]
#[schemars(title = "plans timeline --format json")]
pub struct Document<'a> {
    /// The schema this document follows: its `$id`.
    #[serde(rename = "$schema")]
    pub schema_id: &'static str,
    /// The commit history was read from; null outside a repository.
    pub head: Option<&'a str>,
    /// Each plan through history.
    pub plans: Plans<'a>,
    /// The document's version; fields may be added within it.
    pub schema: u32,
    /// True in a shallow clone: facts at the boundary are lower bounds.
    pub shallow: bool,
}

/// The document's schema id.
pub const ID: &str = "urn:execplan:schema:timeline:1";

/// The JSON document (`"schema": 1`), written to `out` as it is made: on a
/// thousand plans the whole document as one value took ten times its size.
pub fn json(set: &TimelineSet, out: impl std::io::Write) -> serde_json::Result<()> {
    let tls: Vec<&PlanTimeline> = set.timelines.iter().flatten().collect();
    let doc = Document {
        schema_id: ID,
        head: set.head.as_deref(),
        plans: Plans(&tls),
        schema: super::SCHEMA,
        shallow: set.shallow,
    };
    serde_json::to_writer_pretty(out, &doc)
}

/// The plans, each made a value (so its keys sort) only while it is written.
pub struct Plans<'a>(&'a [&'a PlanTimeline]);

/// Described as the list of timelines it writes.
impl JsonSchema for Plans<'_> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Plans".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        generator.subschema_for::<Vec<PlanTimeline>>()
    }
}

impl Serialize for Plans<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for tl in self.0 {
            seq.serialize_element(&serde_json::to_value(tl).map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

fn fact(f: Option<&Fact>) -> String {
    f.map_or("-".to_string(), |f| match &f.commit {
        Some(_) => format!(
            "{} {} {}",
            f.time.format(execplan::STAMP_FORMAT),
            f.short,
            term::escape(&f.author)
        ),
        None => format!("{} (uncommitted)", f.time.format(execplan::STAMP_FORMAT)),
    })
}

/// "3 files +120 -4 in 2 commits", or why there is nothing behind a tick.
pub fn evidence(e: &Evidence) -> String {
    if e.unknown.is_some() {
        let files = match e.files.len() {
            0 => "no file known".to_string(),
            1 => "1 file".to_string(),
            n => format!("{n} files"),
        };
        return format!("{files}, lines unknown: this clone lacks an object it needs");
    }
    if e.is_empty() {
        return "none: nothing outside the plans folders changed".to_string();
    }
    let (added, removed) = e.totals();
    let files = if e.files.len() == 1 { "file" } else { "files" };
    let commits = if e.commits.len() == 1 {
        "commit"
    } else {
        "commits"
    };
    let named = match e.named.as_deref() {
        None => String::new(),
        Some([]) => ", none where the plan said".to_string(),
        Some(n) => format!(", {} named by the plan", n.len()),
    };
    format!(
        "{} {files} +{added} -{removed} in {} {commits}{named}",
        e.files.len(),
        e.commits.len()
    )
}

/// Human text: per plan, its facts, items and progress series.
pub fn human(set: &TimelineSet) -> String {
    let tls: Vec<&PlanTimeline> = set.timelines.iter().flatten().collect();
    let shallow = set.shallow;
    let mut s = String::new();
    for tl in tls {
        s.push_str(&format!("{}\n", term::escape(&tl.path)));
        let certain = if tl.created_certain {
            ""
        } else {
            "  (or earlier: history is cut off here)"
        };
        s.push_str(&format!(
            "  created       {}{certain}\n",
            fact(tl.created.as_ref())
        ));
        s.push_str(&format!(
            "  last updated  {}\n",
            fact(tl.last_updated.as_ref())
        ));
        s.push_str(&format!("  revisions     {}\n", tl.revisions.len()));
        for i in &tl.items {
            let mark = if i.checked { "[x]" } else { "[ ]" };
            s.push_str(&format!("  {mark} {}\n", term::escape(&i.text)));
            s.push_str(&format!("        added    {}\n", fact(Some(&i.added))));
            if let Some(c) = &i.checked_at {
                s.push_str(&format!("        ticked   {}\n", fact(Some(c))));
            }
            if let Some(e) = &i.evidence {
                s.push_str(&format!("        evidence {}\n", evidence(e)));
            }
        }
        if !tl.series.is_empty() {
            let pts: Vec<String> = tl
                .series
                .iter()
                .map(|p| format!("{}/{}", p.done, p.total))
                .collect();
            s.push_str(&format!("  progress      {}\n", pts.join(" → ")));
        }
        s.push('\n');
    }
    if shallow {
        s.push_str("note: history is shallow; facts at its boundary are lower bounds (git fetch --unshallow)\n");
    }
    s
}
