//! `plans timeline`.

use std::path::PathBuf;

use execplan::check::load;
use execplan::timeline::{for_plans, from_history, PlanRef, PlanTimeline, TimelineSet};
use serde_json::json;

use super::Env;
use crate::{term, ListFormat, EXIT_OK};

/// Arguments of `plans timeline`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A plan file or folder (default: every plan in the configured folders).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    /// Read history at this revision (tags, `HEAD~3`, ids); the working files are still
    /// what is shown, and their differences from REV are not uncommitted changes.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

/// Run `plans timeline`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    // No working tree (a bare repository) or no plans folder in it: read the
    // plans from history at the revision instead.
    let loaded = match load(&env.root, &env.config, &env.paths(&args.paths)) {
        Ok((l, _)) => l,
        Err(execplan::Error::NoPlansFolder { .. }) if args.paths.is_empty() => {
            let set = from_history(&env.root, &env.config, args.rev.as_deref(), env.now)?;
            return Ok(print(&set, args.format));
        }
        Err(e) => return Err(e),
    };
    // As `fill` and `list` do: an unreadable plan (binary, not UTF-8) is an
    // error on stderr and exit 2, and the others are still shown.
    let mut trouble = false;
    let mut plans = Vec::new();
    for l in loaded {
        match l.result {
            Ok((s, p)) if l.explicit || p.looks_like_plan() => plans.push((l.path, s, p)),
            Ok(_) => {}
            Err(e) => {
                term::error(env.color, &e.to_string());
                trouble = true;
            }
        }
    }
    let refs: Vec<PlanRef<'_>> = plans
        .iter()
        .map(|(p, s, pl)| (p.as_path(), Some((s, pl))))
        .collect();
    let spinner = crate::progress::Spinner::start("reading history");
    let set = for_plans(&env.root, &env.config, args.rev.as_deref(), &refs, env.now);
    drop(spinner);
    let set = set?;
    let code = print(&set, args.format);
    Ok(if trouble { crate::EXIT_TROUBLE } else { code })
}

fn print(set: &TimelineSet, format: ListFormat) -> u8 {
    let tls: Vec<&PlanTimeline> = set.timelines.iter().flatten().collect();
    match format {
        ListFormat::Json => {
            let doc = json!({
                "schema": crate::render::json::SCHEMA,
                "head": set.head,
                "shallow": set.shallow,
                "plans": tls,
            });
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        ListFormat::Human => print!("{}", human(&tls, set.shallow)),
    }
    EXIT_OK
}

fn fact(f: Option<&execplan::timeline::Fact>) -> String {
    f.map_or("-".to_string(), |f| match &f.commit {
        Some(_) => format!(
            "{} {} {}",
            f.time.format("%Y-%m-%d %H:%MZ"),
            f.short,
            term::escape(&f.author)
        ),
        None => format!("{} (uncommitted)", f.time.format("%Y-%m-%d %H:%MZ")),
    })
}

fn human(tls: &[&PlanTimeline], shallow: bool) -> String {
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
