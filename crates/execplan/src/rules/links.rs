//! Rules about links and paths: they must point at something that exists.

use std::path::PathBuf;

use super::{Ctx, Finding};
use crate::model::{Link, MetaKey, SectionKind};

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

fn exists(paths: &[PathBuf]) -> bool {
    paths.iter().any(|p| p.exists())
}

pub(super) fn broken_link(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for l in ctx.plan.links.iter().filter(|l| !l.code_span) {
        let Some(dest) = local(&l.dest) else { continue };
        if !exists(&candidates(ctx, dest)) {
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

fn report(l: &Link, dest: &str, what: &str) -> Finding {
    Finding::new(l.span.clone(), format!("{what} target `{dest}` does not exist"))
        .label("no such file")
        .help("fix the path (relative to this plan's folder; a leading `/` means the repository root) or remove the link")
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

pub(super) fn missing_path(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
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
        if !exists(&tries) {
            out.push(
                Finding::new(l.span.clone(), format!("path `{p}` does not exist in the repository"))
                    .label("named in Context and Orientation")
                    .help("update the path (it may have moved), or write it as plain text if it is not a file"),
            );
        }
    }
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
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
    }
}
