//! What the hook says about its findings: only the warnings this commit
//! brings (a warning the plan already had at `HEAD` was shown when it came
//! and is not repeated on every later commit), and, for a blocked commit,
//! which errors `fill` mends and which need an edit by hand.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::Staged;
use crate::check::{check_loaded, CheckOptions, Checked};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::parse::parse;
use crate::rules::Severity;
use crate::source::Source;
use crate::workspace::{Loaded, Workspace};

/// A finding as a person would recognise it on another revision of the
/// plan: its rule, its message and the text of its line. Line numbers move
/// when lines above change; an edit of the line itself makes it news.
type Identity = (&'static str, String, String);

fn identity(d: &Diagnostic, source: Option<&Source>) -> Identity {
    let line = source
        .map(|s| s.line(d.line).trim().to_string())
        .unwrap_or_default();
    (d.rule, d.message.clone(), line)
}

impl Staged {
    /// Each staged plan as `HEAD` has it at the same path, decoded and parsed.
    fn at_head(&self, config: &Config) -> Vec<Loaded> {
        let opts = config.parse_options();
        self.plans
            .iter()
            .filter_map(|p| {
                let bytes = self.repo.blob(p.head?).ok()?;
                let path = PathBuf::from(&p.path);
                let source = Source::from_bytes(&path, bytes).ok()?;
                let plan = parse(&source, opts);
                Some(Loaded {
                    path,
                    result: Ok((source, plan)),
                    explicit: false,
                })
            })
            .collect()
    }

    /// Drop from `report` (the staged plans, checked with `opts`) every
    /// warning the same plan already had at `HEAD`, judged the same way with
    /// history read at `HEAD`; returns how many were dropped. Errors stay:
    /// they block the commit whenever they were made.
    pub fn drop_known_warnings(
        &self,
        ws: &Workspace,
        opts: &CheckOptions,
        report: &mut Checked,
    ) -> usize {
        let has_warnings = report
            .diagnostics()
            .any(|d| d.severity == Severity::Warning);
        if !has_warnings {
            return 0;
        }
        let head = self.at_head(&ws.config);
        if head.is_empty() {
            return 0;
        }
        let before = check_loaded(
            ws,
            &CheckOptions {
                paths: Vec::new(),
                history: opts.history,
                rev: Some("HEAD".to_string()),
            },
            head,
        );
        let mut known: HashMap<(PathBuf, Identity), usize> = HashMap::new();
        for p in &before.plans {
            for d in &p.diagnostics {
                if d.severity == Severity::Warning {
                    *known
                        .entry((p.path.clone(), identity(d, p.source.as_ref())))
                        .or_default() += 1;
                }
            }
        }
        let mut dropped = 0;
        for p in &mut report.plans {
            let source = p.source.as_ref();
            let path = p.path.clone();
            p.diagnostics.retain(|d| {
                if d.severity != Severity::Warning {
                    return true;
                }
                match known.get_mut(&(path.clone(), identity(d, source))) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        dropped += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        dropped
    }
}

/// One error of a blocked commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mend {
    /// The plan, relative to the root.
    pub path: PathBuf,
    /// The line in the staged plan.
    pub line: usize,
    /// The rule's id.
    pub rule: &'static str,
    /// The rule's name.
    pub name: &'static str,
    /// The finding's message.
    pub message: String,
    /// The finding's help, when it has one.
    pub help: Option<String>,
}

impl Mend {
    fn of(d: &Diagnostic) -> Self {
        Self {
            path: d.path.clone(),
            line: d.line,
            rule: d.rule,
            name: d.name,
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

/// A blocked commit's errors, by what mends them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mends {
    /// Errors that `fill` removes (dates and tick times from history).
    pub by_fill: Vec<Mend>,
    /// Errors still there after `fill`: an edit by hand.
    pub by_hand: Vec<Mend>,
}

/// Split the errors of `report` (the staged plans as judged by `judge`) by
/// whether `fill` mends them: fill the staged text in memory, judge it
/// again, and what is left is for a person. Nothing is written.
pub fn mends(
    staged: &Staged,
    config: &Config,
    report: &Checked,
    now: DateTime<Utc>,
    judge: impl Fn(Vec<Loaded>) -> Checked,
) -> Result<Mends, Error> {
    let loaded: Vec<Loaded> = report
        .plans
        .iter()
        .filter(|p| p.diagnostics.iter().any(|d| d.severity == Severity::Error))
        .filter_map(|p| {
            Some(Loaded {
                path: p.path.clone(),
                result: Ok((p.source.clone()?, p.plan.clone()?)),
                explicit: false,
            })
        })
        .collect();
    let fills = staged.fills(config, &loaded, now)?;
    let mut filled = loaded;
    let any = !fills.is_empty();
    super::reload(&mut filled, fills, config);
    let after = if any { Some(judge(filled)) } else { None };
    let mut out = Mends::default();
    for p in &report.plans {
        let errors: Vec<&Diagnostic> = p
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let left: Vec<&Diagnostic> = match &after {
            Some(a) => a
                .plans
                .iter()
                .filter(|q| q.path == p.path)
                .flat_map(|q| q.diagnostics.iter())
                .filter(|d| d.severity == Severity::Error)
                .collect(),
            None => errors.clone(),
        };
        // Each error left after filling stands for one before it: the same
        // rule and message, else the same rule (fill may have moved a date
        // the message names). The rest are fill's.
        let mut used = vec![false; errors.len()];
        for l in &left {
            let free = |i: &usize| !used[*i] && errors[*i].rule == l.rule;
            let pick = (0..errors.len())
                .find(|i| free(i) && errors[*i].message == l.message)
                .or_else(|| (0..errors.len()).find(free));
            if let Some(i) = pick {
                used[i] = true;
            }
        }
        for (e, hand) in errors.iter().zip(used) {
            if hand {
                out.by_hand.push(Mend::of(e));
            } else {
                out.by_fill.push(Mend::of(e));
            }
        }
    }
    Ok(out)
}
