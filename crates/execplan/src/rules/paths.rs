//! Where a path written in a plan points, the one reading EP014 and EP015
//! share. A leading `/` means the repository root, and plans written from
//! a checkout's parent folder spell that `/<repository-name>/…`; a leading
//! `/` whose first folder is neither the repository's name nor a folder in
//! it names a place on someone's machine (`/Users/…`, `/tmp/…`), which no
//! check here can see.

use std::path::{Path, PathBuf};

/// The places `path` may be, most likely first; `None` when it lies outside
/// the repository. A relative path is tried against the plan's folder, and
/// also against the root when `root_relative` (paths in prose usually are).
pub(crate) fn candidates(
    root: &Path,
    plan_dir: &Path,
    path: &str,
    root_relative: bool,
) -> Option<Vec<PathBuf>> {
    let Some(rooted) = path.strip_prefix('/') else {
        let mut out = vec![plan_dir.join(path)];
        if root_relative {
            out.push(root.join(path));
        }
        return Some(out);
    };
    let full = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // The repository's own absolute path, written out in full.
    if let Ok(inside) = Path::new(path).strip_prefix(&full) {
        return Some(vec![root.join(inside)]);
    }
    let (first, rest) = rooted.split_once('/').unwrap_or((rooted, ""));
    let named = full.file_name().is_some_and(|n| n == first);
    match (named, root.join(first).exists()) {
        (true, true) => Some(vec![root.join(rest), root.join(rooted)]),
        (true, false) => Some(vec![root.join(rest)]),
        (false, true) => Some(vec![root.join(rooted)]),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rooted_paths_by_name_and_outside_paths() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("client");
        std::fs::create_dir_all(root.join("src")).expect("mkdir");
        let plans = root.join(".agents");
        let got = |p: &str| candidates(&root, &plans, p, false);
        assert_eq!(
            got("/client/src/lib.rs"),
            Some(vec![root.join("src/lib.rs")])
        );
        assert_eq!(got("/src/lib.rs"), Some(vec![root.join("src/lib.rs")]));
        assert_eq!(got("/Users/ana/notes.md"), None);
        assert_eq!(got("/tmp/x"), None);
        assert_eq!(got("a.md"), Some(vec![plans.join("a.md")]));
    }
}
