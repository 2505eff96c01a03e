//! EP014 `broken-link`: A relative link or a Related Plans entry points at a file that does not exist.

use super::{Check, Ctx, Finding, Fixture, Fixtures, Needs, Rule, Severity};
use crate::model::Link;
use crate::model::MetaKey;
use std::path::PathBuf;

/// EP014: A relative link or a Related Plans entry points at a file that does not exist.
pub const RULE: Rule = Rule {
    id: "EP014",
    name: "broken-link",
    default: Severity::Error,
    needs: Needs::Static,
    summary: "A relative link or a Related Plans entry points at a file that does not exist.",
    doc: "Relative links are resolved against the plan's folder (a leading `/` against the repository root). Plans get renamed and moved; fix the link or drop it. External URLs are not fetched.",
    check: Check::Plan(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(8, &[("- **Related Plans:** None.", "- **Related Plans:** [other](other.md)")]),
        ],
        clean: &[
            Fixture::clean(&[("- **Related Plans:** None.", "- **Related Plans:** [other](https://example.com/other.md)")]),
        ],
    },
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for l in ctx.plan.links.iter().filter(|l| !l.code_span) {
        let Some(dest) = local(&l.dest) else { continue };
        if !candidates(ctx, dest).iter().any(|p| p.exists()) {
            out.push(report(l, dest, "link"));
        }
    }
    if let Some(m) = ctx.plan.meta(MetaKey::RelatedPlans) {
        if m.value.contains("](") {
            return; // written as links: checked above
        }
        for part in m
            .value
            .split([',', ';'])
            .map(|p| p.trim().trim_matches('`'))
        {
            if !part.ends_with(".md") || part.contains(' ') || local(part).is_none() {
                continue;
            }
            let plan_dir = ctx.plan_dir();
            let found = [plan_dir.join(part), ctx.root.join(part)]
                .iter()
                .any(|p| p.exists());
            if !found {
                let offset = m.value.find(part).unwrap_or(0);
                let start = m.value_span.start + offset;
                out.push(
                    Finding::new(start..start + part.len(), format!("related plan `{part}` does not exist"))
                        .label("no such file")
                        .help("the plan may have been renamed or deleted; `git log --follow` finds where it went"),
                );
            }
        }
    }
}

/// Whether a destination is a local file reference worth checking.
fn local(dest: &str) -> Option<&str> {
    let d = dest.trim();
    if d.is_empty()
        || d.starts_with('#')
        || d.contains("://")
        || d.starts_with("mailto:")
        || d.starts_with("tel:")
        || d.starts_with("data:")
        || d.starts_with('<')
    {
        return None;
    }
    let d = d.split(['#', '?']).next().unwrap_or(d);
    (!d.is_empty()).then_some(d)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Candidate locations for a referenced path.
fn candidates(ctx: &Ctx<'_>, dest: &str) -> Vec<PathBuf> {
    let dest = percent_decode(dest);
    let plan_dir = ctx.plan_dir();
    if let Some(rooted) = dest.strip_prefix('/') {
        return vec![ctx.root.join(rooted)];
    }
    vec![plan_dir.join(&dest)]
}

fn report(l: &Link, dest: &str, what: &str) -> Finding {
    Finding::new(l.span.clone(), format!("{what} target `{dest}` does not exist"))
        .label("no such file")
        .help("fix the path (relative to this plan's folder; a leading `/` means the repository root) or remove the link")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
    }
}
