//! EP019 `duplicate-slug`: Two plans in one folder share a number or slug.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::{Check, Finding, Fixture, Fixtures, FolderPlan, Needs, Rule, Severity};

/// EP019: Two plans in one folder share a number or slug.
pub const RULE: Rule = Rule {
    id: "EP019",
    name: "duplicate-slug",
    default: Severity::Warning,
    needs: Needs::Folder,
    summary: "Two plans in one folder share a number or slug.",
    doc: "Plans are referred to by number or slug (`0007-…`, `p12-…`); two with the same one make references ambiguous. Renumber one. A number followed by coded steps (`1687-ct-01-…`, `1687-pipe-01-…`) names a series on purpose: the steps are part of the number, so a family of plans sharing a ticket number is not reported, two plans with the same number and step are.",
    check: Check::Folder(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(1, &[])
                .in_file("0001-other.md"),
        ],
        clean: &[
            Fixture::clean(&[])
                .in_file("sub/0001-other.md"),
            // One ticket's series: each step its own number.
            Fixture::clean(&[])
                .in_file("0001-ct-02-other.md"),
        ],
    },
};

/// A leading number (`0007`, `10-1-3`), and after it the coded steps of a
/// series (`1687-ct-01`, `1687-pipe-01`: one ticket's plans by track and
/// step), which belong to the plan's number: a family sharing a ticket
/// number on purpose is not a duplicate.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d+(?:[-.]\d+)*(?:[-_][a-z]{1,6}[-_.]?\d+(?:[-.]\d+)*)*)[-_. ]+\D")
        .expect("static regex")
});
static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}-\d{2}-\d{2}").expect("static regex"));

/// The number or slug a plan is referred to by.
fn slug_key(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy().to_lowercase();
    if DATE.is_match(&stem) {
        return Some(stem);
    }
    Some(
        NUMBER
            .captures(&stem)
            .and_then(|c| c.get(1))
            .map_or(stem.clone(), |m| m.as_str().to_string()),
    )
}

fn check(plans: &[FolderPlan<'_>], out: &mut Vec<(usize, Finding)>) {
    let keys: Vec<(Option<PathBuf>, Option<String>)> = plans
        .iter()
        .map(|p| (p.path.parent().map(Path::to_path_buf), slug_key(p.path)))
        .collect();
    for (i, p) in plans.iter().enumerate() {
        let Some(key) = &keys[i].1 else { continue };
        let twins: Vec<String> = plans
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i && keys[*j].0 == keys[i].0 && keys[*j].1.as_ref() == Some(key))
            .map(|(_, q)| q.path.display().to_string())
            .collect();
        if twins.is_empty() {
            continue;
        }
        let span = p
            .plan
            .and_then(|pl| pl.title.as_ref())
            .map_or(0..0, |t| t.span.clone());
        let f = Finding::new(
            span,
            format!(
                "plan number or slug `{key}` is also used by {}",
                twins.join(", ")
            ),
        )
        .label("same number or slug")
        .help("renumber or rename one of them");
        out.push((i, f));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug_key(Path::new("0007-add-x.md")).as_deref(),
            Some("0007")
        );
        assert_eq!(
            slug_key(Path::new("10-1-3-approve.md")).as_deref(),
            Some("10-1-3")
        );
        assert_eq!(
            slug_key(Path::new("p12-audio.md")).as_deref(),
            Some("p12-audio")
        );
        assert_eq!(
            slug_key(Path::new("2026-04-23-x.md")).as_deref(),
            Some("2026-04-23-x")
        );
        // A ticket's series: track and step are part of the number.
        assert_eq!(
            slug_key(Path::new("1687-ct-01-compiler-target.md")).as_deref(),
            Some("1687-ct-01")
        );
        assert_eq!(
            slug_key(Path::new("1687-pipe-01-target-pipeline.md")).as_deref(),
            Some("1687-pipe-01")
        );
        assert_eq!(
            slug_key(Path::new("1687-int-final-bridge.md")).as_deref(),
            Some("1687")
        );
        assert_eq!(
            slug_key(Path::new("0007-add-x.md")).as_deref(),
            Some("0007")
        );
    }
}
