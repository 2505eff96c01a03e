//! EP015 `missing-path`: A path named in a code span in Context and Orientation does not exist.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::SectionKind;

/// EP015: A path named in a code span in Context and Orientation does not exist.
pub const RULE: Rule = Rule {
    id: "EP015",
    name: "missing-path",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "A path named in a code span in Context and Orientation does not exist.",
    doc: "Context names key files with full paths so the next reader can find them; a path that no longer exists misleads. Only code spans that contain a `/` are treated as paths, resolved against the repository root (and the plan's folder).",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(14, &[("`crates/client/src/lib.rs`", "`crates/client/src/gone.rs`")]),
        ],
        clean: &[
            Fixture::clean(&[("`crates/client/src/lib.rs`", "`crates/client/src`")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for l in ctx
        .plan
        .links
        .iter()
        .filter(|l| l.code_span && l.section == Some(SectionKind::Context))
    {
        let Some(p) = path_like(&l.dest) else {
            continue;
        };
        let plan_dir = ctx.plan_dir();
        let mut tries = vec![ctx.root.join(p.trim_start_matches('/')), plan_dir.join(p)];
        // `/repo-name/src/x` written from a checkout's parent folder.
        if let Some((_, rest)) = p.trim_start_matches('/').split_once('/') {
            tries.push(ctx.root.join(rest));
        }
        if !tries.iter().any(|p| p.exists()) {
            out.push(
                Finding::new(l.span.clone(), format!("path `{p}` does not exist in the repository"))
                    .label("named in Context and Orientation")
                    .help("update the path (it may have moved), or write it as plain text if it is not a file"),
            );
        }
    }
}

/// Whether a code span looks like a repository path.
fn path_like(s: &str) -> Option<&str> {
    let t = s.trim();
    if !t.contains('/')
        || t.contains("://")
        || t.contains(char::is_whitespace)
        || t.starts_with('-')
        || t.starts_with('~')
        || t.starts_with('$')
        || t.contains([
            '*', '?', '{', '}', '<', '>', '|', '(', ')', '=', '"', '\'', '@', ':',
        ])
        || t.starts_with("//")
        || t.ends_with("//")
        || t.starts_with("/dev/")
    {
        return None;
    }
    // A path needs a segment that is a name: `a/b` where a is a file or folder.
    let t = t.trim_start_matches("./").trim_end_matches('/');
    (!t.is_empty() && t.split('/').all(|seg| !seg.is_empty())).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_like_spans() {
        assert_eq!(path_like("src/lib.rs"), Some("src/lib.rs"));
        assert_eq!(path_like("./docs/"), Some("docs"));
        assert_eq!(path_like("cargo test"), None);
        assert_eq!(path_like("https://x.y/z"), None);
        assert_eq!(path_like("a/*.rs"), None);
        assert_eq!(path_like("lib.rs"), None);
    }
}
