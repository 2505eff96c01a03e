//! Items reworded, split, swapped and reordered: the tick dates `plans timeline`
//! gives and `plans fill` writes are those of the first revision in which git
//! shows each item ticked. The expectation is read from git, not written by
//! hand: each commit's `git diff -U0` is replayed over the plan's lines, where
//! an unchanged line keeps its item, a line with the same text moved elsewhere
//! is the same item, and within a hunk the k-th line removed is continued by
//! the k-th line added (how a diff reads a changed line).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use serde_json::Value;
use test_support::{run, TestRepo};

const PATH: &str = ".agents/warm.md";

fn plan(progress: &[&str]) -> String {
    let items: String = progress.iter().map(|i| format!("- {i}\n")).collect();
    format!(
        "# Cache warmup\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nWarm caches.\n\n## Context and Orientation\nThe loader.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n{items}\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nIn progress.\n"
    )
}

/// Commit each revision of the Progress list, a day apart.
fn repo(revisions: &[&[&str]]) -> TestRepo {
    let r = TestRepo::new();
    for (k, progress) in revisions.iter().enumerate() {
        r.write(PATH, &plan(progress));
        r.commit(
            &format!("revision {k}"),
            &format!("2025-10-{:02}T10:{k:02}:00Z", k + 1),
        );
    }
    r
}

/// An item line: (key, checked, stamp), the stamp as `fill` writes it.
fn item(line: &str) -> Option<(String, bool, Option<String>)> {
    let rest = line.strip_prefix("- [")?;
    let (mark, rest) = rest.split_once("] ")?;
    let checked = match mark {
        " " => false,
        "x" | "X" => true,
        _ => return None,
    };
    let (stamp, text) = match rest.strip_prefix('(').and_then(|r| r.split_once(") ")) {
        Some((stamp, text)) if stamp.ends_with('Z') => (Some(stamp.to_string()), text),
        _ => (None, rest),
    };
    Some((text.trim().to_lowercase(), checked, stamp))
}

/// Per line (index = line − 1): the item on it, if any.
type Lines = Vec<Option<(String, bool, Option<String>)>>;

/// The items of a revision's text, per line.
fn items(text: &str) -> Lines {
    text.lines().map(item).collect()
}

/// `@@ -a,b +c,d @@` of a `-U0` diff: the 1-based old and new lines of each hunk.
fn hunks(diff: &str) -> Vec<(Vec<usize>, Vec<usize>)> {
    let lines = |range: &str| {
        let (start, count) = range.split_once(',').unwrap_or((range, "1"));
        let start: usize = start.parse().unwrap();
        let count: usize = count.parse().unwrap();
        (start..start + count).collect::<Vec<_>>()
    };
    diff.lines()
        .filter_map(|l| l.strip_prefix("@@ -")?.split_once(" @@"))
        .map(|(ranges, _)| {
            let (old, new) = ranges.split_once(" +").unwrap();
            (lines(old), lines(new))
        })
        .collect()
}

