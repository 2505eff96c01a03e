//! The history walk against the git CLI's own answers on generated repositories.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

use execplan::history::{self, Certainty, ChangeKind, History, HistoryError, WalkOptions};
use test_support::{git_in, TestRepo};

fn walk_at(dir: &Path, rev: &str) -> History {
    let repo = history::Repo::open(dir).expect("open");
    history::walk(
        &repo,
        &WalkOptions {
            rev: rev.into(),
            ..Default::default()
        },
    )
    .expect("walk")
}

fn git_lines(dir: &Path, args: &[&str]) -> Vec<String> {
    git_in(dir, None, args)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Commit ids of revisions, newest first.
fn ids(h: &History, revs: &[history::FileRevision]) -> Vec<String> {
    revs.iter()
        .rev()
        .map(|r| h.commit(r).expect("own revision").id.to_string())
        .collect()
}

fn sorted(v: Vec<String>) -> BTreeSet<String> {
    v.into_iter().collect()
}

/// Every per-path and per-commit fact of `h` equals the git CLI's answer for `rev`:
/// - `path_revisions(p)` == `git log --format=%H <rev> -- p` (as a set; every path ever under `.agents`)
/// - `last_updated(l)` == `git log -1 --format=%H <rev> -- p`
/// - `lineage(p).revisions` == `git log --format=%H <rev> -- p` for never-renamed plans
/// - commit metadata == `git log -1 --format=%aI/%an/%ae/%s/%P <id>`
fn assert_matches_git(dir: &Path, rev: &str, h: &History) {
    let mut paths: BTreeSet<String> = git_lines(
        dir,
        &[
            "log",
            "--format=",
            "--name-only",
            "--no-renames",
            "-m",
            "--full-history",
            rev,
            "--",
            ".agents",
        ],
    )
    .into_iter()
    .filter(|p| p.ends_with(".md"))
    .collect();
    paths.extend(h.tracked_paths().map(|p| p.to_string()));
    assert!(!paths.is_empty());
    for p in &paths {
        let want = git_lines(dir, &["log", "--format=%H", rev, "--", p]);
        let got = ids(h, h.path_revisions(p));
        assert_eq!(
            sorted(got),
            sorted(want),
            "revisions of {p} differ from `git log -- {p}`"
        );
    }
    for l in &h.files {
        let p = l.display_path().into_owned();
        let want = git_lines(dir, &["log", "-1", "--format=%H", rev, "--", &p]);
        let got = h.last_updated(l).map(|c| c.id.to_string());
        assert_eq!(got.as_ref(), want.first(), "last updated of {p}");
        let present = !git_lines(dir, &["ls-tree", "--name-only", rev, "--", &p]).is_empty();
        assert_eq!(l.deleted, !present, "deleted flag of {p}");
        if !l
            .revisions
            .iter()
            .any(|r| matches!(r.change, ChangeKind::Renamed { .. }))
        {
            let want = git_lines(dir, &["log", "--format=%H", rev, "--", &p]);
            assert_eq!(sorted(ids(h, &l.revisions)), sorted(want), "lineage of {p}");
        }
    }
    for c in &h.commits {
        let id = c.id.to_string();
        let f = git_in(
            dir,
            None,
            &["log", "-1", "--format=%aI%n%an%n%ae%n%s%n%P", &id],
        );
        let mut it = f.lines();
        let date = chrono::DateTime::parse_from_rfc3339(it.next().unwrap()).unwrap();
        assert_eq!(
            c.time,
            date.with_timezone(&chrono::Utc),
            "author date of {id}"
        );
        assert_eq!(Some(c.author.as_str()), it.next());
        assert_eq!(Some(c.email.as_str()), it.next());
        assert_eq!(Some(c.summary.as_str()), it.next());
        let parents = it.next().unwrap_or("").split_whitespace().count();
        if !c.at_shallow_boundary {
            assert_eq!(c.is_merge, parents > 1, "merge flag of {id}");
        }
        assert_eq!(c.short, id[..7]);
    }
}

/// With linear history: lineage == `git log --follow`, created == its last line.
fn assert_follow_matches(dir: &Path, h: &History) {
    for l in h.files.iter().filter(|l| !l.deleted) {
        let p = l.display_path().into_owned();
        let want = git_lines(dir, &["log", "--follow", "--format=%H", "--", &p]);
        assert_eq!(
            ids(h, &l.revisions),
            want,
            "lineage of {p} vs git log --follow"
        );
        let created = h.created(l).expect("has revisions");
        assert_eq!(
            Some(&created.commit.id.to_string()),
            want.last(),
            "created of {p}"
        );
    }
}

fn plan(name: &str, n: usize) -> String {
    (0..n)
        .map(|i| format!("{name} line {i}: some words to make renames similar\n"))
        .collect()
}

fn edit_line(r: &TestRepo, path: &str, line: usize, text: &str) {
    let old = std::fs::read_to_string(r.join(path)).unwrap();
    let new: String = old
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == line {
                format!("{text}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    r.write(path, &new);
}

fn linear_repo() -> TestRepo {
    let r = TestRepo::new();
    r.write(".agents/active/a.md", &plan("a", 20));
    r.write(".agents/active/b.md", &plan("b", 20));
    r.write("src/lib.rs", "fn main() {}\n");
    r.commit("create a and b", "2025-10-01T13:00:00Z");
    r.write("src/lib.rs", "fn main() { }\n");
    r.commit("code only", "2025-10-02T13:00:00Z");
    edit_line(&r, ".agents/active/a.md", 3, "a progress ticked");
    // Rebased: author date kept from the original work, committer date later.
    r.commit_dated(
        "update a",
        "2025-09-15T08:30:00+02:00",
        "2025-10-03T13:00:00Z",
    );
    r.mv(".agents/active/a.md", ".agents/completed/a.md");
    r.commit("complete a", "2025-10-04T13:00:00Z");
    r.write(".agents/active/tiny.md", "x\n");
    r.commit("tiny plan", "2025-10-05T13:00:00Z");
    r.mv(".agents/active/tiny.md", ".agents/completed/tiny.md");
    r.commit("move tiny plan unchanged", "2025-10-06T13:00:00Z");
    r.remove(".agents/active/b.md");
    r.commit("drop b", "2025-10-07T13:00:00Z");
    r.write(".agents/notes.txt", "not a plan\n");
    r.write("docs/c.md", &plan("c", 20));
    r.commit("c outside", "2025-10-08T13:00:00Z");
    r.mv("docs/c.md", ".agents/active/c.md");
    r.commit("move c into plans", "2025-10-09T13:00:00Z");
    edit_line(&r, ".agents/completed/a.md", 5, "a again");
    r.commit("update a again", "2025-10-10T13:00:00Z");
    r
}

#[test]
fn linear_history_matches_git() {
    let r = linear_repo();
    let h = walk_at(r.path(), "HEAD");
    assert_matches_git(r.path(), "HEAD", &h);
    assert!(!h.shallow);

    let a = h.lineage(".agents/completed/a.md").expect("a");
    let kinds: Vec<_> = a.revisions.iter().map(|r| r.change.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            ChangeKind::Added,
            ChangeKind::Modified,
            ChangeKind::Renamed {
                from: ".agents/active/a.md".into()
            },
            ChangeKind::Modified
        ]
    );
    let created = h.created(a).unwrap();
    assert_eq!(created.commit.summary, "create a and b");
    assert_eq!(created.certainty, &Certainty::Exact);
    // Author date, in UTC, not the committer date.
    let upd = h.commit(&a.revisions[1]).unwrap();
    assert_eq!(upd.time.to_rfc3339(), "2025-09-15T06:30:00+00:00");

    let tiny = h.lineage(".agents/completed/tiny.md").expect("tiny");
    assert_eq!(tiny.revisions.len(), 2, "identical tiny file is a rename");
    assert_eq!(h.created(tiny).unwrap().commit.summary, "tiny plan");

    let b = h.lineage(".agents/active/b.md").expect("deleted b");
    assert!(b.deleted);
    assert_eq!(h.last_updated(b).unwrap().summary, "drop b");
    assert!(
        h.lineage(".agents/active/a.md").is_none(),
        "renamed-away path is no lineage"
    );
    assert!(h.lineage(".agents/notes.txt").is_none(), "only .md");

    // A plan moved in from an untracked folder is followed there, as
    // `git log --follow` follows it: created where it was really created.
    let c = h.lineage(".agents/active/c.md").expect("c");
    let cc = h.created(c).unwrap();
    assert_eq!(cc.commit.summary, "c outside");
    assert_eq!(cc.certainty, &Certainty::Exact);
    assert_eq!(c.revisions[0].path, "docs/c.md");

    // Every plan's lineage == git log --follow.
    for l in h.files.iter().filter(|l| !l.deleted) {
        let p = l.display_path().into_owned();
        let want = git_lines(r.path(), &["log", "--follow", "--format=%H", "--", &p]);
        assert_eq!(ids(&h, &l.revisions), want, "{p}");
    }
    let blob = h
        .blob(&history::Repo::open(r.path()).unwrap(), a.revisions[0].blob)
        .unwrap();
    assert_eq!(String::from_utf8(blob).unwrap(), plan("a", 20));
}

#[test]
fn earlier_revisions_and_detached_head() {
    let r = linear_repo();
    let h = walk_at(r.path(), "HEAD~3");
    assert_matches_git(r.path(), "HEAD~3", &h);
    r.git(&["checkout", "-q", "--detach", "HEAD~2"]);
    let h = walk_at(r.path(), "HEAD");
    assert_eq!(
        h.head.map(|i| i.to_string()),
        Some(r.git(&["rev-parse", "HEAD"]).trim().to_owned())
    );
    assert_matches_git(r.path(), "HEAD", &h);
    assert_follow_matches(r.path(), &h);
}

/// Deterministic pseudo-random numbers, so a failure reproduces.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// A history with feature branches, --no-ff merges that change plans on both sides,
/// TREESAME merges, identical changes on both sides, renames, deletes and clock skew.
fn branchy_repo(seed: u64) -> TestRepo {
    let r = TestRepo::new();
    let mut rng = Lcg(seed);
    let mut t = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z").unwrap();
    let mut tick = |rng: &mut Lcg| {
        t += chrono::Duration::hours(1);
        // Some commits claim to be older than their parents (skewed clocks).
        if rng.next(8) == 0 {
            (t - chrono::Duration::days(3)).to_rfc3339()
        } else {
            t.to_rfc3339()
        }
    };
    let mut plans: Vec<String> = (0..4).map(|i| format!(".agents/active/p{i}.md")).collect();
    for p in &plans {
        r.write(p, &plan(p, 20));
    }
    r.write("src/lib.rs", "0\n");
    r.commit("init", &tick(&mut rng));
    let mut made = 4;
    for step in 0..30 {
        let d = tick(&mut rng);
        match rng.next(7) {
            0 => {
                let p = plans[rng.next(plans.len())].clone();
                edit_line(&r, &p, 14 + rng.next(6), &format!("main edit {step}"));
                r.commit(&format!("edit {p}"), &d);
            }
            1 => {
                r.write("src/lib.rs", &format!("{step}\n"));
                r.commit("code", &d);
            }
            2 => {
                let p = format!(".agents/active/p{made}.md");
                made += 1;
                r.write(&p, &plan(&p, 20));
                plans.push(p.clone());
                r.commit(&format!("add {p}"), &d);
            }
            3 => {
                let i = rng.next(plans.len());
                if plans[i].contains("/active/") {
                    let to = plans[i].replace("/active/", "/completed/");
                    r.mv(&plans[i], &to);
                    if rng.next(2) == 0 {
                        edit_line(&r, &to, 15, "completed");
                    }
                    plans[i] = to;
                    r.commit("complete plan", &d);
                }
            }
            4 if plans.len() > 3 => {
                let p = plans.remove(rng.next(plans.len()));
                r.remove(&p);
                r.commit(&format!("drop {p}"), &d);
            }
            _ => {
                let b = format!("b{step}");
                r.git(&["checkout", "-q", "-b", &b]);
                let mut branch_touched = Vec::new();
                for k in 0..1 + rng.next(3) {
                    let d = tick(&mut rng);
                    match rng.next(3) {
                        0 => {
                            let p = plans[rng.next(plans.len())].clone();
                            edit_line(&r, &p, rng.next(6), &format!("branch {b} edit {k}"));
                            branch_touched.push(p);
                        }
                        1 => r.write(&format!(".agents/active/{b}-{k}.md"), &plan(&b, 20)),
                        _ => r.write("src/other.rs", &format!("{b}{k}\n")),
                    }
                    r.commit(&format!("{b} work {k}"), &d);
                }
                r.git(&["checkout", "-q", "main"]);
                let mut main_touched = Vec::new();
                for k in 0..rng.next(3) {
                    let d = tick(&mut rng);
                    match rng.next(3) {
                        0 => {
                            let p = plans[rng.next(plans.len())].clone();
                            edit_line(&r, &p, 14 + rng.next(6), &format!("main during {b} {k}"));
                            main_touched.push(p);
                        }
                        1 => {
                            // The same change on both sides (a cherry-pick): TREESAME to
                            // both parents for that plan, but not for the folder.
                            if let Some(p) =
                                branch_touched.iter().find(|p| !main_touched.contains(p))
                            {
                                let content = r.git(&["show", &format!("{b}:{p}")]);
                                r.write(p, &content);
                                main_touched.push(p.clone());
                            }
                        }
                        _ => r.write("src/lib.rs", &format!("main {b} {k}\n")),
                    }
                    r.commit(&format!("main during {b} {k}"), &d);
                }
                let d = tick(&mut rng);
                r.git_at(
                    &d,
                    &["merge", "-q", "--no-ff", "-m", &format!("merge {b}"), &b],
                );
                for k in 0..3 {
                    let p = format!(".agents/active/{b}-{k}.md");
                    if r.join(&p).exists() {
                        plans.push(p);
                    }
                }
            }
        }
    }
    r
}

#[test]
fn branches_and_merges_match_git_log_per_path() {
    for seed in 1..=6 {
        let r = branchy_repo(seed);
        let merges = git_lines(r.path(), &["log", "--merges", "--format=%H"]).len();
        assert!(merges > 0, "seed {seed} made no merges");
        let h = walk_at(r.path(), "HEAD");
        assert_matches_git(r.path(), "HEAD", &h);
    }
}

/// The hand-made cases: a merge changing one plan on both sides, a TREESAME merge,
/// and the same change made on both sides.
#[test]
fn explicit_merge_cases() {
    let r = TestRepo::new();
    r.write(".agents/x.md", &plan("x", 20));
    r.write(".agents/y.md", &plan("y", 20));
    r.write(".agents/w.md", &plan("w", 20));
    r.commit("init", "2025-10-01T10:00:00Z");
    r.git(&["checkout", "-q", "-b", "side"]);
    edit_line(&r, ".agents/x.md", 1, "side top");
    edit_line(&r, ".agents/y.md", 1, "same on both");
    edit_line(&r, ".agents/w.md", 1, "same on both");
    edit_line(&r, ".agents/w.md", 5, "side only");
    let side = r.commit("side edits", "2025-10-02T10:00:00Z");
    r.git(&["checkout", "-q", "main"]);
    edit_line(&r, ".agents/x.md", 18, "main bottom");
    edit_line(&r, ".agents/y.md", 1, "same on both");
    edit_line(&r, ".agents/w.md", 1, "same on both");
    let main = r.commit("main edits", "2025-10-03T10:00:00Z");
    r.git_at(
        "2025-10-04T10:00:00Z",
        &["merge", "-q", "--no-ff", "-m", "both sides", "side"],
    );
    let both = r.git(&["rev-parse", "HEAD"]).trim().to_owned();
    r.git(&["checkout", "-q", "-b", "code"]);
    r.write("src/a.rs", "1\n");
    r.commit("code only", "2025-10-05T10:00:00Z");
    r.git(&["checkout", "-q", "main"]);
    edit_line(&r, ".agents/y.md", 10, "main later");
    r.commit("main later", "2025-10-06T10:00:00Z");
    r.git_at(
        "2025-10-07T10:00:00Z",
        &["merge", "-q", "--no-ff", "-m", "treesame", "code"],
    );

    let h = walk_at(r.path(), "HEAD");
    assert_matches_git(r.path(), "HEAD", &h);
    let x = ids(&h, h.path_revisions(".agents/x.md"));
    assert!(x.contains(&both) && x.contains(&side) && x.contains(&main));
    let y = ids(&h, h.path_revisions(".agents/y.md"));
    assert!(
        y.contains(&main) && !y.contains(&side) && !y.contains(&both),
        "first TREESAME parent wins"
    );
    // w equals the side parent only: git follows just that parent for w.
    let w = ids(&h, h.path_revisions(".agents/w.md"));
    assert!(
        w.contains(&side) && !w.contains(&main) && !w.contains(&both),
        "{w:?}"
    );
    assert!(!h.commits.iter().any(|c| c.summary == "treesame"));
}

#[test]
fn linked_worktree_and_bare_clone() {
    let r = linear_repo();
    let wt = tempfile::tempdir().unwrap();
    let wt_path = wt.path().join("wt");
    r.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "other",
        wt_path.to_str().unwrap(),
        "HEAD~1",
    ]);
    let h = walk_at(&wt_path, "HEAD");
    assert_eq!(
        h.head.unwrap().to_string(),
        git_in(&wt_path, None, &["rev-parse", "HEAD"]).trim()
    );
    assert_matches_git(&wt_path, "HEAD", &h);

    let bare = wt.path().join("bare.git");
    git_in(
        wt.path(),
        None,
        &[
            "clone",
            "-q",
            "--bare",
            r.path().to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
    );
    for rev in ["main", "HEAD", "main~2"] {
        let h = walk_at(&bare, rev);
        assert_matches_git(&bare, rev, &h);
    }
}

#[test]
fn shallow_clones_mark_the_boundary() {
    let r = branchy_repo(3);
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    for depth in ["1", "3"] {
        let dst = tmp.path().join(format!("d{depth}"));
        git_in(
            tmp.path(),
            None,
            &["clone", "-q", "--depth", depth, &url, dst.to_str().unwrap()],
        );
        let h = walk_at(&dst, "HEAD");
        assert!(h.shallow, "depth {depth}");
        assert!(h.commits.iter().any(|c| c.at_shallow_boundary));
        assert_matches_git(&dst, "HEAD", &h);
        for l in &h.files {
            let c = h.created(l).unwrap();
            if c.commit.at_shallow_boundary {
                assert_eq!(
                    c.certainty,
                    &Certainty::ShallowBoundary,
                    "{}",
                    l.display_path()
                );
            }
        }
        if depth == "1" {
            assert!(h
                .files
                .iter()
                .all(|l| h.created(l).unwrap().certainty == &Certainty::ShallowBoundary));
        }
    }
    // A full clone is not shallow.
    let h = walk_at(r.path(), "HEAD");
    assert!(!h.shallow && h.commits.iter().all(|c| !c.at_shallow_boundary));
}

#[test]
fn not_a_repo_unborn_and_bad_rev() {
    let tmp = tempfile::tempdir().unwrap();
    match history::Repo::open(tmp.path()) {
        Err(HistoryError::NotARepository { .. }) => {}
        other => panic!("expected NotARepository, got {other:?}"),
    }
    let r = TestRepo::new();
    let h = walk_at(r.path(), "HEAD");
    assert!(h.head.is_none() && h.commits.is_empty() && h.files.is_empty());
    let repo = history::Repo::open(r.path()).unwrap();
    let err = history::walk(
        &repo,
        &WalkOptions {
            rev: "nope".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err, HistoryError::BadRevision { .. }), "{err}");
    assert!(err.to_string().contains("nope"));
}

#[test]
fn a_missing_parent_outside_a_shallow_boundary_fails_loudly() {
    let r = TestRepo::new();
    r.write(".agents/a.md", "a\n");
    let first = r.commit("one", "2025-10-01T10:00:00Z");
    r.write(".agents/a.md", "b\n");
    r.commit("two", "2025-10-02T10:00:00Z");
    std::fs::remove_file(r.join(&format!(".git/objects/{}/{}", &first[..2], &first[2..]))).unwrap();
    let repo = history::Repo::open(r.path()).unwrap();
    let err = history::walk(&repo, &WalkOptions::default()).unwrap_err();
    assert!(matches!(err, HistoryError::MissingCommit { .. }), "{err}");
}

/// A blob the repository lacks (a partial clone, or damage) is a typed error
/// naming the object, from every read of it, never a generic read failure.
#[test]
fn a_missing_blob_is_a_missing_object_naming_it() {
    let r = TestRepo::new();
    r.write(".agents/a.md", "a\n");
    r.commit("one", "2025-10-01T10:00:00Z");
    let id = r
        .git(&["rev-parse", "HEAD:.agents/a.md"])
        .trim()
        .to_string();
    std::fs::remove_file(r.join(&format!(".git/objects/{}/{}", &id[..2], &id[2..]))).unwrap();
    let repo = history::Repo::open(r.path()).unwrap();
    let blob = history::ObjectId::from_hex(id.as_bytes()).unwrap();
    for err in [
        repo.blob(blob).unwrap_err(),
        repo.file_at("HEAD", ".agents/a.md").unwrap_err(),
        repo.staged(".agents/a.md").unwrap_err(),
    ] {
        assert!(err.is_missing_object(), "{err}");
        assert!(
            matches!(&err, HistoryError::MissingObject { id: got, .. } if *got == blob),
            "{err:?}"
        );
        assert!(err.to_string().contains(&id), "{err}");
    }
    let h = history::walk(&repo, &WalkOptions::default()).unwrap();
    assert!(h.blob(&repo, blob).unwrap_err().is_missing_object());
    // A tree met on the way to a path, too.
    let tree = r.git(&["rev-parse", "HEAD:.agents"]).trim().to_string();
    std::fs::remove_file(r.join(&format!(".git/objects/{}/{}", &tree[..2], &tree[2..]))).unwrap();
    let tree_id = history::ObjectId::from_hex(tree.as_bytes()).unwrap();
    for err in [
        repo.file_at("HEAD", ".agents/a.md").unwrap_err(),
        repo.tree_entries(tree_id).unwrap_err(),
    ] {
        assert!(
            matches!(&err, HistoryError::MissingObject { id: got, .. } if *got == tree_id),
            "{err:?}"
        );
    }
}

#[test]
fn several_prefixes_and_all_files() {
    let r = linear_repo();
    r.write("docs/execplans/z.md", "z\n");
    r.write(".agents/notes.txt", "changed\n");
    r.commit("z", "2025-10-11T10:00:00Z");
    let repo = history::Repo::open(r.path()).unwrap();
    let opts = WalkOptions {
        rev: "HEAD".into(),
        prefixes: vec!["./.agents/".into(), "docs/execplans".into()],
        only_md: false,
    };
    let h = history::walk(&repo, &opts).unwrap();
    assert!(h.lineage("docs/execplans/z.md").is_some());
    assert_eq!(h.path_revisions(".agents/notes.txt").len(), 2);
    assert!(h.lineage("src/lib.rs").is_none());
}

/// The walk reads packed trees and commits through its own delta-chain cache
/// (`src/history/packed.rs`); every packed layout must give exactly the history the
/// loose objects give: git's own repack (newer objects as delta bases) and
/// fast-import's (each tree a delta of the previous version: the long chains that
/// made the cache necessary).
#[test]
fn packed_layouts_give_the_same_history() {
    use std::process::{Command, Stdio};
    let same = |a: &History, b: &History, what: &str| {
        assert_eq!(
            format!("{:?}", a.commits),
            format!("{:?}", b.commits),
            "{what}"
        );
        assert_eq!(format!("{:?}", a.files), format!("{:?}", b.files), "{what}");
    };
    for seed in 1..=3 {
        let r = branchy_repo(seed);
        let loose = walk_at(r.path(), "HEAD");

        let imported = TestRepo::new();
        let export = Command::new("git")
            .current_dir(r.path())
            .args(["fast-export", "--all"])
            .output()
            .expect("git fast-export");
        assert!(export.status.success());
        let mut import = Command::new("git")
            .current_dir(imported.path())
            .args(["fast-import", "--quiet"])
            .stdin(Stdio::piped())
            .spawn()
            .expect("git fast-import");
        std::io::Write::write_all(import.stdin.as_mut().expect("stdin"), &export.stdout)
            .expect("feed fast-import");
        assert!(import.wait().expect("fast-import ends").success());
        let depth = imported
            .git(&["verify-pack", "-v", &pack_index(imported.path())])
            .lines()
            .filter(|l| l.split_whitespace().nth(1) == Some("tree"))
            .filter_map(|l| l.split_whitespace().nth(5)?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        assert!(
            depth >= 5,
            "seed {seed}: fast-import made no tree delta chains ({depth})"
        );
        same(
            &loose,
            &walk_at(imported.path(), "HEAD"),
            "fast-import layout",
        );

        r.git(&["repack", "-adfq", "--depth=50", "--window=50"]);
        let packed = walk_at(r.path(), "HEAD");
        same(&loose, &packed, "repacked layout");
        assert_matches_git(r.path(), "HEAD", &packed);
    }
}

fn pack_index(repo: &Path) -> String {
    let dir = repo.join(".git/objects/pack");
    let idx = std::fs::read_dir(&dir)
        .expect("pack folder")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .expect("one pack");
    idx.to_string_lossy().into_owned()
}

/// `git replace --graft` rewrites a commit's parents for every reader that honours
/// replace refs, as `git log` and gix do; the packed fast path must not bypass it.
#[test]
fn replace_refs_are_honoured_loose_and_packed() {
    let r = linear_repo();
    let before = r.lines(&["rev-parse", "HEAD~2"]);
    r.git(&["replace", "--graft", "HEAD", &before[0]]);
    let h = walk_at(r.path(), "HEAD");
    assert_matches_git(r.path(), "HEAD", &h);
    let c = h.path_revisions(".agents/active/c.md");
    assert_eq!(c.len(), 1, "c.md now arrives in the grafted HEAD");
    r.git(&["repack", "-adfq"]);
    let packed = walk_at(r.path(), "HEAD");
    assert_matches_git(r.path(), "HEAD", &packed);
    assert_eq!(format!("{:?}", h.files), format!("{:?}", packed.files));
}
