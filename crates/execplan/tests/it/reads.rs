//! The run-wide memo of tree reads and line counts answers what the direct
//! reads answer: every path of a repository, and paths it does not have.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use execplan::evidence::{line_counts, Reads};
use execplan::history::Repo;
use test_support::TestRepo;

#[test]
fn memoised_lookups_equal_direct_ones() {
    let r = TestRepo::new();
    for (p, t) in [
        ("a.txt", "one\n"),
        ("src/lib.rs", "fn a() {}\n"),
        ("src/deep/er/mod.rs", "x\ny\n"),
        ("src/bin", "a file where a folder could be\n"),
        ("docs/guide.md", "# Guide\n"),
        ("bin.dat", "\0binary\n"),
    ] {
        r.write(p, t);
    }
    r.commit("first", "2026-01-01T00:00:00Z");
    r.write("src/lib.rs", "fn a() {}\nfn b() {}\n");
    r.write("bin.dat", "\0binary, changed\n");
    r.remove("a.txt");
    r.commit("second", "2026-01-02T00:00:00Z");
    let repo = Repo::open(r.path()).expect("open");
    let reads = Reads::new(&repo);
    let head = repo.head().expect("head");
    let second = repo.commit(head).expect("commit");
    let first = repo.commit(second.parents[0]).expect("parent");
    let probes = [
        "a.txt",
        "src",
        "src/lib.rs",
        "src/deep",
        "src/deep/er/mod.rs",
        "src/deep/er/mod.rs/below",
        "src/bin",
        "src/bin/x",
        "src/nothing.rs",
        "docs/guide.md",
        "docs",
        "missing/deeper/path",
        "bin.dat",
    ];
    // Twice: the second round is served from the memo.
    for _ in 0..2 {
        for tree in [first.tree, second.tree] {
            for p in probes {
                assert_eq!(
                    reads.entry_at(tree, p).expect("memo"),
                    repo.entry_at(tree, p).expect("direct"),
                    "{p}"
                );
            }
        }
    }
    let blob = |tree, p| repo.entry_at(tree, p).unwrap().map(|e| e.id);
    let (old, new) = (
        blob(first.tree, "src/lib.rs"),
        blob(second.tree, "src/lib.rs"),
    );
    let n = reads.numstat(old, new).expect("numstat");
    let direct = line_counts(
        &repo.blob(old.unwrap()).unwrap(),
        &repo.blob(new.unwrap()).unwrap(),
    );
    assert_eq!((n.added, n.removed, n.binary), (direct.0, direct.1, false));
    let gone = reads
        .numstat(blob(first.tree, "a.txt"), None)
        .expect("deleted");
    assert_eq!((gone.added, gone.removed, gone.binary), (0, 1, false));
    let bin = reads
        .numstat(blob(first.tree, "bin.dat"), blob(second.tree, "bin.dat"))
        .expect("binary");
    assert_eq!((bin.added, bin.removed, bin.binary), (0, 0, true));
}
