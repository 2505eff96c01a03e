//! `plans timeline`.

use std::path::PathBuf;

use execplan::timeline::TimelineSet;

use crate::env::Env;
use crate::exit::{EXIT_OK, EXIT_TROUBLE};
use crate::format::ListFormat;
use crate::{render, term};

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
    let paths = env.targets(&args.paths)?;
    let human = args.format == ListFormat::Human;
    let run = crate::progress::run("reading history", human, || {
        execplan::plans::timeline(env, &paths, args.rev.as_deref())
    })?;
    for e in &run.unreadable {
        term::error(env.color, &e.to_string());
    }
    term::skipped(env.color, &run.skipped);
    for why in &run.set.failed {
        term::error(env.color, why);
    }
    if let Some(first) = run.set.missing.first() {
        term::note(
            env.color,
            &execplan::check::missing_note(run.set.missing.len(), first),
        );
    }
    print(&run.set, args.format);
    Ok(if run.unreadable.is_empty() && run.set.failed.is_empty() {
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
