//! EP107 `context-drift`: a path named in Context and Orientation that history
//! shows was renamed or deleted since the plan last changed, or (in an active
//! plan) changed a lot since its Last Updated.

use std::path::Path;

use super::{paths, Check, Finding, Fixture, Fixtures, HistoryCtx, Later, Needs, Rule, Severity};
use crate::config::Config;
use crate::drift::{Changed, Gone, Tracker};
use crate::history::{HistoryError, ObjectId};
use crate::model::{Plan, Span};
use crate::timeline::PlanTimeline;

/// EP107: A path named in Context and Orientation was renamed or deleted since the plan last changed, or changed a lot since its Last Updated.
pub const RULE: Rule = Rule {
    id: "EP107",
    name: "context-drift",
    default: Severity::Warning,
    needs: Needs::History,
    summary: "A path named in Context and Orientation was renamed or deleted since the plan last changed, or changed a lot since its Last Updated.",
    doc: "Context and Orientation names the files the next reader starts from; history knows when they move. For each path EP015 reads there, history along HEAD's first-parent line is asked what became of it since the plan's Last Updated commit: renamed (the new name is given, following a chain of renames with git's default rename detection), deleted (the commit is named), or, in an active plan (items still open), changed by more than `drift-lines` lines added plus removed (default 200; docs/field-results.md says why) in committed work. Where history knows a vanished path's fate this rule replaces EP015's bare \"does not exist\"; paths history never knew stay EP015's. A finished plan (every item done, filed in a `completed/` or `done/` folder, or a Status that says so) is a record of the repository as the work left it: its paths are not followed. A shallow clone that ends before the plan's commit gives nothing. Rename the path in the plan, drop it, or re-read the changed file and update the plan.",
    check: Check::History(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(14, &[]).then(&[Later::Move("crates/client/src/lib.rs", "crates/client/src/client.rs")]),
            Fixture::at(14, &[]).then(&[Later::Delete("crates/client/src/lib.rs")]),
            Fixture::at(14, &[]).then(&[Later::Grow("crates/client/src/lib.rs", 250)]),
        ],
        clean: &[
            // A finished plan's paths are its record, not drift.
            Fixture::clean(&[("- [ ] Add tests (completed: 2/6).", "- [x] (2025-10-03 08:00Z) Add tests.")]).then(&[Later::Delete("crates/client/src/lib.rs")]),
            Fixture::clean(&[]),
            Fixture::clean(&[]).then(&[Later::Grow("crates/client/src/lib.rs", 150)]),
            Fixture::clean(&[]).then(&[Later::Grow("crates/client/src/lib.rs", 250)]).with_config("drift-lines = 300\n"),
            // A finished plan describes what was; later changes to its files are not drift.
            Fixture::clean(&[("- [ ] Add tests (completed: 2/6).", "- [x] (2025-10-03 08:00Z) Add tests.")])
                .then(&[Later::Grow("crates/client/src/lib.rs", 250)]),
        ],
    },
};

/// What history says about one path named in Context and Orientation.
#[derive(Debug, Clone)]
pub(crate) struct PathDrift {
    span: Span,
    path: String,
    fate: Fate,
}

impl PathDrift {
    /// Where the path is written.
    pub(crate) fn span(&self) -> &Span {
        &self.span
    }

    /// Its name today, when history followed it through renames.
    pub(crate) fn renamed_to(&self) -> Option<&str> {
        match &self.fate {
            Fate::Gone(g) => g.renamed_to(),
            Fate::Changed(..) => None,
        }
    }

