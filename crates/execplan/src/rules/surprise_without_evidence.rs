//! EP012 `surprise-without-evidence`: A Surprises & Discoveries observation has no Evidence.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};

/// EP012: A Surprises & Discoveries observation has no Evidence.
pub const RULE: Rule = Rule {
    id: "EP012",
    name: "surprise-without-evidence",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "A Surprises & Discoveries observation has no Evidence.",
    doc: "An observation is worth as much as the evidence behind it: the measurement, log or commit that shows it. Reported in a plan that writes `Evidence:` lines, for the observation that has none (a plan that writes none at all follows a convention without them: its observations are reported only with `require-evidence = true` in execplan.toml). An `Evidence:` line gives it; so does an observation that carries its own: a file and line, a path, a command in a code span, a figure (`4.2 s`, `12/40`, `50 lines`, `from 14 to 3`) or a count of things (`20 qubits`), a searchable identifier in a code span (`QDMI_ERROR_NOTSUPPORTED`, `session.file`), how it was shown (measured, reproduced, exposed by a run), a commit id, an issue or pull request, a link, a qualified code symbol (`Loader::warm`) or a code block under it.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            // One observation of a plan that writes Evidence lines forgot its own.
            Fixture::at(26, &[("  Evidence: 10 runs on staging.\n", "  Evidence: 10 runs on staging.\n- Observation: the queue backs up.\n")]),
            // A plan without any, once the project asks for them.
            Fixture::at(24, &[("  Evidence: 10 runs on staging.\n", "")]).with_config("require-evidence = true\n"),
        ],
        clean: &[
            Fixture::clean(&[("  Evidence: 10 runs on staging.", "  Evidence: the staging dashboard.")]),
            // A plan that writes no Evidence lines: its convention.
            Fixture::clean(&[("  Evidence: 10 runs on staging.\n", "")]),
            // Evidence written into the observation itself.
            Fixture::clean(&[("  Evidence: 10 runs on staging.\n", "  Evidence: 10 runs on staging.\n- Observation: p99 went from 1.1 s to 2.3 s under retries.\n")]),
            Fixture::clean(&[("  Evidence: 10 runs on staging.\n", "  Evidence: 10 runs on staging.\n- Observation: `Budget::spend` double-counts at `crates/client/src/lib.rs:40`.\n")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let surprises = &ctx.plan.surprises;
    // A plan that writes no `Evidence:` line follows a convention without
    // them: its observations are reported only when that is asked for.
    let keeps_evidence = surprises
        .iter()
        .any(|s| s.evidence.as_ref().is_some_and(|e| !e.value.trim().is_empty()));
    if !keeps_evidence && !ctx.config.require_evidence {
        return;
    }
    for (n, s) in surprises.iter().enumerate() {
        // The observation's own text up to the next one (or the section's
        // end), code blocks under it included.
        let start = s.observation.span.start;
        let end = surprises
            .get(n + 1)
            .map(|next| next.observation.span.start)
            .or_else(|| {
                ctx.plan
                    .sections
                    .iter()
                    .find(|sec| sec.body.start <= start && start <= sec.body.end)
                    .map(|sec| sec.body.end)
            })
            .unwrap_or(start)
            .clamp(start, ctx.source.text.len());
        let own = ctx.source.text.get(start..end).unwrap_or_default();
        if s.evidence
            .as_ref()
            .is_none_or(|e| e.value.trim().is_empty())
            && !super::inline::carries_evidence(own)
        {
            out.push(
                Finding::new(s.observation.span.clone(), "observation without evidence")
                    .label("what shows this?")
                    .help("add `Evidence: …` (a measurement, log line or commit) after the observation, or name in it the file, command, figure or commit that shows it"),
            );
        }
    }
}
