//! Rules about Decision Log and Surprises entries.

use super::{Ctx, Finding};

pub(super) fn incomplete_decision(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for d in &ctx.plan.decisions {
        let mut missing = Vec::new();
        if d.rationale
            .as_ref()
            .is_none_or(|r| r.value.trim().is_empty())
        {
            missing.push("Rationale");
        }
        if d.date_author
            .as_ref()
            .is_none_or(|r| r.value.trim().is_empty())
        {
            missing.push("Date/Author");
        }
        if missing.is_empty() {
            continue;
        }
        out.push(
            Finding::new(
                d.decision.span.clone(),
                format!("decision logged without {}", missing.join(" and ")),
            )
            .label("this decision")
            .help(format!("add `- **{}:** …` after it", missing[0])),
        );
    }
}

pub(super) fn surprise_without_evidence(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
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
