//! `check`: discover, read, parse, run the rules, apply inline allows.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use regex::Regex;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::discover::{discover, Found};
use crate::error::Error;
use crate::model::Plan;
use crate::parse::parse;
use crate::rules::{self, Ctx, Finding, Severity};
use crate::source::Source;

/// Options for a check run.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The repository (or working) root: configuration, plans folders and
    /// rooted paths are relative to it.
    pub root: PathBuf,
    /// Explicit files or folders; empty means the configured plans folders.
    pub paths: Vec<PathBuf>,
    /// The current time.
    pub now: DateTime<Utc>,
    /// Run the history rules (EP101–EP105).
    pub history: bool,
    /// Revision to read history at (default `HEAD`; the working tree then
    /// counts as uncommitted changes).
    pub rev: Option<String>,
}

/// What the history pass saw.
#[derive(Debug, Clone, Default)]
pub struct HistoryInfo {
    /// The commit history was read from (`None`: no commits yet).
    pub head: Option<String>,
    /// The clone is shallow: facts before its boundary are unknown.
    pub shallow: bool,
}

/// A plan file after reading and checking.
#[derive(Debug)]
pub struct CheckedPlan {
    /// Path relative to the root when under it.
    pub path: PathBuf,
    /// The decoded text, when it could be decoded.
    pub source: Option<Source>,
    /// The parsed plan, when the text could be decoded.
    pub plan: Option<Plan>,
    /// What the rules found (inline allows already applied).
    pub diagnostics: Vec<Diagnostic>,
}

/// The result of a check run.
#[derive(Debug, Default)]
pub struct Report {
    /// Plans checked, in path order.
    pub plans: Vec<CheckedPlan>,
    /// Markdown files in plans folders that do not look like plans.
    pub not_plans: Vec<PathBuf>,
    /// Files passed over, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
    /// Files that could not be read at all (operational errors).
    pub failures: Vec<Error>,
    /// Notes about the run itself (history skipped, shallow clone, …).
    pub notes: Vec<String>,
    /// The history pass, when it ran.
    pub history: Option<HistoryInfo>,
}

impl Report {
    /// All diagnostics, in plan order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.plans.iter().flat_map(|p| p.diagnostics.iter())
    }

    /// Number of diagnostics at a severity.
    pub fn count(&self, sev: Severity) -> usize {
        self.diagnostics().filter(|d| d.severity == sev).count()
    }
}

/// A plan read from disk, before rules run.
#[derive(Debug)]
pub struct Loaded {
    /// Path relative to the root when under it.
    pub path: PathBuf,
    /// Decoded text and parsed plan, or why they are not there.
    pub result: Result<(Source, Plan), Error>,
    /// Whether the path was named explicitly (then it is a plan whatever it looks like).
    pub explicit: bool,
}

/// Discover, read and parse plans, in parallel over the machine's cores.
pub fn load(
    root: &Path,
    config: &Config,
    paths: &[PathBuf],
) -> Result<(Vec<Loaded>, Found), Error> {
    let mut found = discover(root, config, paths)?;
    let files = std::mem::take(&mut found.files);
    let explicit: Vec<bool> = files
        .iter()
        .map(|f| paths.iter().any(|p| p == f || root.join(p) == root.join(f)))
        .collect();
    let opts = config.parse_options();
    let read = |rel: &PathBuf| -> Result<(Source, Plan), Error> {
        let full = if rel.is_absolute() {
            rel.clone()
        } else {
            root.join(rel)
        };
        let bytes = std::fs::read(&full).map_err(|source| Error::Io {
            path: rel.clone(),
            source,
        })?;
        let source = Source::from_bytes(rel, bytes)?;
        let plan = parse(&source, &opts);
        Ok((source, plan))
    };
    let results = parallel_map(&files, read);
    let loaded = files
        .into_iter()
        .zip(results)
        .zip(explicit)
        .map(|((path, result), explicit)| Loaded {
            path,
            result,
            explicit,
        })
        .collect();
    Ok((loaded, found))
}