    /// What history did to it, as this rule says it.
    pub(crate) fn describe(&self) -> String {
        let mut out = Vec::new();
        check_one(self, 0, &mut out);
        out.pop().map(|f| f.message).unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
enum Fate {
    Gone(Gone),
    Changed(Changed, String),
}

/// The drift of every path `plan` names in Context and Orientation, judged
/// from `timeline`'s Last Updated commit (the last committed revision when
/// Last Updated is uncommitted work). Changes are reported only for active
/// plans, from a committed Last Updated, over `config.drift_lines`.
pub(crate) fn facts(
    root: &Path,
    plan: &Plan,
    source: &crate::source::Source,
    timeline: &PlanTimeline,
    tracker: &mut Tracker<'_>,
    config: &Config,
) -> Result<Vec<PathDrift>, HistoryError> {
    let commit = |f: &crate::timeline::Fact| {
        f.commit
            .as_deref()
            .and_then(|c| ObjectId::from_hex(c.as_bytes()).ok())
    };
    let updated = timeline.last_updated.as_ref().and_then(commit);
    let Some(base) = updated.or_else(|| timeline.revisions.iter().rev().find_map(commit)) else {
        return Ok(Vec::new());
    };
    // A finished plan records the repository as the work left it.
    if paths::is_record(plan) {
        return Ok(Vec::new());
    }
    let (done, total) = plan.counts();
    let active = done < total;
    let mut out = Vec::new();
    // A path the plan says it will create is the plan's own work, not drift.
    for named in paths::context_paths(plan, source, root)
        .into_iter()
        .filter(|n| !n.creates)
    {
        let rels: Vec<String> = named
            .tries
            .iter()
            .filter_map(|t| t.strip_prefix(root).ok())
            .map(crate::timeline::repo_path)
            .collect();
        let here = named
            .tries
            .iter()
            .zip(&rels)
            .find(|(t, _)| t.exists())
            .map(|(_, r)| r);
        let fate = match here {
            Some(rel) => match updated.filter(|_| active) {
                Some(lu) => tracker
                    .changed(lu, rel, config.drift_lines as usize)?
                    .map(|c| Fate::Changed(c, short(lu))),
                None => None,
            },
            None => {
                let mut found = None;
                for rel in &rels {
                    if let Some(g) = tracker.gone(base, rel)? {
                        found = Some(Fate::Gone(g));
                        break;
                    }
                }
                found
            }
        };
        if let Some(fate) = fate {
            out.push(PathDrift {
                span: named.span.clone(),
                path: named.path.to_string(),
                fate,
            });
        }
    }
    Ok(out)
}

fn short(id: ObjectId) -> String {
    id.to_hex_with_len(7).to_string()
}

fn check(ctx: &HistoryCtx<'_>, out: &mut Vec<Finding>) {
    for d in ctx.drift {
        check_one(d, ctx.config.drift_lines, out);
    }
}

/// The finding for one drifted path (`drift_lines`: the configured bar, for the note).
fn check_one(d: &PathDrift, drift_lines: u32, out: &mut Vec<Finding>) {
    {
        let p = &d.path;
        let finding = match &d.fate {
            Fate::Gone(g) => gone(d.span.clone(), p, g),
            Fate::Changed(c, lu) => Finding::new(
                d.span.clone(),
                format!(
                    "`{p}` changed by {} lines (+{} -{}) in {} {} since the plan's Last Updated ({lu})",
                    c.added + c.removed,
                    c.added,
                    c.removed,
                    c.commits,
                    if c.commits == 1 { "commit" } else { "commits" }
                ),
            )
            .label("named in Context and Orientation")
            .note(format!(
                "more than {drift_lines} lines (`drift-lines` in execplan.toml)"
            ))
            .help("re-read the file and update what the plan says about it (that also moves Last Updated)"),
        };
        out.push(finding);
    }
}

fn gone(span: Span, p: &str, g: &Gone) -> Finding {
    let Some(last) = g.steps.last() else {
        return Finding::new(span, format!("`{p}` is gone since the plan last changed"));
    };
    let mut f = match g.renamed_to() {
        Some(to) => Finding::new(
            span,
            format!("`{p}` was renamed to `{to}` since the plan last changed"),
        )
        .help(format!("name it `{to}`")),
        None => Finding::new(span, format!("`{p}` was deleted in {}", last.at.describe()))
            .help("drop the path, or name what replaced it"),
    }
    .label("named in Context and Orientation");
    // A deletion ends the chain and is the headline; renames are the way there.
    for s in &g.steps {
        if let Some(to) = &s.to {
            f = f.note(format!("renamed to `{to}` in {}", s.at.describe()));
        }
    }
    f
}
