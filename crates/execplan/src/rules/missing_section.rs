//! EP001 `missing-section`: A required section is missing.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::SectionKind;

/// EP001: A required section is missing.
pub const RULE: Rule = Rule {
    id: "EP001",
    name: "missing-section",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "A required section is missing.",
    doc: "The skeleton's living sections (Purpose / Big Picture, Context and Orientation, Plan of Work, Progress, Surprises & Discoveries, Decision Log, Outcomes & Retrospective) are what lets another person or agent resume the work. Headings are matched by normalised text (case, `&`/`and`, numbering, trailing punctuation, any level); add aliases under `[sections]` and change the list with `required-sections`.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(1, &[("## Plan of Work\n1. Add the budget.\n\n", "")]),
        ],
        clean: &[
            Fixture::clean(&[("## Plan of Work", "### 3. Plan of work:")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let missing: Vec<SectionKind> = ctx
        .config
        .required()
        .into_iter()
        .filter(|k| ctx.plan.section(*k).is_none())
        .collect();
    if missing.is_empty() {
        return;
    }
    let span = ctx.plan.title.as_ref().map_or(0..0, |t| t.span.clone());
    let names: Vec<String> = missing
        .iter()
        .map(|k| format!("`## {}`", k.heading()))
        .collect();
    let (verb, noun) = if missing.len() == 1 {
        ("is", "section")
    } else {
        ("are", "sections")
    };
    out.push(
        Finding::new(span, format!("required {noun} {} {verb} missing", names.join(", ")))
            .label("in this plan")
            .help("add the heading (any level, case and `&`/`and` are free), or add an alias under [sections] in execplan.toml"),
    );
}
