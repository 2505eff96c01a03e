//! What the rules ask of the repository's files: ignored by git, tracked,
//! a path written relative to its package, a folder name anywhere.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use execplan::history::Repo;
use test_support::TestRepo;

#[test]
fn ignored_tracked_and_package_relative_paths() {
    let r = TestRepo::new();
    for (p, t) in [
        (".gitignore", "coverage/\n*.log\n/target\n"),
        ("apps/relay/src/auth.ts", "x"),
        ("docs/a.md", "x"),
    ] {
        r.write(p, t);
    }
    r.git(&["add", "-A"]);
    let files = Repo::open(r.path()).expect("open").files().expect("files");
    assert!(files.is_ignored("coverage/lcov.info"));
    assert!(files.is_ignored("run.log"));
    assert!(files.is_ignored("target/debug/x"));
    assert!(!files.is_ignored("src/lib.rs"));
    assert!(!files.is_ignored("docs/a.md"));
    assert!(files.tracked("apps/relay") && files.tracked("docs/a.md"));
    assert!(!files.tracked("relay/src"));
    assert_eq!(
        files.resolve_suffix("src/auth.ts").as_deref(),
        Some("apps/relay/src/auth.ts")
    );
    assert_eq!(
        files.resolve_suffix("relay/src").as_deref(),
        Some("apps/relay/src")
    );
    assert_eq!(files.resolve_suffix("lay/src/auth.ts"), None);
    assert!(files.has_folder("relay") && !files.has_folder("auth.ts"));
}
