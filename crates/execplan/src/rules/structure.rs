//! Rules about sections: presence, emptiness, template text.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::{Ctx, Finding};
use crate::model::{Section, SectionKind};
use crate::source::Source;

pub(super) fn missing_section(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
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

/// The body lines of a section that carry content: not blank, not an HTML
/// comment, not a thematic break.
pub(super) fn content_lines<'s>(source: &'s Source, s: &Section) -> Vec<&'s str> {
    let mut in_comment = false;
    let mut out = Vec::new();
    for l in s.body_lines.0..=s.body_lines.1 {
        let t = source.line(l).trim();
        if in_comment {
            if t.contains("-->") {
                in_comment = false;
            }
            continue;
        }
        if t.starts_with("<!--") {
            in_comment = !t.contains("-->");
            continue;
        }
        if t.is_empty() || t.chars().all(|c| matches!(c, '-' | '*' | '_' | ' ')) {
            continue;
        }
        out.push(t);
    }
    out
}

pub(super) fn empty_section(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for s in &ctx.plan.sections {
        let Some(kind) = s.kind else { continue };
        if content_lines(ctx.source, s).is_empty() {
            out.push(
                Finding::new(
                    s.heading_span.clone(),
                    format!("section `{}` is empty", s.heading),
                )
                .label("nothing under this heading")
                .help(
                    if matches!(kind, SectionKind::Risks | SectionKind::NextSteps) {
                        "write something or remove this optional section"
                    } else {
                        "write something, even `None yet.`"
                    },
                ),
            );
        }
    }
}

/// Guidance sentences from the skeleton and from `plans new`.
pub(crate) const GUIDANCE: &[&str] = &[
    "> **Guide:**",
    "_A living design & execution record for this agent / feature._",
    "<Short, action-oriented description>",
    "Describe the intended capability or fix in one sentence",
    "What new behavior or improvement will exist when this plan is complete?",
    "Explain what the user or system gains and how it",
    "State the measurable or visible outcome",
    "Summarize the current state of the system:",
    "Where this fits (sub-agent, API, or service)",
    "Key files / modules (with full paths)",
    "Known limitations or previous attempts",
    "Define any domain terms or internal jargon",
    "assume reader context from other plans.",
    "Describe the concrete edits and steps:",
    "File /Module — change description.",
    "Expected effect or validation test.",
    "Keep prose tight but explicit enough that another engineer could resume work.",
    "Track all steps with checkboxes and timestamps.",
    "Use UTC timestamps to visualize progress rate.",
    "Always keep this list current",
    "Note any unexpected findings, side effects, optimizations, or new questions.",
    "Every material decision should be logged:",
    "At milestones or completion, capture:",
    "Measured impact vs. intended purpose.",
    "Lessons for next iteration.",
    "What assumptions could fail?",
    "What metrics or user tests will verify success?",
    "for another contributor or phase.",
    "Include links to PRs, issues, or future plans.",
];

static GUIDE: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(GUIDANCE)
        .ok()
});

pub(super) fn template_text(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(ac) = GUIDE.as_ref() else { return };
    let text = &ctx.source.text;
    let mut last_line = 0;
    for m in ac.find_iter(text) {
        let (line, _) = ctx.source.line_col(m.start());
        if line == last_line {
            continue;
        }
        last_line = line;
        // Guidance quoted inside a code block (a plan about templates) is content.
        if ctx.plan.in_code(line) {
            continue;
        }
        out.push(
            Finding::new(
                ctx.source.line_range(line),
                "template guidance left in the plan",
            )
            .label("this is an instruction to the author, not content")
            .help("replace it with the plan's own words"),
        );
    }
}

const PLACEHOLDER_BODIES: &[&str] = &[
    "tbd",
    "todo",
    "none yet",
    "(none yet)",
    "not started yet",
    "not started",
    "in progress",
    "pending",
    "n/a",
    "to be written",
    "to be filled in",
];

/// `- _(None yet.)_` and `None yet` compare equal.
fn placeholder_form(text: &str) -> String {
    let t: String = text
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '_' | '*' | '`'))
        .collect();
    t.trim()
        .trim_start_matches(['-', ' '])
        .trim_end_matches(['.', ' '])
        .trim()
        .to_string()
}

pub(super) fn unfilled_section(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let (done, total) = ctx.plan.done_total();
    if total == 0 || done < total {
        return;
    }
    for s in &ctx.plan.sections {
        if !matches!(
            s.kind,
            Some(SectionKind::Surprises | SectionKind::Decisions | SectionKind::Outcomes)
        ) {
            continue;
        }
        let lines = content_lines(ctx.source, s);
        let body = placeholder_form(&lines.join(" "));
        if !lines.is_empty()
            && PLACEHOLDER_BODIES
                .iter()
                .any(|p| body == placeholder_form(p))
        {
            out.push(
                Finding::new(
                    s.heading_span.clone(),
                    format!(
                        "`{}` still says `{}` on a finished plan",
                        s.heading,
                        lines.join(" ")
                    ),
                )
                .label(format!("all {total} Progress items are done"))
                .help("say what happened, or `None.` if nothing did"),
            );
        }
    }
}