/// For each item of the last revision, in order, the commit in which git
/// first shows it ticked (`None`: open).
fn ticks_git_shows(r: &TestRepo) -> Vec<Option<String>> {
    let commits = r.lines(&["log", "--reverse", "--format=%H", "--", PATH]);
    // Per line of the previous revision: the tick of the item on it.
    let mut state: Vec<Option<Option<String>>> = Vec::new();
    let mut prev: Option<&String> = None;
    for c in &commits {
        let text = r.git(&["show", &format!("{c}:{PATH}")]);
        let now = items(&text);
        let diff = match prev {
            Some(p) => r.git(&["diff", "-U0", "--no-color", p, c, "--", PATH]),
            None => format!("@@ -0,0 +1,{} @@\n", now.len()),
        };
        let hunks = hunks(&diff);
        let removed: HashSet<usize> = hunks.iter().flat_map(|h| h.0.clone()).collect();
        let added: HashSet<usize> = hunks.iter().flat_map(|h| h.1.clone()).collect();
        // What each new line continues: the previous tick of the item it carries on.
        let mut carried: Vec<Option<Option<String>>> = vec![None; now.len()];
        let kept_old = (1..=state.len()).filter(|l| !removed.contains(l));
        let kept_new = (1..=now.len()).filter(|l| !added.contains(l));
        for (o, n) in kept_old.zip(kept_new) {
            carried[n - 1] = state[o - 1].clone();
        }
        let old_items = match prev {
            Some(p) => items(&r.git(&["show", &format!("{p}:{PATH}")])),
            None => Vec::new(),
        };
        let is_item = |v: &Lines, l: usize| v.get(l - 1).is_some_and(Option::is_some);
        let key = |v: &Lines, l: usize| v[l - 1].as_ref().unwrap().0.clone();
        let mut used: HashSet<usize> = HashSet::new();
        let mut paired: HashSet<usize> = HashSet::new();
        // The same text removed here and added there: the item moved.
        let mut gone: Vec<usize> = removed
            .iter()
            .copied()
            .filter(|&l| is_item(&old_items, l))
            .collect();
        gone.sort_unstable();
        let mut came: Vec<usize> = added
            .iter()
            .copied()
            .filter(|&l| is_item(&now, l))
            .collect();
        came.sort_unstable();
        for &n in &came {
            if let Some(&o) = gone
                .iter()
                .find(|&&o| !used.contains(&o) && key(&old_items, o) == key(&now, n))
            {
                used.insert(o);
                paired.insert(n);
                carried[n - 1] = state[o - 1].clone();
            }
        }
        // Within a hunk, the k-th item removed goes on as the k-th item added.
        for (old_lines, new_lines) in &hunks {
            let o = old_lines
                .iter()
                .filter(|&&l| is_item(&old_items, l) && !used.contains(&l));
            let n = new_lines
                .iter()
                .filter(|&&l| is_item(&now, l) && !paired.contains(&l));
            for (&o, &n) in o.zip(n) {
                carried[n - 1] = state[o - 1].clone();
            }
        }
        state = now
            .iter()
            .zip(carried)
            .map(|(item, before)| {
                let (_, checked, _) = item.as_ref()?;
                Some(checked.then(|| before.flatten().unwrap_or_else(|| c.clone())))
            })
            .collect();
        prev = Some(c);
    }
    state.into_iter().flatten().collect()
}

/// The stamp `fill` writes for a tick in `commit`: its author date, in UTC.
fn stamp_of(r: &TestRepo, commit: &str) -> String {
    let zone = r.git(&["show", "-s", "--format=%ad", "--date=format:%z", commit]);
    assert_eq!(zone.trim(), "+0000", "the fixtures commit in UTC");
    r.git(&[
        "show",
        "-s",
        "--format=%ad",
        "--date=format:%Y-%m-%d %H:%MZ",
        commit,
    ])
    .trim()
    .to_string()
}

