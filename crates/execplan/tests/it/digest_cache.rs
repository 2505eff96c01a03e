//! Digests are computed once per distinct blob and kept under the git
//! directory: a re-run reads them back; other parse options, another format
//! or a corrupt or unwritable cache mean computing them again, never an error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use execplan::digest::{for_blobs, kept, Digest};
use execplan::history::{walk, History, ObjectId, Repo, SharedRepo, WalkOptions};
use execplan::model::SectionKind;
use execplan::parse::ParseOptions;
use test_support::TestRepo;

const V1: &str = "# A\n\n## Status Log\n- [ ] one\n- [ ] two\n";
const V2: &str = "# A\n\n## Status Log\n- [x] one\n- [ ] two\n";

/// Four revisions over two blobs: a tick, its revert, and a rename of the
/// reverted text.
fn repo() -> TestRepo {
    let r = TestRepo::new();
    r.write(".agents/a.md", V1);
    r.commit("a", "2025-10-01T10:00:00Z");
    r.write(".agents/a.md", V2);
    r.commit("tick", "2025-10-02T10:00:00Z");
    r.write(".agents/a.md", V1);
    r.commit("revert", "2025-10-03T10:00:00Z");
    r.mv(".agents/a.md", ".agents/b.md");
    r.commit("rename", "2025-10-04T10:00:00Z");
    r
}

fn history(r: &TestRepo) -> (SharedRepo, History, Vec<ObjectId>) {
    let repo = Repo::open(r.path()).unwrap();
    let h = walk(&repo, &WalkOptions::default()).unwrap();
    let ids = h
        .files
        .iter()
        .flat_map(|l| l.revisions.iter().map(|r| r.blob))
        .collect();
    (repo.into_shared(), h, ids)
}

fn aliased() -> ParseOptions {
    let mut o = ParseOptions::default();
    o.headings.add_alias("Status Log", SectionKind::Progress);
    o
}

fn cache_files(r: &TestRepo) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(r.join(".git/execplan"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn each_blob_is_read_once_then_served_from_the_cache() {
    let r = repo();
    let (repo, h, ids) = history(&r);
    assert!(ids.len() >= 4, "{ids:?}");
    let first = for_blobs(&repo, &h, &ids, &aliased(), None).unwrap();
    assert_eq!(
        first.computed,
        2,
        "two distinct blobs among {} revisions",
        ids.len()
    );
    let again = for_blobs(&repo, &h, &ids, &aliased(), None).unwrap();
    assert_eq!(again.computed, 0);
    // Read ahead: the same digests, nothing read again.
    let ahead = kept(&repo.to_local(), &aliased());
    let served = for_blobs(&repo, &h, &ids, &aliased(), Some(ahead)).unwrap();
    assert_eq!(served.computed, 0);
    assert!(ids.iter().all(|id| served.get(id) == first.get(id)));
    // Digests made from the working tree stand in for reading their blobs,
    // and only blobs history has are kept.
    std::fs::remove_dir_all(r.join(".git/execplan")).unwrap();
    let mut fresh = kept(&repo.to_local(), &aliased());
    let made = first.get(&ids[0]).unwrap().clone();
    let stray = ObjectId::null(ids[0].kind());
    fresh.remember(ids[0], made.clone());
    fresh.remember(stray, made.clone());
    let seeded = for_blobs(&repo, &h, &ids, &aliased(), Some(fresh)).unwrap();
    assert_eq!(seeded.get(&ids[0]), Some(&made));
    assert!(ids.iter().all(|id| seeded.get(id) == first.get(id)));
    let reread = kept(&repo.to_local(), &aliased());
    assert_eq!(reread.get(&ids[0]), Some(&made));
    assert_eq!(
        reread.get(&stray),
        None,
        "a blob history does not have is not kept"
    );
    // Kept for other options: nothing of use, so all is read.
    let other = kept(&repo.to_local(), &ParseOptions::default());
    assert_eq!(
        for_blobs(&repo, &h, &ids, &aliased(), Some(other))
            .unwrap()
            .computed,
        2
    );
    for id in &ids {
        assert_eq!(first.get(id), again.get(id));
        let d = again.get(id).expect("every blob decodes");
        assert_eq!(
            d.items.len(),
            2,
            "the alias makes Status Log the Progress section"
        );
    }
    assert_eq!(
        cache_files(&r)
            .iter()
            .filter(|p| p.to_string_lossy().contains("digests-"))
            .count(),
        1
    );
}

#[test]
fn other_options_another_format_or_a_corrupt_file_recompute() {
    let r = repo();
    let (repo, h, ids) = history(&r);
    for_blobs(&repo, &h, &ids, &aliased(), None).unwrap();

    // Without the alias the same blobs mean something else.
    let plain = for_blobs(&repo, &h, &ids, &ParseOptions::default(), None).unwrap();
    assert_eq!(plain.computed, 2);
    let d: &Digest = plain.get(&ids[0]).unwrap();
    assert!(!d.plan, "no Progress section without the alias");

    // Another parser version or format: the key inside differs.
    for f in cache_files(&r) {
        // The key ("v<format> <version> headings=…") leads the file: alter it in place.
        let mut bytes = std::fs::read(&f).unwrap();
        let at = bytes
            .windows(9)
            .position(|w| w == b"headings=")
            .expect("the key names the heading aliases");
        bytes[at] = b'H';
        std::fs::write(&f, bytes).unwrap();
    }
    assert_eq!(
        for_blobs(&repo, &h, &ids, &aliased(), None)
            .unwrap()
            .computed,
        2
    );

    // Corrupt or torn: read as empty, recomputed, rewritten.
    for f in cache_files(&r) {
        let bytes = std::fs::read(&f).unwrap();
        std::fs::write(&f, &bytes[..bytes.len() / 2]).unwrap();
    }
    assert_eq!(
        for_blobs(&repo, &h, &ids, &aliased(), None)
            .unwrap()
            .computed,
        2
    );
    for f in cache_files(&r) {
        std::fs::write(&f, b"{not json").unwrap();
    }
    assert_eq!(
        for_blobs(&repo, &h, &ids, &aliased(), None)
            .unwrap()
            .computed,
        2
    );
    assert_eq!(
        for_blobs(&repo, &h, &ids, &aliased(), None)
            .unwrap()
            .computed,
        0
    );

    // Unwritable: a file where the folder should be is not an error.
    std::fs::remove_dir_all(r.join(".git/execplan")).unwrap();
    std::fs::write(r.join(".git/execplan"), b"in the way").unwrap();
    let d = for_blobs(&repo, &h, &ids, &aliased(), None).unwrap();
    assert_eq!(d.computed, 2);
    assert_eq!(d.get(&ids[0]).unwrap().items.len(), 2);
}
