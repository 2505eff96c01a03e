//! A cached walk extended by new commits equals a fresh walk, field for field; a
//! rewritten history (amend, rebase, reset) is walked again and is right too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use execplan::history::{walk, walk_cached_with_outcome, CacheOutcome, History, Repo, WalkOptions};
use test_support::TestRepo;

/// Every observable fact of two histories is equal.
fn same(fresh: &History, got: &History, what: &str) {
    assert_eq!(fresh.head, got.head, "{what}: head");
    assert_eq!(fresh.shallow, got.shallow, "{what}: shallow");
    assert_eq!(fresh.commits, got.commits, "{what}: commits");
    assert_eq!(fresh.files, got.files, "{what}: lineages");
    let paths: Vec<_> = fresh.tracked_paths().collect();
    assert_eq!(
        paths,
        got.tracked_paths().collect::<Vec<_>>(),
        "{what}: paths"
    );
    for p in paths {
        let p = p.to_string();
        assert_eq!(
            fresh.path_revisions(&p),
            got.path_revisions(&p),
            "{what}: revisions of {p}"
        );
    }
    for l in &fresh.files {
        assert_eq!(
            fresh.created(l).map(|c| (c.commit.id, c.certainty.clone())),
            got.created(l).map(|c| (c.commit.id, c.certainty.clone())),
            "{what}: created of {}",
            l.display_path()
        );
    }
}

fn opts() -> WalkOptions {
    WalkOptions {
        rev: "HEAD".into(),
        prefixes: vec![".agents".into(), "docs/plans".into()],
        only_md: true,
    }
}

/// Walk through the cache and compare with a fresh walk; returns how the cache answered.
fn check(r: &TestRepo, what: &str) -> CacheOutcome {
    let repo = Repo::open(r.path()).unwrap();
    let fresh = walk(&repo, &opts()).unwrap();
    let (got, outcome) = walk_cached_with_outcome(&repo, &opts()).unwrap();
    same(&fresh, &got, what);
    // The file written after an extension serves the same answer again.
    let (again, second) = walk_cached_with_outcome(&repo, &opts()).unwrap();
    same(&fresh, &again, what);
    assert_eq!(second, CacheOutcome::Served, "{what}: second read");
    outcome
}

fn plan(title: &str, items: usize) -> String {
    let mut s = format!("# {title}\n\n## Purpose\n\nWhy {title} exists.\n\n## Progress\n\n");
    for i in 0..items {
        s.push_str(&format!("- [ ] step {i} of {title}\n"));
    }
    s
}

/// A date `n` hours after a fixed start.
fn at(n: usize) -> String {
    let t = chrono::DateTime::parse_from_rfc3339("2025-10-01T08:00:00Z").unwrap()
        + chrono::Duration::hours(n as i64);
    t.to_rfc3339()
}

struct Steps {
    r: TestRepo,
    n: usize,
}

impl Steps {
    fn new() -> Self {
        let r = TestRepo::new();
        r.write("README.md", "code\n");
        r.write(".agents/first.md", &plan("first", 3));
        r.commit("start", &at(0));
        let mut s = Steps { r, n: 1 };
        assert_eq!(check(&s.r, "start"), CacheOutcome::Walked);
        s.n += 1;
        s
    }

    fn commit(&mut self, msg: &str) -> String {
        self.n += 1;
        self.r.commit(msg, &at(self.n))
    }

    /// Commit, then the cached walk must be an extension equal to a fresh walk.
    fn extended(&mut self, msg: &str) {
        self.commit(msg);
        let outcome = check(&self.r, msg);
        assert!(
            matches!(outcome, CacheOutcome::Extended { .. }),
            "{msg}: expected an extension, got {outcome:?}"
        );
    }
}

#[test]
fn linear_commits_extend_the_cached_walk_exactly() {
    let mut s = Steps::new();
    let r = &s.r;
    r.write(".agents/first.md", &plan("first", 4));
    s.extended("edit");
    s.r.write(".agents/second.md", &plan("second", 2));
    s.r.write(".agents/third.md", &plan("third", 2));
    s.extended("add two");
    s.r.mv(".agents/first.md", ".agents/done/first.md");
    s.extended("rename into a subfolder");
    s.r.mv(".agents/second.md", "docs/plans/second.md");
    s.extended("move between tracked folders");
    s.r.remove(".agents/third.md");
    s.extended("delete");
    s.r.write(".agents/third.md", &plan("third again", 1));
    s.extended("re-create a deleted path");
    s.r.write("notes/outside.md", &plan("outside", 5));
    s.extended("a plan outside the tracked folders");
    s.r.mv("notes/outside.md", ".agents/outside.md");
    s.extended("move in from outside");
    s.r.write("src/lib.rs", "fn main() {}\n");
    s.extended("code only");
    // Copy now, delete the original later: a move in two commits.
    let text = std::fs::read_to_string(s.r.join(".agents/done/first.md")).unwrap();
    s.r.write(".agents/archive/first.md", &text);
    s.extended("copy");
    s.r.remove(".agents/done/first.md");
    s.extended("remove the original");
    // Several commits at once.
    s.r.write(".agents/fourth.md", &plan("fourth", 1));
    s.commit("fourth");
    s.r.mv(".agents/fourth.md", ".agents/done/fourth.md");
    s.commit("fourth done");
    s.r.write(".agents/done/fourth.md", &plan("fourth", 2));
    s.extended("three at once");
}

