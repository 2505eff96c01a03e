//! `plans timeline`.

use std::path::PathBuf;

use execplan::plans::{select_ahead, timelines_ahead};
use execplan::timeline::{attach_evidence, from_history, TimelineSet};

use super::Env;
use crate::{render, term, ListFormat, EXIT_OK, EXIT_TROUBLE};

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
    let human = args.format == ListFormat::Human;
    let selected = crate::progress::run("reading history", human, || {
        select_ahead(
            &env.root,
            &env.config,
            &env.paths(&args.paths),
            args.rev.as_deref(),
        )
    });
    let (selection, ahead) = match selected {
        Ok(s) => s,
        Err(execplan::Error::NoPlansFolder { .. }) if args.paths.is_empty() => {
            let mut set = from_history(&env.root, &env.config, args.rev.as_deref(), env.now)?;
            attach_evidence(&env.root, &env.config, &mut set)?;
            print(&set, args.format);
            return Ok(EXIT_OK);
        }
        Err(e) => return Err(e),
    };
    for e in &selection.unreadable {
        term::error(env.color, &e.to_string());
    }
    let set = crate::progress::run("reading history", human, || {
        let mut set = timelines_ahead(
            &env.root,
            &env.config,
            args.rev.as_deref(),
            &selection.plans,
            env.now,
            ahead,
        )?;
        if set.head.is_some() {
            attach_evidence(&env.root, &env.config, &mut set)?;
        }
        Ok::<_, execplan::Error>(set)
    })?;
    print(&set, args.format);
    Ok(if selection.unreadable.is_empty() {
        EXIT_OK
    } else {
        EXIT_TROUBLE
    })
}

fn print(set: &TimelineSet, format: ListFormat) {
    match format {
        ListFormat::Json => {
            let mut out = std::io::BufWriter::new(crate::out::Stdout);
            // Stdout itself never fails here (`crate::out` keeps its failures);
            // serialising a timeline cannot either.
            let _ = render::timeline::json(set, &mut out);
            let _ = std::io::Write::write_all(&mut out, b"\n");
        }
        ListFormat::Human => out!("{}", render::timeline::human(set)),
    }
}
