//! Plans moved in the index but not yet committed (`git mv` before `git commit`).

use gix::bstr::ByteSlice;

use super::{FileLineage, History};

/// Lines a staged file must share with a plan's last committed text to be that
/// plan moved: git's own rename threshold (50 %).
const STAGED_RENAME_RATIO: f32 = 0.5;

/// The lineage that the plan staged at `path` continues, when history has none for
/// `path` and the index shows it moved: a committed plan that the index no longer
/// holds, with the same blob (or, failing that, at least half its lines). `None`
/// when there is no index, `path` is not staged, or nothing matches.
pub fn staged_origin<'h>(
    repo: &gix::Repository,
    history: &'h History,
    path: &[u8],
) -> Option<&'h FileLineage> {
    let index = repo.open_index().ok()?;
    let staged = index.entry_by_path(path.as_bstr())?.id;
    let gone: Vec<(&FileLineage, gix::ObjectId)> = history
        .files
        .iter()
        .filter(|l| !l.deleted && index.entry_by_path(l.path.as_bstr()).is_none())
        .filter_map(|l| Some((l, l.revisions.last()?.blob)))
        .collect();
    if let Some((l, _)) = gone.iter().find(|(_, blob)| *blob == staged) {
        return Some(l);
    }
    let text = |id: gix::ObjectId| {
        repo.find_blob(id)
            .ok()
            .map(|b| String::from_utf8_lossy(&b.data).into_owned())
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
