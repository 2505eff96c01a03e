//! `check`: discover, read, parse, run the rules, apply inline allows.

use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::model::Plan;
use crate::rules::{self, Ctx, FolderPlan, HistoryCtx, Severity};
use crate::source::Source;
use crate::timeline::Working;
use crate::workspace::{Loaded, Workspace};

/// Options for a check run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Explicit files or folders (from [`Workspace::targets`]); empty means
    /// the configured plans folders.
    pub paths: Vec<PathBuf>,
    /// Run the history rules (EP1xx).
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
pub struct Checked {
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

impl Checked {
    /// All diagnostics, in plan order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.plans.iter().flat_map(|p| p.diagnostics.iter())
    }

    /// Number of diagnostics at a severity.
    pub fn count(&self, sev: Severity) -> usize {
        self.diagnostics().filter(|d| d.severity == sev).count()
    }
}

/// Discover and check every plan (static rules, then history rules when asked).
pub fn check(ws: &Workspace, opts: &CheckOptions) -> Result<Checked, Error> {
    let (loaded, found) = ws.load(&opts.paths)?;
    let odd: Vec<String> = loaded
        .iter()
        .filter(|l| l.path.to_str().is_none())
        .map(|l| {
            format!(
                "{}: the file name is not UTF-8; it is shown with U+FFFD for the bytes that are not (rename the file to be safe in every tool)",
                l.path.to_string_lossy()
            )
        })
        .collect();
    let mut report = check_loaded(ws, opts, loaded);
    report.skipped = found.skipped;
    report.notes.extend(odd);
    Ok(report)
}

/// Check plans that are already read: from disk, from the index (the
/// pre-commit hook), or from any other source. Their text is what counts as
/// the working-tree version for the history rules.
pub fn check_loaded(ws: &Workspace, opts: &CheckOptions, loaded: Vec<Loaded>) -> Checked {
    let config = &ws.config;
    let mut report = Checked::default();
    // The paths plans name are judged against what the repository tracks
    // and ignores; outside a repository, against the disk alone.
    let files = rules::wants_files(config)
        .then(|| {
            crate::history::Repo::open(&ws.root)
                .and_then(|r| r.files())
                .ok()
        })
        .flatten();
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
                    root: &ws.root,
                    now: ws.now,
                    files: files.as_ref(),
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
            Err(e) => match rules::run_unreadable(config, &e) {
                Some(found) => {
                    let diagnostics = found
                        .into_iter()
                        .map(|(rule, sev, u)| {
                            let mut d = Diagnostic::new(rule, sev, l.path.clone(), None, u.finding);
                            if let Some((line, column)) = u.at {
                                (d.line, d.column, d.end_line, d.end_column) =
                                    (line, column, line, column);
                            }
                            d
                        })
                        .collect();
                    report.plans.push(CheckedPlan {
                        path: l.path,
                        source: None,
                        plan: None,
                        diagnostics,
                    });
                }
                None => report.failures.push(e),
            },
        }
    }
    folder_rules(config, &mut report);
    if opts.history {
        history_rules(ws, opts, &mut report);
    }
    for p in &mut report.plans {
        if let Some(plan) = &p.plan {
            apply_allows(plan, &mut p.diagnostics);
        }
        let rel = ws.rel(&p.path);
        let ignored = config.ignored_rules(rel);
        p.diagnostics.retain(|d| {
            !ignored
                .iter()
                .any(|r| r.eq_ignore_ascii_case(d.rule) || r.eq_ignore_ascii_case(d.name))
        });
        p.diagnostics.sort_by_key(|d| (d.line, d.column));
    }
    report
}