#[test]
fn merges_extend_or_fall_back_and_are_always_exact() {
    let mut s = Steps::new();
    s.r.write(".agents/a.md", &plan("a", 2));
    s.extended("a");
    // A branch that touches only code, merged: the merge's plans equal its first parent's.
    s.r.git(&["checkout", "-q", "-b", "code"]);
    s.r.write("src/x.rs", "1\n");
    s.commit("code on a branch");
    s.r.git(&["checkout", "-q", "main"]);
    s.r.write(".agents/a.md", &plan("a", 3));
    s.extended("main moves on");
    s.n += 1;
    s.r.git_at(
        &at(s.n),
        &["merge", "-q", "--no-ff", "-m", "merge code", "code"],
    );
    assert!(matches!(
        check(&s.r, "code merge"),
        CacheOutcome::Extended { .. }
    ));
    // A branch forked before the cached head that changes plans: exact either way.
    s.r.git(&["checkout", "-q", "-b", "plans", "HEAD~1"]);
    s.r.write(".agents/b.md", &plan("b", 1));
    s.r.mv(".agents/a.md", ".agents/done/a.md");
    s.commit("plans on a branch");
    s.r.git(&["checkout", "-q", "main"]);
    s.r.write(".agents/c.md", &plan("c", 1));
    s.extended("main adds c");
    s.n += 1;
    s.r.git_at(
        &at(s.n),
        &["merge", "-q", "--no-ff", "-m", "merge plans", "plans"],
    );
    // The fork's side enters the cached commits below the cached head.
    assert_eq!(check(&s.r, "plans merge"), CacheOutcome::Walked);
    // A branch forked at the cached head, merged: both sides are new commits.
    s.r.git(&["checkout", "-q", "-b", "side"]);
    s.r.write(".agents/d.md", &plan("d", 1));
    s.commit("d on a side branch");
    s.r.git(&["checkout", "-q", "main"]);
    s.r.write(".agents/c.md", &plan("c", 2));
    s.commit("c grows");
    s.n += 1;
    s.r.git_at(
        &at(s.n),
        &["merge", "-q", "--no-ff", "-m", "merge side", "side"],
    );
    assert_eq!(
        check(&s.r, "side merge"),
        CacheOutcome::Extended { new_commits: 3 }
    );
    s.r.write(".agents/d.md", &plan("d", 3));
    s.extended("after the merges");
}

#[test]
fn rewritten_history_is_walked_again() {
    let mut s = Steps::new();
    s.r.write(".agents/a.md", &plan("a", 2));
    s.extended("a");
    s.r.write(".agents/b.md", &plan("b", 2));
    s.extended("b");
    // Amend: the cached head is no longer an ancestor.
    s.r.write(".agents/b.md", &plan("b amended", 2));
    s.n += 1;
    s.r.git_at(
        &at(s.n),
        &["commit", "-q", "-a", "--amend", "-m", "b, amended"],
    );
    assert_eq!(check(&s.r, "amend"), CacheOutcome::Walked);
    // Reset to an older commit: the new head is an ancestor of the cached one.
    s.r.git(&["reset", "-q", "--hard", "HEAD~1"]);
    assert_eq!(check(&s.r, "reset"), CacheOutcome::Walked);
    // Rebase a branch onto a moved main.
    s.r.git(&["checkout", "-q", "-b", "topic"]);
    s.r.write(".agents/t.md", &plan("t", 1));
    s.commit("t");
    assert_eq!(
        check(&s.r, "topic"),
        CacheOutcome::Extended { new_commits: 1 }
    );
    s.r.git(&["checkout", "-q", "main"]);
    s.r.write(".agents/a.md", &plan("a", 5));
    s.commit("a grows");
    s.r.git(&["checkout", "-q", "topic"]);
    s.n += 1;
    s.r.git_at(&at(s.n), &["rebase", "-q", "main"]);
    assert_eq!(check(&s.r, "rebase"), CacheOutcome::Walked);
    s.r.write(".agents/t.md", &plan("t", 2));
    s.extended("after the rebase");
}

/// Pseudo-random sequences of edits, adds, renames, moves and deletions (a fixed
/// generator, so a failure replays): after every commit the extension is exact.
#[test]
fn random_sequences_extend_exactly() {
    for seed in [1u64, 7, 42] {
        let mut rng = seed;
        let mut next = |n: usize| {
            rng = rng
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((rng >> 33) as usize) % n
        };
        let mut s = Steps::new();
        let mut live = vec![".agents/first.md".to_string()];
        let folders = [".agents", ".agents/done", "docs/plans", "elsewhere"];
        for step in 0..14 {
            let commits = 1 + next(2);
            for c in 0..commits {
                let op = if live.is_empty() { 0 } else { next(5) };
                let name = format!("p{step}{c}");
                match op {
                    0 => {
                        let path = format!("{}/{name}.md", folders[next(folders.len())]);
                        s.r.write(&path, &plan(&name, 1 + next(4)));
                        live.push(path);
                    }
                    1 | 2 => {
                        let path = &live[next(live.len())];
                        s.r.write(path, &plan(&name, 1 + next(6)));
                    }
                    3 => {
                        let i = next(live.len());
                        let base = live[i].rsplit('/').next().unwrap().to_string();
                        let to = format!("{}/{base}", folders[next(folders.len())]);
                        if to != live[i] && !live.contains(&to) {
                            s.r.mv(&live[i], &to);
                            live[i] = to;
                        }
                    }
                    _ => {
                        let path = live.remove(next(live.len()));
                        s.r.remove(&path);
                    }
                }
                s.commit(&format!("seed {seed} step {step}.{c}"));
            }
            let outcome = check(&s.r, &format!("seed {seed} step {step}"));
            assert_eq!(
                outcome,
                CacheOutcome::Extended {
                    new_commits: commits
                }
            );
        }
    }
}
