//! Plans moved in the index but not yet committed (`git mv` before `git commit`).

use super::{FileLineage, History, ObjectId, Repo};

/// Lines a staged file must share with a plan's last committed text to be that
/// plan moved: git's own rename threshold (50 %).
const STAGED_RENAME_RATIO: f32 = 0.5;

/// The lineage that the plan staged at `path` continues, when history has none for
/// `path` and the index shows it moved: a committed plan that the index no longer
/// holds, with the same blob (or, failing that, at least half its lines). `None`
/// when there is no index, `path` is not staged, or nothing matches.
pub fn staged_origin<'h>(
    repo: &Repo,
    history: &'h History,
    path: &[u8],
) -> Option<&'h FileLineage> {
    let index = repo.index().ok()?;
    let staged = index.blob(path)?;
    let gone: Vec<(&FileLineage, ObjectId)> = history
        .files
        .iter()
        .filter(|l| !l.deleted && index.blob(&l.path).is_none())
        .filter_map(|l| Some((l, l.revisions.last()?.blob)))
        .collect();
    if let Some((l, _)) = gone.iter().find(|(_, blob)| *blob == staged) {
        return Some(l);
    }
    let text = |id: ObjectId| {
        repo.blob(id)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    let new = text(staged)?;
    gone.into_iter()
        .filter_map(|(l, blob)| {
            let old = text(blob)?;
            let ratio = similar::TextDiff::from_lines(old.as_str(), new.as_str()).ratio();
            (ratio >= STAGED_RENAME_RATIO).then_some((ratio, l))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, l)| l)
}
