//! `plans report`: what happened to the plans between two revisions.

use std::path::PathBuf;

use execplan::report::{self, Format, Options};

use crate::env::Env;
use crate::exit::EXIT_OK;
use crate::format::ReportFormat;
use crate::term;

/// Arguments of `plans report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Start of the range, exclusive (default: the previous tag; none: the whole history).
    #[arg(long, value_name = "REV")]
    pub from: Option<String>,
    /// End of the range, inclusive.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub to: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// Write the report to PATH (markdown: chart files beside it) instead of stdout.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// A minijinja template replacing the built-in markdown or HTML one.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
}

/// Run `plans report`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    let format = match args.format {
        ReportFormat::Markdown => Format::Markdown,
        ReportFormat::Html => Format::Html,
        ReportFormat::Json => Format::Json,
    };
    let template = match &args.template {
        Some(_) if format == Format::Json => {
            return Err(execplan::Error::Invalid(
                "--template works with --format markdown or html, not json".to_string(),
            ))
        }
        Some(p) => {
            let p = env.cwd.join(p);
            let text = std::fs::read_to_string(&p).map_err(|source| execplan::Error::Io {
                path: p.clone(),
                source,
            })?;
            let name = p.file_name().map_or_else(
                || "template".to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            Some((name, text))
        }
        None => None,
    };
    let options = Options {
        from: args.from.clone(),
        to: Some(args.to.clone()),
    };
    let built = crate::progress::run("reading history", format != Format::Json, || {
        report::build(env, &options)
    })?;
    let out = args.out.as_ref().map(|o| env.cwd.join(o));
    let stem = out.as_ref().and_then(|o| {
        o.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
    });
    let rendered = report::render(
        &built,
        format,
        template.as_ref().map(|(n, t)| (n.as_str(), t.as_str())),
        stem.as_deref(),
    )?;
    match &out {
        Some(path) => {
            report::render::write(path, &rendered)?;
            let mut files = vec![path.display().to_string()];
            if let Some(dir) = path.parent() {
                files.extend(
                    rendered
                        .files
                        .iter()
                        .map(|(n, _)| dir.join(n).display().to_string()),
                );
            }
            eprintln!("wrote {}", term::escape(&files.join(", ")));
        }
        None => {
            // JSON keeps text exact (serde escapes control characters); the
            // markdown template escapes plan text itself; HTML is escaped by
            // minijinja. Control characters that a custom template lets
            // through are escaped here, newlines kept.
            let text = if format == Format::Json {
                rendered.text
            } else {
                rendered
                    .text
                    .split('\n')
                    .map(term::escape)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            out!("{text}");
        }
    }
    Ok(EXIT_OK)
}