/// Run the history rules (EP1xx) over every parsed plan, from one history walk.
fn history_rules(ws: &Workspace, opts: &CheckOptions, report: &mut Checked) {
    let (config, root, now) = (&ws.config, &ws.root, ws.now);
    let idx: Vec<usize> = (0..report.plans.len())
        .filter(|&i| report.plans[i].plan.is_some())
        .collect();
    let refs: Vec<crate::timeline::PlanRef<'_>> = idx
        .iter()
        .map(|&i| {
            let p = &report.plans[i];
            crate::timeline::PlanRef {
                path: p.path.as_path(),
                current: p
                    .source
                    .as_ref()
                    .zip(p.plan.as_ref())
                    .map(|(s, p)| Working::Parsed(s, p)),
            }
        })
        .collect();
    let set = match crate::timeline::for_plans(root, config, opts.rev.as_deref(), &refs, now)
        .and_then(|mut set| {
            if rules::wants_evidence(config) {
                crate::timeline::attach_evidence(root, config, &mut set, false)?;
            }
            Ok(set)
        }) {
        Ok(s) => s,
        Err(Error::History(crate::history::HistoryError::NotARepository { .. })) => {
            report.notes.push(
                "not a git repository: history rules (EP1xx) skipped; static rules ran".to_string(),
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
    // A partial clone: each plan whose own history cannot be read is a
    // failure of its own; facts that needed other missing objects are unknown.
    for why in &set.failed {
        report.failures.push(Error::Invalid(why.clone()));
    }
    let mut missing = set.missing.clone();
    report.history = Some(HistoryInfo {
        head: set.head.clone(),
        shallow: set.shallow,
    });
    let repo = match rules::wants_drift(config) {
        true => match crate::history::Repo::open(root) {
            Ok(mut r) => {
                // The drift lookups read the same trees again and again
                // (one root per commit, shared subtrees): keep them decoded.
                r.object_cache_size_if_unset(32 << 20);
                Some(r)
            }
            Err(e) => {
                report.failures.push(e.into());
                None
            }
        },
        false => None,
    };
    let mut tracker = match repo.as_ref().map(crate::drift::Tracker::new).transpose() {
        Ok(t) => t.flatten(),
        Err(e) => {
            report.failures.push(e.into());
            None
        }
    };
    for (&i, tl) in idx.iter().zip(&set.timelines) {
        let Some(tl) = tl else { continue };
        let p = &mut report.plans[i];
        let (Some(plan), Some(source)) = (&p.plan, &p.source) else {
            continue;
        };
        let drift = match tracker.as_mut() {
            Some(t) => match rules::drift_facts(root, plan, source, tl, t, config) {
                Ok(d) => d,
                Err(e) if e.is_missing_object() => {
                    let why = format!("{}: context drift unknown: {e}", p.path.display());
                    if !missing.contains(&why) {
                        missing.push(why);
                    }
                    Vec::new()
                }
                Err(e) => {
                    report.failures.push(e.into());
                    Vec::new()
                }
            },
            None => Vec::new(),
        };
        let found = rules::run_history(&HistoryCtx {
            plan,
            timeline: tl,
            shallow: set.shallow,
            config,
            now,
            drift: &drift,
        });
        // Where history knows what became of a path, context-drift says it
        // instead of missing-path's bare "does not exist".
        let drifted: Vec<_> = found
            .iter()
            .filter(|(rule, _, _)| rule.name == "context-drift")
            .map(|(_, _, f)| f.span.clone())
            .collect();
        p.diagnostics
            .retain(|d| d.name != "missing-path" || !drifted.contains(&d.span));
        undatable_ticks(&mut p.diagnostics, tl);
        let path = p.path.clone();
        p.diagnostics.extend(
            found
                .into_iter()
                .map(|(rule, sev, f)| Diagnostic::new(rule, sev, path.clone(), Some(source), f)),
        );
    }
    if let Some(first) = missing.first() {
        report.notes.push(missing_note(missing.len(), first));
    }
}

/// An unstamped tick whose time history is not sure of (ticked before a
/// shallow boundary, or before a move whose older history could not be read):
/// `fill` leaves it alone, so the help must not send the user there.
fn undatable_ticks(diagnostics: &mut [Diagnostic], tl: &crate::timeline::PlanTimeline) {
    let uncertain: Vec<(usize, &crate::timeline::Fact)> = tl
        .items
        .iter()
        .filter_map(|i| Some((i.line?, i.checked_at.as_ref().filter(|f| !f.is_certain())?)))
        .collect();
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.name == "unstamped-checked-item")
    {
        let Some((_, at)) = uncertain.iter().find(|(line, _)| *line == d.line) else {
            continue;
        };
        let why = match &tl.moved_in_from {
            Some(from) if at.moved_in => format!(
                "it was ticked by {} or earlier: the plan was moved in from `{from}` there, and its older history could not be read",
                at.describe()
            ),
            _ => format!(
                "it was ticked by {} or earlier: history is cut there (a shallow clone)",
                at.describe()
            ),
        };
        d.notes.push(why);
        d.help = Some("write `(YYYY-MM-DD HH:MMZ)` after the checkbox: history cannot date this tick, so `plans fill` leaves it".to_string());
    }
}

/// The one note for objects a partial clone lacks: how many, the first, and
/// what is unknown for it.
pub fn missing_note(count: usize, first: &str) -> String {
    let more = match count {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    format!(
        "this clone lacks objects some facts need{more}: {first}. The evidence behind those ticks, the code changed and the context drift they need are unknown (never counted as nothing); every other fact was computed. A full clone brings them, as does `git log --format= -p > /dev/null` once (a partial clone fetches each missing blob on demand)"
    )
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

/// Run the folder rules (EP019) over every plan of the run.
fn folder_rules(config: &Config, report: &mut Checked) {
    let plans: Vec<FolderPlan<'_>> = report
        .plans
        .iter()
        .map(|p| FolderPlan {
            path: &p.path,
            plan: p.plan.as_ref(),
        })
        .collect();
    let found = rules::run_folder(config, &plans);
    for (i, (rule, sev, f)) in found {
        let p = &mut report.plans[i];
        p.diagnostics.push(Diagnostic::new(
            rule,
            sev,
            p.path.clone(),
            p.source.as_ref(),
            f,
        ));
    }
}
