//! EP015 `missing-path`: A path named in a code span in Context and Orientation does not exist.

use super::paths;
use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};

/// EP015: A path named in a code span in Context and Orientation does not exist.
pub const RULE: Rule = Rule {
    id: "EP015",
    name: "missing-path",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "A path named in a code span in Context and Orientation does not exist.",
    doc: "Context names key files with full paths so the next reader can find them; a path that no longer exists misleads. Only path-shaped code spans count: they contain a `/` and start `./`, end in a name with an extension, or start with a folder that exists; `loader/load` is a code identifier. Paths are resolved against the repository root and the plan's folder, `/<repository-name>/…` too, and then against every tracked folder (`src/auth.ts` in a plan about one package of a monorepo is `apps/relay/src/auth.ts`). Not reported: a path whose first folder is nowhere in the repository (`/Users/…`, `/tmp/…`, another repository's `owner/repo/…`, another package's files), a path git ignores (generated output such as `coverage/lcov.info`), a path inside an archive (`dist.zip/…`), a path the plan says it will create or remove (\"`src/x.rs` (new)\", \"create `src/x.rs`\", \"remove `src/x.rs`\", \"before this plan, `src/x.rs` …\"), and any path of a finished plan (every item done, filed in a `completed/` or `done/` folder, or a Status that says so): its Context records the repository as the work left it.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(14, &[("`crates/client/src/lib.rs`", "`crates/client/src/gone.rs`")]),
            Fixture::at(14, &[("`crates/client/src/lib.rs`", "`crates/client/gone`")]),
        ],
        clean: &[
            Fixture::clean(&[("`crates/client/src/lib.rs`", "`crates/client/src`")]),
            Fixture::clean(&[("`crates/client/src/lib.rs`", "`retry.budget/spend` and `token-bucket/refill`")]),
            // Paths the plan will create, in another repository, in an archive.
            Fixture::clean(&[("The client lives in `crates/client/src/lib.rs`.", "The budget goes in `crates/client/src/budget.rs` (new).")]),
            Fixture::clean(&[("The client lives in `crates/client/src/lib.rs`.", "Create `crates/client/src/budget.rs` for it.")]),
            Fixture::clean(&[("`crates/client/src/lib.rs`", "`upstream-org/retry-lib/src/budget.rs`")]),
            Fixture::clean(&[("`crates/client/src/lib.rs`", "`crates/client/vendor.zip/src/budget.rs`")]),
            Fixture::clean(&[("The client lives in `crates/client/src/lib.rs`.", "Remove `crates/client/src/old.rs` once callers moved.")]),
            // A finished plan is a record of the repository as it was.
            Fixture::clean(&[("`crates/client/src/lib.rs`", "`crates/client/src/gone.rs`"), ("- [ ] Add tests (completed: 2/6).", "- [x] (2025-10-03 08:00Z) Add tests.")]),
            Fixture::clean(&[("`crates/client/src/lib.rs`", "`crates/client/src/gone.rs`")]).in_file("done/p.md"),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if paths::is_record(ctx.plan) {
        return;
    }
    for named in paths::context_paths(ctx.plan, ctx.source, ctx.root) {
        if named.creates || named.tries.iter().any(|p| p.exists()) || paths::elsewhere(ctx, &named)
        {
            continue;
        }
        let p = named.path;
        out.push(
            Finding::new(named.span.clone(), format!("path `{p}` does not exist in the repository"))
                .label("named in Context and Orientation")
                .help("update the path (it may have moved), or write it as plain text if it is not a file"),
        );
    }
}
