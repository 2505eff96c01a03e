//! EP015 `missing-path`: A path named in a code span in Context and Orientation does not exist.

use super::paths;
use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::SectionKind;

/// EP015: A path named in a code span in Context and Orientation does not exist.
pub const RULE: Rule = Rule {
    id: "EP015",
    name: "missing-path",
    default: Severity::Warning,
    needs: Needs::Static,
    summary: "A path named in a code span in Context and Orientation does not exist.",
    doc: "Context names key files with full paths so the next reader can find them; a path that no longer exists misleads. Only path-shaped code spans count: they contain a `/` and start `./`, end in a name with an extension, or start with a folder that exists; `loader/load` is a code identifier. Paths are resolved against the repository root (and the plan's folder), `/<repository-name>/…` too; a path whose first folder is not in the repository (`/Users/…`, `/tmp/…`) is not checked.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(14, &[("`crates/client/src/lib.rs`", "`crates/client/src/gone.rs`")]),
            Fixture::at(14, &[("`crates/client/src/lib.rs`", "`crates/client/gone`")]),
        ],
        clean: &[
            Fixture::clean(&[("`crates/client/src/lib.rs`", "`crates/client/src`")]),
            Fixture::clean(&[("`crates/client/src/lib.rs`", "`retry.budget/spend` and `token-bucket/refill`")]),
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
        if !path_shaped(ctx, &l.dest, p) {
            continue;
        }
        let Some(tries) = paths::candidates(ctx.root, &ctx.plan_dir(), p, true) else {
            continue;
        };
        if !tries.iter().any(|p| p.exists()) {
            out.push(
                Finding::new(l.span.clone(), format!("path `{p}` does not exist in the repository"))
                    .label("named in Context and Orientation")
                    .help("update the path (it may have moved), or write it as plain text if it is not a file"),
            );
        }
    }
}

/// Whether a span with slashes is a path rather than a code identifier
/// (`loader/load`, `view/optimizer-view`): it starts `./`, its last segment
/// has an extension, or its first segment exists.
fn path_shaped(ctx: &Ctx<'_>, raw: &str, p: &str) -> bool {
    if raw.trim().starts_with("./") || has_extension(p) {
        return true;
    }
    let rooted = p.trim_start_matches('/');
    let first = rooted.split('/').next().unwrap_or(rooted);
    let repo_name = ctx.root.canonicalize().ok();
    let named = repo_name
        .as_deref()
        .and_then(|r| r.file_name())
        .is_some_and(|n| n == first);
    named || ctx.root.join(first).exists() || ctx.plan_dir().join(first).exists()
}

/// `lib.rs`, `Cargo.toml`, `.env.example`: a name, a dot, a short alphanumeric tail.
fn has_extension(p: &str) -> bool {
    let last = p.rsplit('/').next().unwrap_or(p);
    last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.trim_start_matches('.').is_empty()
            && (1..=10).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
    })
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
        assert!(has_extension("src/lib.rs") && has_extension("a/.env.example"));
        assert!(!has_extension("shadow.loader/load") && !has_extension("a/.gitignore"));
    }
}