/// `timeline` and `fill` agree with git on every item of the last revision.
fn assert_ticks_as_git_shows(r: &TestRepo) -> Vec<Option<String>> {
    let expected = ticks_git_shows(r);
    let (out, err, code) = run(r.path(), &["timeline", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let timeline: Vec<Option<String>> = doc["plans"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["checked_at"]["commit"].as_str().map(str::to_string))
        .collect();
    assert_eq!(timeline, expected, "timeline against git: {out}");

    let (out, err, code) = run(r.path(), &["fill"]);
    assert_eq!(code, 0, "{out}{err}");
    let filled = std::fs::read_to_string(r.join(PATH)).unwrap();
    let stamps: Vec<Option<String>> = items(&filled)
        .into_iter()
        .flatten()
        .map(|(_, _, stamp)| stamp)
        .collect();
    let want: Vec<Option<String>> = expected
        .iter()
        .map(|c| c.as_ref().map(|c| stamp_of(r, c)))
        .collect();
    assert_eq!(stamps, want, "fill against git:\n{filled}");
    expected
}

fn commits(r: &TestRepo) -> Vec<String> {
    r.lines(&["log", "--reverse", "--format=%H", "--", PATH])
}

// Issue 23, item 3: two items reworded in one commit while one of them is
// ticked. The first new wording reads more like the second old item than its
// own; pairing the most similar first crossed the two and swapped their ticks.
#[test]
fn two_items_reworded_in_one_commit_keep_their_own_ticks() {
    let r = repo(&[
        &["[ ] Run the smoke tests", "[ ] Run the smoke tests on CI"],
        &["[x] Run the smoke tests", "[ ] Run the smoke tests on CI"],
        &[
            "[x] Run the smoke tests on CI twice",
            "[x] Run the smoke tests nightly",
        ],
    ]);
    let c = commits(&r);
    let ticks = assert_ticks_as_git_shows(&r);
    assert_eq!(ticks, [Some(c[1].clone()), Some(c[2].clone())]);
}

// A split: the piece closest to the old item (the one a diff reads as its
// continuation) keeps its tick; the other is new.
#[test]
fn a_split_item_keeps_its_tick_on_the_piece_that_continues_it() {
    let r = repo(&[
        &[
            "[ ] Write the parser for the config file and the lock file",
            "[ ] Ship it",
        ],
        &[
            "[x] Write the parser for the config file and the lock file",
            "[ ] Ship it",
        ],
        &[
            "[x] Write the parser for the config file",
            "[ ] Write the parser for the lock file",
            "[ ] Ship it",
        ],
        &[
            "[x] Write the parser for the config file",
            "[x] Write the parser for the lock file",
            "[ ] Ship it",
        ],
    ]);
    let c = commits(&r);
    let ticks = assert_ticks_as_git_shows(&r);
    assert_eq!(ticks, [Some(c[1].clone()), Some(c[3].clone()), None]);
}

// A swap of unchanged items follows each by its text; an item reworded and
// moved past one that stayed, in one commit, is a new item (git shows its old
// wording removed in one place and the new one added in another).
#[test]
fn swapped_items_follow_their_text_and_a_moved_rewording_is_new() {
    let r = repo(&[
        &[
            "[ ] Load the index",
            "[ ] Warm the cache",
            "[ ] Measure the hit rate",
        ],
        &[
            "[x] Load the index",
            "[ ] Warm the cache",
            "[ ] Measure the hit rate",
        ],
        &[
            "[x] Warm the cache",
            "[x] Load the index",
            "[x] Measure the hit rate",
        ],
        &[
            "[x] Measure the cache hit rate",
            "[x] Warm the cache",
            "[x] Load the index",
        ],
    ]);
    let c = commits(&r);
    let ticks = assert_ticks_as_git_shows(&r);
    assert_eq!(
        ticks,
        [Some(c[3].clone()), Some(c[2].clone()), Some(c[1].clone())]
    );
}

// A reorder with a rewording in place and a tick in one commit: the moved item
// is itself, the reworded one keeps its earlier tick. (The items that stay in
// place outnumber the one that moves, so git's diff reads it as moved too.)
#[test]
fn a_reorder_keeps_every_tick_and_the_rewording_in_place() {
    let r = repo(&[
        &[
            "[ ] Load the index",
            "[ ] Warm the cache for the parser",
            "[ ] Measure the hit rate",
            "[ ] Measure the miss rate",
            "[ ] Write the report",
        ],
        &[
            "[ ] Load the index",
            "[x] Warm the cache for the parser",
            "[ ] Measure the hit rate",
            "[ ] Measure the miss rate",
            "[ ] Write the report",
        ],
        &[
            "[ ] Write the report",
            "[ ] Load the index",
            "[x] Warm the caches for the parser",
            "[ ] Measure the hit rate",
            "[x] Measure the miss rate",
        ],
    ]);
    let c = commits(&r);
    let ticks = assert_ticks_as_git_shows(&r);
    assert_eq!(
        ticks,
        [None, None, Some(c[1].clone()), None, Some(c[2].clone())]
    );
}
