//! `plans fill`.

use std::path::PathBuf;

use execplan::check::load;
use execplan::fill::{apply, edits, facts, write};
use execplan::timeline::{for_plans, PlanRef};

use super::Env;
use crate::{term, EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};

/// Arguments of `plans fill`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Plan files or folders (default: the configured plans folders).
    pub paths: Vec<PathBuf>,
    /// Change nothing; exit 1 if anything would change (for CI).
    #[arg(long)]
    pub check: bool,
    /// Change nothing; print the diff that filling would apply.
    #[arg(long, conflicts_with = "check")]
    pub dry_run: bool,
}

/// Run `plans fill`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    let (loaded, _) = load(&env.root, &env.config, &env.paths(&args.paths))?;
    let mut trouble = false;
    let mut plans = Vec::new();
    for l in loaded {
        match l.result {
            Ok((source, plan)) if l.explicit || plan.looks_like_plan() => {
                plans.push((l.path, source, plan))
            }
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
    let set = for_plans(&env.root, &env.config, None, &refs, env.now);
    drop(spinner);
    let set = set?;
    if set.shallow {
        term::note(
            env.color,
            "history is shallow: Created dates at the boundary are unknown and left alone; run `git fetch --unshallow` for full history",
        );
    }
    let mut changed = 0;
    for ((path, source, plan), tl) in plans.iter().zip(&set.timelines) {
        let Some(tl) = tl else { continue };
        let e = edits(source, plan, &facts(tl));
        if e.is_empty() {
            continue;
        }
        changed += 1;
        let shown = term::escape(&path.display().to_string());
        if args.dry_run {
            let before = {
                let mut t = String::new();
                if source.bom {
                    t.push('\u{feff}');
                }
                t.push_str(&source.text);
                t
            };
            let after = apply(source, &e);
            let diff = similar::TextDiff::from_lines(&before, &after);
            let text = diff
                .unified_diff()
                .context_radius(1)
                .header(&format!("a/{shown}"), &format!("b/{shown}"))
                .to_string();
            // A CRLF file's line ends are kept by the write; showing each
            // as an escaped `\r` would hide the change in noise.
            print!("{}", term::escape(&text.replace("\r\n", "\n")));
        } else if args.check {
            println!("{shown}: would change");
            for x in &e {
                println!("  {}", term::escape(&x.what));
            }
        } else {
            write(&env.root.join(path), source, &e)?;
            println!("{shown}: filled");
            for x in &e {
                println!("  {}", term::escape(&x.what));
            }
        }
    }
    if changed == 0 && !args.dry_run {
        let n = plans.len();
        println!("{n} plan{}: nothing to fill", if n == 1 { "" } else { "s" });
    }
    Ok(if trouble {
        EXIT_TROUBLE
    } else if args.check && changed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
