//! EP017 `status-contradiction`: The plan's status or folder contradicts its checkboxes.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::MetaKey;

/// EP017: The plan's status or folder contradicts its checkboxes.
pub const RULE: Rule = Rule {
    id: "EP017",
    name: "status-contradiction",
    default: Severity::Error,
    needs: Needs::Static,
    summary: "The plan's status or folder contradicts its checkboxes.",
    doc: "A `Status: Complete` plan with open items, a `Not started` plan with ticked items, or a plan in a `completed/` or `done/` folder that is still open: one of the two is wrong.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(9, &[("- **Related Plans:** None.", "- **Related Plans:** None.\n- **Status:** Complete")]),
            Fixture::at(1, &[])
                .in_file("completed/p.md"),
        ],
        clean: &[
            Fixture::clean(&[("- **Related Plans:** None.", "- **Related Plans:** None.\n- **Status:** In progress")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let (done, total) = ctx.plan.counts();
    let open = total - done;
    if let Some(status) = ctx.plan.meta(MetaKey::Status) {
        match claim(&status.value) {
            Claim::Done if open > 0 => out.push(
                Finding::new(
                    status.value_span.clone(),
                    format!(
                        "status says `{}` but {open} of {total} items are open",
                        status.value
                    ),
                )
                .label("claims done")
                .help("tick the finished items (with timestamps), or set the status back"),
            ),
            Claim::NotStarted if done > 0 => out.push(
                Finding::new(
                    status.value_span.clone(),
                    format!(
                        "status says `{}` but {done} of {total} items are ticked",
                        status.value
                    ),
                )
                .label("claims not started")
                .help("update the status"),
            ),
            _ => {}
        }
    }
    let folder_done = super::paths::in_finished_folder(&ctx.plan.path);
    if folder_done && open > 0 {
        let span = ctx.plan.title.as_ref().map_or(0..0, |t| t.span.clone());
        out.push(
            Finding::new(
                span,
                format!("plan is in a finished folder but {open} of {total} items are open"),
            )
            .label("filed as finished")
            .help("tick the finished items, or move the plan back to the active folder"),
        );
    }
}

/// What a Status value claims.
#[derive(Debug, PartialEq, Eq)]
enum Claim {
    Done,
    NotStarted,
    Active,
    Unknown,
}

fn claim(value: &str) -> Claim {
    let v = value.to_lowercase();
    let words: Vec<&str> = v
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    if v.contains("not started")
        || has("planned")
        || has("proposed")
        || has("todo")
        || has("pendiente")
    {
        return Claim::NotStarted;
    }
    if has("not") || has("incomplete") || has("partial") || has("partially") {
        return Claim::Active;
    }
    if has("complete")
        || has("completed")
        || has("done")
        || has("finished")
        || has("closed")
        || has("shipped")
        || has("merged")
        || has("completado")
        || has("terminado")
        || v.contains('✅')
    {
        return Claim::Done;
    }
    if has("active") || has("progress") || has("in-progress") || has("wip") || has("ongoing") {
        return Claim::Active;
    }
    Claim::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_claims() {
        assert_eq!(claim("COMPLETE"), Claim::Done);
        assert_eq!(claim("✅ **COMPLETE**"), Claim::Done);
        assert_eq!(claim("Done (2025-10-01)"), Claim::Done);
        assert_eq!(claim("INCOMPLETE"), Claim::Active);
        assert_eq!(claim("not complete"), Claim::Active);
        assert_eq!(claim("Not started"), Claim::NotStarted);
        assert_eq!(claim("IN PROGRESS"), Claim::Active);
        assert_eq!(claim("draft"), Claim::Unknown);
    }
}
