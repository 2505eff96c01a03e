//! EP012 `surprise-without-evidence`: A Surprises & Discoveries observation has no Evidence.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};

/// EP012: A Surprises & Discoveries observation has no Evidence.
pub const RULE: Rule = Rule {
    id: "EP012",
    name: "surprise-without-evidence",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "A Surprises & Discoveries observation has no Evidence.",
    doc: "An observation is worth as much as the evidence behind it: the measurement, log or commit that shows it.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(24, &[("  Evidence: 10 runs on staging.\n", "")]),
        ],
        clean: &[
            Fixture::clean(&[("  Evidence: 10 runs on staging.", "  Evidence: the staging dashboard.")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for s in &ctx.plan.surprises {
        if s.evidence
            .as_ref()
            .is_none_or(|e| e.value.trim().is_empty())
        {
            out.push(
                Finding::new(s.observation.span.clone(), "observation without evidence")
                    .label("what shows this?")
                    .help("add `Evidence: …` (a measurement, log line or commit) after the observation"),
            );
        }
    }
}
