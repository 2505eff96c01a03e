//! EP016 `template-text`: Guidance text from the template was left in.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// EP016: Guidance text from the template was left in.
pub const RULE: Rule = Rule {
    id: "EP016",
    name: "template-text",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "Guidance text from the template was left in.",
    doc: "Sentences from the ExecPlan skeleton or from `plans new` (`> **Guide:** …`) are instructions to the author, not content. Replace them with the plan's own words.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(11, &[("Fewer retries.", "Describe the intended capability or fix in one sentence")]),
        ],
        clean: &[
            Fixture::clean(&[("Fewer retries.", "Fewer retries, in one sentence.")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
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

/// Guidance sentences from the skeleton and from `plans new`.
const GUIDANCE: &[&str] = &[
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
