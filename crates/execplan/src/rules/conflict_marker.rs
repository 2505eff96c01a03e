//! EP021 `conflict-marker`: The plan holds an unresolved merge conflict.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};

/// EP021: The plan holds an unresolved merge conflict.
pub const RULE: Rule = Rule {
    id: "EP021",
    name: "conflict-marker",
    default: Severity::Error,
    needs: Needs::Static,
    summary: "The plan holds an unresolved merge conflict.",
    doc: "Lines such as `<<<<<<< HEAD`, `=======` and `>>>>>>> branch` are left over from a merge: the plan says two things at once, and Markdown reads `=======` as a heading underline. Keep the right side, delete the markers. Markers inside code blocks are text and are not reported; the other rules read the plan with the markers left out.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(11, &[(
                "Fewer retries.\n",
                "<<<<<<< HEAD\nFewer retries.\n=======\nFewer retries, bounded.\n>>>>>>> budget\n",
            )]),
            Fixture::at(22, &[(
                "- [ ] Add tests (completed: 2/6).\n",
                "- [ ] Add tests (completed: 2/6).\n>>>>>>> budget\n",
            )]),
        ],
        clean: &[
            Fixture::clean(&[(
                "Fewer retries.\n",
                "Fewer retries.\n\n```text\n<<<<<<< HEAD\n=======\n>>>>>>> budget\n```\n",
            )]),
            Fixture::clean(&[("Fewer retries.\n", "Fewer retries.\n\nBudget\n=======\n")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for c in &ctx.plan.conflicts {
        let lines: Vec<String> = c.lines.iter().map(ToString::to_string).collect();
        out.push(
            Finding::new(
                ctx.source.line_range(c.line),
                "unresolved merge conflict",
            )
            .label("conflict marker")
            .note(format!("marker lines: {}", lines.join(", ")))
            .help("keep the right text and delete the `<<<<<<<`, `=======` and `>>>>>>>` lines"),
        );
    }
}
