//! The walk cache returns exactly what a walk returns, and notices new commits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use execplan::history::{walk, walk_cached, History, Repo, WalkOptions};
use test_support::TestRepo;

fn same(a: &History, b: &History) {
    assert_eq!(a.head, b.head);
    assert_eq!(a.shallow, b.shallow);
    assert_eq!(a.commits, b.commits);
    assert_eq!(a.files, b.files);
    for l in &a.files {
        let p = l.display_path();
        assert_eq!(a.path_revisions(&p), b.path_revisions(&p));
        assert_eq!(
            a.created(l).map(|c| c.certainty.clone()),
            b.created(l).map(|c| c.certainty.clone())
        );
    }
}

#[test]
fn cached_walk_equals_walk_and_follows_head() {
    let r = TestRepo::new();
    r.write(".agents/active/a.md", "# A\n\n## Progress\n- [ ] x\n");
    r.commit("a", "2025-10-01T10:00:00Z");
    r.write(".agents/b.md", "# B\n");
    r.commit("b", "2025-10-02T10:00:00Z");
    r.mv(".agents/active/a.md", ".agents/completed/a.md");
    r.commit("move", "2025-10-03T10:00:00Z");
    let repo = Repo::open(r.path()).unwrap();
    let opts = WalkOptions {
        rev: "HEAD".into(),
        prefixes: vec![".agents".into()],
        only_md: true,
    };
    let fresh = walk(&repo, &opts).unwrap();
    let first = walk_cached(&repo, &opts).unwrap();
    same(&fresh, &first);
    let cache_dir = r.join(".git/execplan");
    let files: Vec<_> = std::fs::read_dir(&cache_dir).unwrap().collect();
    assert_eq!(files.len(), 1);
    let warm = walk_cached(&repo, &opts).unwrap();
    same(&fresh, &warm);

    // A new commit changes the key: the cache is not served stale.
    r.write(".agents/b.md", "# B\n\nmore\n");
    r.commit("b2", "2025-10-04T10:00:00Z");
    let repo = Repo::open(r.path()).unwrap();
    let after = walk_cached(&repo, &opts).unwrap();
    same(&walk(&repo, &opts).unwrap(), &after);
    assert_ne!(after.head, fresh.head);

    // A torn or corrupt cache is walked again, not trusted.
    for f in std::fs::read_dir(&cache_dir).unwrap() {
        let path = f.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 7]).unwrap();
    }
    same(
        &walk(&repo, &opts).unwrap(),
        &walk_cached(&repo, &opts).unwrap(),
    );
    for f in std::fs::read_dir(&cache_dir).unwrap() {
        std::fs::write(f.unwrap().path(), b"{not json").unwrap();
    }
    same(
        &walk(&repo, &opts).unwrap(),
        &walk_cached(&repo, &opts).unwrap(),
    );
}

/// `git replace --graft` changes history without moving HEAD: the cache must notice.
#[test]
fn a_new_replace_ref_is_not_served_from_the_cache() {
    let r = TestRepo::new();
    r.write(".agents/a.md", "# A\n");
    r.commit("a", "2025-10-01T10:00:00Z");
    r.write(".agents/b.md", "# B\n");
    r.commit("b", "2025-10-02T10:00:00Z");
    r.write(".agents/c.md", "# C\n");
    r.commit("c", "2025-10-03T10:00:00Z");
    let opts = WalkOptions::default();
    let before = walk_cached(&Repo::open(r.path()).unwrap(), &opts).unwrap();
    assert_eq!(before.path_revisions(".agents/b.md").len(), 1);
    let root = r.lines(&["rev-parse", "HEAD~2"]);
    r.git(&["replace", "--graft", "HEAD", &root[0]]);
    let repo = Repo::open(r.path()).unwrap();
    let after = walk_cached(&repo, &opts).unwrap();
    same(&walk(&repo, &opts).unwrap(), &after);
    // Grafted onto `a`, HEAD now adds b.md and c.md in one commit.
    assert_eq!(after.commits.len(), 2);
}