/// Map over items on every core, keeping order. Plain scoped threads: the
/// work is embarrassingly parallel and a thread pool crate would add nothing.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads < 2 || items.len() < 16 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| s.spawn(|| c.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Discover and check every plan (static rules, then history rules when asked).
pub fn check(config: &Config, opts: &CheckOptions) -> Result<Report, Error> {
    let (loaded, found) = load(&opts.root, config, &opts.paths)?;
    let mut report = check_loaded(config, opts, loaded);
    report.skipped = found.skipped;
    Ok(report)
}

/// Check plans that are already read: from disk, from the index (the
/// pre-commit hook), or from any other source. Their text is what counts as
/// the working-tree version for the history rules.
pub fn check_loaded(config: &Config, opts: &CheckOptions, loaded: Vec<Loaded>) -> Report {
    let mut report = Report::default();
    let unreadable = rules::find("unreadable-plan").map(|r| (r, config.severity(r)));
    for l in loaded {
        match l.result {
            Ok((source, plan)) => {
                if !l.explicit && !plan.looks_like_plan() {
                    report.not_plans.push(l.path);
                    continue;
                }
                let ctx = Ctx {
                    plan: &plan,
                    source: &source,
                    config,
                    root: &opts.root,
                    now: opts.now,
                };
                let diagnostics = rules::run_static(&ctx)
                    .into_iter()
                    .map(|(rule, sev, f)| {
                        Diagnostic::new(rule, sev, l.path.clone(), Some(&source), f)
                    })
                    .collect();
                report.plans.push(CheckedPlan {
                    path: l.path,
                    source: Some(source),
                    plan: Some(plan),
                    diagnostics,
                });
            }
            Err(e @ (Error::NotUtf8 { .. } | Error::Binary { .. })) => {
                let mut diagnostics = Vec::new();
                if let Some((rule, sev)) = unreadable.filter(|(_, s)| *s != Severity::Off) {
                    let mut d = Diagnostic::new(
                        rule,
                        sev,
                        l.path.clone(),
                        None,
                        Finding::new(0..0, e.to_string()),
                    );
                    if let Error::NotUtf8 { line, column, .. } = e {
                        (d.line, d.column, d.end_line, d.end_column) = (line, column, line, column);
                    }
                    d.message = match &e {
                        Error::Binary { .. } => {
                            "binary file in the plans folder (contains NUL bytes)".into()
                        }
                        _ => "not valid UTF-8".into(),
                    };
                    d.help = Some(match &e {
                        Error::Binary { .. } => "move it out of the plans folder, or add it to `exclude` in execplan.toml".into(),
                        _ => "re-save the file as UTF-8".into(),
                    });
                    diagnostics.push(d);
                }
                report.plans.push(CheckedPlan {
                    path: l.path,
                    source: None,
                    plan: None,
                    diagnostics,
                });
            }
            Err(e) => report.failures.push(e),
        }
    }
    duplicate_slugs(config, &mut report);
    if opts.history {
        history_rules(config, opts, &mut report);
    }
    for p in &mut report.plans {
        if let Some(plan) = &p.plan {
            apply_allows(plan, &mut p.diagnostics);
        }
        p.diagnostics.sort_by_key(|d| (d.line, d.column));
    }
    report
}

