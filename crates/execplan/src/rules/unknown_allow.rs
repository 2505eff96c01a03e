//! EP023 `unknown-allow`: An inline allow names a rule that does not exist.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};

/// EP023: An inline allow names a rule that does not exist.
pub const RULE: Rule = Rule {
    id: "EP023",
    name: "unknown-allow",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "An inline allow names a rule that does not exist.",
    doc: "`<!-- execplan: allow-file(tick-without-evidenc) -->` allows nothing: a name that is no rule's id or name is otherwise ignored, and the finding it meant to allow stays. The configuration file refuses such a name; a comment in a plan cannot stop a run, so it is reported here, with the nearest rule when one is close. `all` allows every rule; `plans rules` lists them.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(12, &[(
                "Fewer retries.\n",
                "Fewer retries.\n<!-- execplan: allow-file(tick-without-evidenc) -->\n",
            )]),
            Fixture::at(20, &[(
                "- [x] (2025-10-01 13:00Z) Wrote the budget.",
                "<!-- execplan: allow(EP007, banana) -->\n- [x] (2025-10-01 13:00Z) Wrote the budget.",
            )]),
        ],
        clean: &[
            Fixture::clean(&[(
                "Fewer retries.\n",
                "Fewer retries.\n<!-- execplan: allow-file(tick-without-evidence, EP016, all) -->\n",
            )]),
            // Inside a code block it is text, not an allow.
            Fixture::clean(&[(
                "Fewer retries.\n",
                "Fewer retries.\n\n```text\n<!-- execplan: allow(banana) -->\n```\n",
            )]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for a in &ctx.plan.allows {
        let range = ctx.source.line_range(a.line);
        let line = &ctx.source.text[range.clone()];
        let mut from = 0;
        for name in &a.rules {
            // Where this name sits in the comment, for the caret.
            let at = line[from..].find(name.as_str()).map(|i| from + i);
            if let Some(i) = at {
                from = i + name.len();
            }
            if name.eq_ignore_ascii_case("all") || super::find(name).is_some() {
                continue;
            }
            let span = match at {
                Some(i) => range.start + i..range.start + i + name.len(),
                None => range.clone(),
            };
            let help = match super::closest(name) {
                Some(r) => format!("did you mean `{}` ({})? `plans rules` lists them", r.name, r.id),
                None => "name a rule by its id or name, or `all`; `plans rules` lists them".to_string(),
            };
            out.push(
                Finding::new(span, format!("`{name}` is not a rule: this allow does nothing for it"))
                    .label("no such rule")
                    .help(help),
            );
        }
    }
}
