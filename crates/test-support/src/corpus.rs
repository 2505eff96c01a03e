//! The shared corpus of real plans other projects wrote (`shared/corpus/`, beside
//! the repository; not part of it).

use std::path::{Path, PathBuf};

/// The corpus folder, or `None` (with a note) on a machine without it.
///
/// # Panics
///
/// When the `CI` environment variable is set and the corpus is missing: a CI run
/// that quietly skipped the corpus would pass without testing anything.
pub fn shared_corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let p = std::env::var_os("EXECPLAN_CORPUS").map_or(p, PathBuf::from);
    if p.is_dir() {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the corpus tests need {} (shared/corpus beside the repository, or set \
         EXECPLAN_CORPUS to it); CI is set, so a missing corpus fails instead of skipping",
        p.display()
    );
    eprintln!(
        "note: {} not found; the corpus tests need shared/ beside the repository",
        p.display()
    );
    None
}