/// Run EP101–EP105 over every parsed plan, from one history walk.
fn history_rules(config: &Config, opts: &CheckOptions, report: &mut Report) {
    let idx: Vec<usize> = (0..report.plans.len())
        .filter(|&i| report.plans[i].plan.is_some())
        .collect();
    let refs: Vec<crate::timeline::PlanRef<'_>> = idx
        .iter()
        .map(|&i| {
            let p = &report.plans[i];
            (p.path.as_path(), p.source.as_ref().zip(p.plan.as_ref()))
        })
        .collect();
    let set = match crate::timeline::for_plans(
        &opts.root,
        config,
        opts.rev.as_deref(),
        &refs,
        opts.now,
    ) {
        Ok(s) => s,
        Err(Error::History(crate::history::HistoryError::NotARepository { .. })) => {
            report.notes.push(
                "not a git repository: history rules (EP101–EP105) skipped; static rules ran"
                    .to_string(),
            );
            return;
        }
        Err(e) => {
            report.failures.push(e);
            return;
        }
    };
    if set.shallow {
        report.notes.push(rules::history::UNSHALLOW.to_string());
    }
    report.history = Some(HistoryInfo {
        head: set.head.clone(),
        shallow: set.shallow,
    });
    for (&i, tl) in idx.iter().zip(&set.timelines) {
        let Some(tl) = tl else { continue };
        let p = &mut report.plans[i];
        let (Some(plan), Some(source)) = (&p.plan, &p.source) else {
            continue;
        };
        let found = rules::history::run(plan, tl, set.shallow, config, opts.now);
        let path = p.path.clone();
        p.diagnostics.extend(
            found
                .into_iter()
                .map(|(rule, sev, f)| Diagnostic::new(rule, sev, path.clone(), Some(source), f)),
        );
    }
}

/// Drop diagnostics that an inline allow comment covers.
pub fn apply_allows(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    if plan.allows.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        !plan.allows.iter().any(|a| {
            let named = a.rules.iter().any(|r| {
                r.eq_ignore_ascii_case(d.rule) || r.eq_ignore_ascii_case(d.name) || r == "all"
            });
            named && (a.file || (d.line >= a.line && d.line <= a.until_line))
        })
    });
}

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+(?:[-.]\d+)*)[-_. ]+\D").expect("static regex"));
static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}-\d{2}-\d{2}").expect("static regex"));

/// The number or slug a plan is referred to by.
fn slug_key(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy().to_lowercase();
    if DATE.is_match(&stem) {
        return Some(stem);
    }
    Some(
        NUMBER
            .captures(&stem)
            .and_then(|c| c.get(1))
            .map_or(stem.clone(), |m| m.as_str().to_string()),
    )
}

fn duplicate_slugs(config: &Config, report: &mut Report) {
    let Some(rule) = rules::find("duplicate-slug") else {
        return;
    };
    let sev = config.severity(rule);
    if sev == Severity::Off {
        return;
    }
    let keys: Vec<(Option<PathBuf>, Option<String>)> = report
        .plans
        .iter()
        .map(|p| (p.path.parent().map(Path::to_path_buf), slug_key(&p.path)))
        .collect();
    let paths: Vec<PathBuf> = report.plans.iter().map(|p| p.path.clone()).collect();
    for (i, p) in report.plans.iter_mut().enumerate() {
        let Some(key) = &keys[i].1 else { continue };
        let twins: Vec<String> = paths
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i && keys[*j].0 == keys[i].0 && keys[*j].1.as_ref() == Some(key))
            .map(|(_, q)| q.display().to_string())
            .collect();
        if twins.is_empty() {
            continue;
        }
        let span = p
            .plan
            .as_ref()
            .and_then(|pl| pl.title.as_ref())
            .map_or(0..0, |t| t.span.clone());
        let f = Finding::new(
            span,
            format!(
                "plan number or slug `{key}` is also used by {}",
                twins.join(", ")
            ),
        )
        .label("same number or slug")
        .help("renumber or rename one of them");
        p.diagnostics.push(Diagnostic::new(
            rule,
            sev,
            p.path.clone(),
            p.source.as_ref(),
            f,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug_key(Path::new("0007-add-x.md")).as_deref(),
            Some("0007")
        );
        assert_eq!(
            slug_key(Path::new("10-1-3-approve.md")).as_deref(),
            Some("10-1-3")
        );
        assert_eq!(
            slug_key(Path::new("p12-audio.md")).as_deref(),
            Some("p12-audio")
        );
        assert_eq!(
            slug_key(Path::new("2026-04-23-x.md")).as_deref(),
            Some("2026-04-23-x")
        );
    }
}
