//! Item identity across revisions, shared by timelines, `diff` and `log`.
//!
//! An item is its text without the timestamp, normalised
//! ([`crate::model::item_key`]). Items with equal keys pair up in order first:
//! equal text is identity, wherever the item moved. Then an item whose wording
//! changed pairs with an unpaired old item when their `similar` character ratio
//! is at least [`REWORD_RATIO`]. Neither side of a rewording may still exist
//! unchanged elsewhere in the other revision: an old item whose text is still
//! there was not reworded, and a new item whose text was already there is not a
//! new wording.
//!
//! Rewordings never cross: if new item `i` continues old item `j` and a later
//! new item `i' > i` continues old `j'`, then `j' > j`, and no rewording
//! crosses an *anchor*, an exact pair that kept its place. The anchors are the
//! largest set of exact pairs that do not cross one another (an exact pair off
//! it is an item that moved, and fences nothing); among the sets of that size,
//! the one that leaves room for the rewordings of greatest total similarity,
//! which are taken. This is the order `git diff` shows: two items reworded in
//! one commit continue the items they replace, in order, whichever old wording
//! one of them happens to resemble more (a greedy "most similar first" pairing
//! crossed them and swapped their tick dates). Where only a crossing pairing
//! would join a rewording (an item reworded and moved past another in one
//! commit), the new wording is a new item, dated where it appeared: a missed
//! join is visible in the text, a wrong one misdates a tick silently.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet, VecDeque};

/// Minimum similarity for two differently worded items to be the same item.
///
/// Chosen on three public repositories' plans (61 items reworded after they were
/// ticked, where a join decides the tick's date): every pair below 0.54 was a
/// different item (a stage split into steps, a step replaced), 0.6–0.7 held one
/// of each, and above 0.7 all but one templated "validated … with npm test" entry
/// were the same item. A wrong join misdates a tick silently; a missed one dates
/// it to the commit that introduced the new wording, where it was indeed ticked.
pub const REWORD_RATIO: f32 = 0.7;

/// For each new key, the index of the old key it continues, if any. Each old
/// key is used at most once.
pub fn match_items<S: AsRef<str>>(old: &[S], new: &[S]) -> Vec<Option<usize>> {
    let old: Vec<&str> = old.iter().map(AsRef::as_ref).collect();
    let new: Vec<&str> = new.iter().map(AsRef::as_ref).collect();
    // Most revisions leave the list as it was: every item continues itself.
    if old == new {
        return (0..new.len()).map(Some).collect();
    }
    let mut used = vec![false; old.len()];
    let mut by_key: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (j, k) in old.iter().enumerate() {
        by_key.entry(k).or_default().push_back(j);
    }
    let mut out: Vec<Option<usize>> = new
        .iter()
        .map(|k| {
            let j = by_key.get_mut(k)?.pop_front()?;
            used[j] = true;
            Some(j)
        })
        .collect();
    let old_keys: HashSet<&str> = old.iter().copied().collect();
    let new_keys: HashSet<&str> = new.iter().copied().collect();
    let olds: Vec<(usize, Pattern)> = old
        .iter()
        .enumerate()
        .filter(|(j, o)| !used[*j] && !new_keys.contains(*o))
        .map(|(j, o)| (j, Pattern::new(o)))
        .collect();
    // Items added or removed, none reworded: nothing to choose.
    if olds.is_empty() {
        return out;
    }
    let mut candidates: Vec<Point> = Vec::new();
    for (i, k) in new.iter().enumerate() {
        if out[i].is_some() || old_keys.contains(k) {
            continue;
        }
        let chars: Vec<char> = k.chars().collect();
        for (j, pattern) in &olds {
            let ratio = pattern.ratio(&chars);
            if ratio >= REWORD_RATIO {
                candidates.push(Point {
                    new: i,
                    old: *j,
                    similarity: Some(f64::from(ratio)),
                });
            }
        }
    }
    if candidates.is_empty() {
        return out;
    }
    for p in non_crossing(&out, old.len(), candidates) {
        out[p.new] = Some(p.old);
    }
    out
}

/// A possible pair: an exact one (`similarity: None`) or a rewording.
#[derive(Debug, Clone, Copy)]
struct Point {
    new: usize,
    old: usize,
    similarity: Option<f64>,
}

/// What a chain of pairs is worth: anchors first, then total similarity.
#[derive(Debug, Clone, Copy, Default)]
struct Score {
    anchors: usize,
    similarity: f64,
}

impl Score {
    fn add(self, p: &Point) -> Self {
        match p.similarity {
            None => Score {
                anchors: self.anchors + 1,
                similarity: self.similarity,
            },
            Some(s) => Score {
                anchors: self.anchors,
                similarity: self.similarity + s,
            },
        }
    }
}

/// The best chain ending at a point: its score, then the earlier point on a
/// tie (document order), so that the choice is one total order.
#[derive(Debug, Clone, Copy)]
struct Best {
    score: Score,
    point: usize,
}

impl Best {
    fn cmp(&self, other: &Best) -> Ordering {
        self.score
            .anchors
            .cmp(&other.score.anchors)
            .then(self.score.similarity.total_cmp(&other.score.similarity))
            .then(other.point.cmp(&self.point))
    }

    fn max(a: Option<Best>, b: Option<Best>) -> Option<Best> {
        match (a, b) {
            (Some(x), Some(y)) => Some(if y.cmp(&x) == Ordering::Greater { y } else { x }),
            (x, None) => x,
            (None, y) => y,
        }
    }
}

/// The rewordings of the best chain of pairs increasing in both revisions,
/// over the exact pairs in `exact` and the `candidates`: a weighted longest
/// common subsequence on the sparse points, `O(p log m)` with a Fenwick tree of
/// prefix maxima over the old positions.
fn non_crossing(exact: &[Option<usize>], old_len: usize, candidates: Vec<Point>) -> Vec<Point> {
    let mut points: Vec<Point> = exact
        .iter()
        .enumerate()
        .filter_map(|(i, j)| {
            j.map(|j| Point {
                new: i,
                old: j,
                similarity: None,
            })
        })
        .chain(candidates)
        .collect();
    points.sort_by_key(|p| (p.new, p.old));
    let mut tree: Vec<Option<Best>> = vec![None; old_len + 1];
    let mut chain_end: Vec<Best> = Vec::with_capacity(points.len());
    let mut before: Vec<Option<usize>> = Vec::with_capacity(points.len());
    let mut row = 0;
    while row < points.len() {
        let end = row
            + points[row..]
                .iter()
                .take_while(|p| p.new == points[row].new)
                .count();
        // Every point of a row reads the rows above before any is written:
        // two pairs of one new item are never in one chain.
        for (k, p) in points.iter().enumerate().take(end).skip(row) {
            let prev = prefix_max(&tree, p.old);
            let base = prev.map_or(Score::default(), |b| b.score);
            chain_end.push(Best {
                score: base.add(p),
                point: k,
            });
            before.push(prev.map(|b| b.point));
        }
        for (p, b) in points[row..end].iter().zip(&chain_end[row..end]) {
            update(&mut tree, p.old, *b);
        }
        row = end;
    }
    let mut at = chain_end
        .iter()
        .copied()
        .map(Some)
        .fold(None, Best::max)
        .map(|b| b.point);
    let mut chosen = Vec::new();
    while let Some(k) = at {
        if points[k].similarity.is_some() {
            chosen.push(points[k]);
        }
        at = before[k];
    }
    chosen
}

/// The best chain among old positions `0..old` (Fenwick prefix maximum).
fn prefix_max(tree: &[Option<Best>], old: usize) -> Option<Best> {
    let mut at = old;
    let mut best = None;
    while at > 0 {
        best = Best::max(best, tree[at]);
        at &= at - 1;
    }
    best
}

/// Record a chain ending at old position `old`.
fn update(tree: &mut [Option<Best>], old: usize, value: Best) {
    let mut at = old + 1;
    while at < tree.len() {
        tree[at] = Best::max(tree[at], Some(value));
        at += at & at.wrapping_neg();
    }
}

/// One text, ready to be measured against others: for each character, the
/// bit set of the places it holds (bit-parallel LCS, Hyyrö 2004).
struct Pattern {
    len: usize,
    words: usize,
    masks: HashMap<char, Vec<u64>>,
}

impl Pattern {
    fn new(text: &str) -> Self {
        let len = text.chars().count();
        let words = len.div_ceil(64).max(1);
        let mut masks: HashMap<char, Vec<u64>> = HashMap::new();
        for (i, c) in text.chars().enumerate() {
            masks.entry(c).or_insert_with(|| vec![0; words])[i / 64] |= 1 << (i % 64);
        }
        Self { len, words, masks }
    }

    /// The length of the longest common subsequence of the pattern and `other`.
    fn lcs(&self, other: &[char]) -> usize {
        let mut v = vec![u64::MAX; self.words];
        for c in other {
            let Some(m) = self.masks.get(c) else {
                continue;
            };
            // V' = (V + U) | (V − U) with U = V & M; U ⊆ V, so V − U = V & !U.
            let mut carry = false;
            for (w, m) in v.iter_mut().zip(m) {
                let u = *w & m;
                let (sum, c1) = w.overflowing_add(u);
                let (sum, c2) = sum.overflowing_add(u64::from(carry));
                carry = c1 || c2;
                *w = sum | (*w & !u);
            }
        }
        // Every zero among the pattern's own bits is a character in common.
        v.iter()
            .enumerate()
            .map(|(w, x)| {
                let bits = (self.len - w * 64).min(64);
                let mask = if bits == 64 {
                    u64::MAX
                } else {
                    (1u64 << bits) - 1
                };
                (!x & mask).count_ones() as usize
            })
            .sum()
    }

    /// `similar`'s character ratio, `2·matches / (len a + len b)`: its Myers diff
    /// is a shortest edit script, so its matches are the LCS; written out because
    /// the diff's per-character token lists cost most of a timeline's time.
    /// `tests::ratio_is_similars` holds the two equal.
    fn ratio(&self, other: &[char]) -> f32 {
        let total = self.len + other.len();
        if total == 0 {
            return 1.0;
        }
        2.0 * self.lcs(other) as f32 / total as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| (*x).to_string()).collect()
    }

    #[test]
    fn exact_then_reworded_then_new() {
        let old = v(&["write the parser", "add tests", "ship it"]);
        let new = v(&["write the new parser", "add tests", "document", "ship it"]);
        assert_eq!(
            match_items(&old, &new),
            vec![Some(0), Some(1), None, Some(2)]
        );
    }

    #[test]
    fn a_moved_item_keeps_its_text_and_fences_nothing() {
        // "ship it" moved to the top: it is still itself, and the rewording
        // below it pairs as if it had not moved.
        let old = v(&["write the parser", "add tests", "ship it"]);
        let new = v(&["ship it", "write the new parser", "add tests"]);
        assert_eq!(match_items(&old, &new), vec![Some(2), Some(0), Some(1)]);
    }

    #[test]
    fn a_rewording_that_moved_past_a_kept_item_is_new() {
        // Only a crossing pair would join it: `git diff` shows the old wording
        // removed above "add tests" and the new one added below it.
        let old = v(&["write the parser", "add tests", "ship it"]);
        let new = v(&["add tests", "write the new parser", "ship it"]);
        assert_eq!(match_items(&old, &new), vec![Some(1), None, Some(2)]);
    }

    #[test]
    fn two_rewordings_in_one_commit_do_not_cross() {
        // The first new wording reads more like the second old item than like
        // its own: most-similar-first took that pair, then had to join the
        // second new wording to the first old item, crossing them.
        let old = v(&["run the smoke tests", "run the smoke tests on ci"]);
        let new = v(&[
            "run the smoke tests on ci twice",
            "run the smoke tests nightly",
        ]);
        let r = |i: usize, j: usize| similar_ratio(&new[i], &old[j]);
        assert!(
            r(0, 1) > r(0, 0).max(r(1, 1)).max(r(1, 0)),
            "greedy's first pick crosses"
        );
        assert!(r(1, 0) >= REWORD_RATIO && r(0, 0) >= REWORD_RATIO && r(1, 1) >= REWORD_RATIO);
        assert_eq!(match_items(&old, &new), vec![Some(0), Some(1)]);
    }

    #[test]
    fn a_split_continues_the_closer_half_a_merge_the_closer_part() {
        let old = v(&["write the parser and the tests"]);
        let new = v(&["write the parser", "write the parser tests"]);
        let closer = if similar_ratio(&new[0], &old[0]) >= similar_ratio(&new[1], &old[0]) {
            vec![Some(0), None]
        } else {
            vec![None, Some(0)]
        };
        assert_eq!(match_items(&old, &new), closer);
        let merged = match_items(&new, &old);
        assert_eq!(merged.len(), 1);
        assert!(merged[0].is_some());
    }

    #[test]
    fn duplicates_pair_in_order() {
        let old = v(&["x", "x"]);
        let new = v(&["x", "x", "x"]);
        assert_eq!(match_items(&old, &new), vec![Some(0), Some(1), None]);
    }

    #[test]
    fn a_changed_substance_is_a_new_item() {
        // Same stage, different work: similar letters, not the same step.
        let old = v(&["stage c: documentation, update the design doc and the guide"]);
        let new = v(&["ran the full quality gates with captured logs"]);
        assert_eq!(match_items(&old, &new), vec![None]);
        // Between the old threshold (0.6) and this one: the same shape, other work.
        let (a, b) = (
            "ran the unit tests after the parser change",
            "ran the load tests after the config rollback",
        );
        let ratio = similar::TextDiff::from_chars(a, b).ratio();
        assert!((0.6..REWORD_RATIO).contains(&ratio), "{ratio}");
        assert_eq!(match_items(&v(&[a]), &v(&[b])), vec![None]);
    }

    #[test]
    fn an_item_still_present_unchanged_is_not_reworded() {
        // The second "write the parser" is not reworded: its text is still there.
        let old = v(&["write the parser", "write the parser"]);
        let new = v(&["write the parser", "write the parsers"]);
        assert_eq!(match_items(&old, &new), vec![Some(0), None]);
        // Nor is a new item reworded from something when its text already existed.
        let old = v(&["write the parser", "write the parsers"]);
        let new = v(&["write the parser", "write the parser"]);
        assert_eq!(match_items(&old, &new), vec![Some(0), None]);
    }

    fn similar_ratio(a: &str, b: &str) -> f32 {
        similar::TextDiff::from_chars(a, b).ratio()
    }

    proptest::proptest! {
        #[test]
        fn ratio_is_similars(a in "[ab c.é]{0,80}", b in "[ab c.é]{0,80}") {
            let chars: Vec<char> = b.chars().collect();
            proptest::prop_assert_eq!(Pattern::new(&a).ratio(&chars), similar_ratio(&a, &b));
        }

        #[test]
        fn ratio_is_similars_on_long_wordy_text(a in "[a-z ]{0,200}", b in "[a-z ]{0,200}") {
            let chars: Vec<char> = b.chars().collect();
            proptest::prop_assert_eq!(Pattern::new(&a).ratio(&chars), similar_ratio(&a, &b));
        }
    }

    /// Items from a small vocabulary, so that equal keys and near rewordings
    /// are common.
    fn items(max: usize) -> impl proptest::strategy::Strategy<Value = Vec<String>> {
        use proptest::prelude::*;
        let word = prop::sample::select(vec![
            "run", "the", "unit", "load", "tests", "on", "ci", "parser", "write", "docs",
        ]);
        prop::collection::vec(prop::collection::vec(word, 1..5), 0..max)
            .prop_map(|items| items.into_iter().map(|w| w.join(" ")).collect())
    }

    /// Whether two pairs (new, old) cross.
    fn cross(a: (usize, usize), b: (usize, usize)) -> bool {
        (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1)
    }

    /// The longest chain of pairs increasing in both positions (pairs given
    /// in increasing `new` order, one per `new`).
    fn longest_chain(pairs: &[(usize, usize)]) -> usize {
        let mut best = vec![1; pairs.len()];
        for k in 0..pairs.len() {
            for l in 0..k {
                if pairs[l].1 < pairs[k].1 {
                    best[k] = best[k].max(best[l] + 1);
                }
            }
        }
        best.into_iter().max().unwrap_or(0)
    }

    /// (new, old) positions of pairs, in `new` order.
    type Pairs = Vec<(usize, usize)>;

    /// The pairs a matching made: exact ones and rewordings, in `new` order.
    fn split(old: &[String], new: &[String], m: &[Option<usize>]) -> (Pairs, Pairs) {
        let pairs = m.iter().enumerate().filter_map(|(i, j)| Some((i, (*j)?)));
        pairs.partition(|&(i, j)| old[j] == new[i])
    }

    /// Every set of rewordings that crosses neither itself nor a largest
    /// chain of exact pairs, by brute force: the best total similarity.
    fn best_by_brute_force(
        old: &[String],
        new: &[String],
        exact: &[(usize, usize)],
    ) -> Option<f64> {
        let old_keys: HashSet<&str> = old.iter().map(String::as_str).collect();
        let new_keys: HashSet<&str> = new.iter().map(String::as_str).collect();
        let paired_old: HashSet<usize> = exact.iter().map(|p| p.1).collect();
        let paired_new: HashSet<usize> = exact.iter().map(|p| p.0).collect();
        let mut candidates = Vec::new();
        for (i, n) in new.iter().enumerate() {
            for (j, o) in old.iter().enumerate() {
                if paired_new.contains(&i) || paired_old.contains(&j) {
                    continue;
                }
                if old_keys.contains(n.as_str()) || new_keys.contains(o.as_str()) {
                    continue;
                }
                let r = similar_ratio(n, o);
                if r >= REWORD_RATIO {
                    candidates.push(((i, j), f64::from(r)));
                }
            }
        }
        if candidates.len() > 12 {
            return None;
        }
        let anchors = longest_chain(exact);
        let mut best = 0.0f64;
        for mask in 0u32..(1 << candidates.len()) {
            let set: Vec<_> = (0..candidates.len())
                .filter(|k| mask & (1 << k) != 0)
                .map(|k| candidates[k])
                .collect();
            let ok = set.iter().enumerate().all(|(k, a)| {
                set[..k]
                    .iter()
                    .all(|b| a.0 .0 != b.0 .0 && a.0 .1 != b.0 .1 && !cross(a.0, b.0))
            });
            if !ok {
                continue;
            }
            let kept: Vec<(usize, usize)> = exact
                .iter()
                .copied()
                .filter(|e| set.iter().all(|c| !cross(*e, c.0)))
                .collect();
            if longest_chain(&kept) == anchors {
                best = best.max(set.iter().map(|c| c.1).sum());
            }
        }
        Some(best)
    }

    proptest::proptest! {
        #[test]
        fn rewordings_never_cross_each_other_or_the_anchors(old in items(8), new in items(8)) {
            let m = match_items(&old, &new);
            let (exact, reworded) = split(&old, &new, &m);
            for (k, a) in reworded.iter().enumerate() {
                for b in &reworded[..k] {
                    proptest::prop_assert!(!cross(*a, *b), "{a:?} crosses {b:?}");
                }
            }
            // Some largest chain of exact pairs is crossed by no rewording:
            // the items that moved fence nothing, the ones that stayed do.
            let kept: Vec<(usize, usize)> = exact
                .iter()
                .copied()
                .filter(|e| reworded.iter().all(|r| !cross(*e, *r)))
                .collect();
            proptest::prop_assert_eq!(longest_chain(&kept), longest_chain(&exact));
        }

        #[test]
        fn the_rewordings_are_the_most_similar_set_that_does_not_cross(old in items(6), new in items(6)) {
            let m = match_items(&old, &new);
            let (exact, reworded) = split(&old, &new, &m);
            let total: f64 = reworded
                .iter()
                .map(|&(i, j)| f64::from(similar_ratio(&new[i], &old[j])))
                .sum();
            let best = best_by_brute_force(&old, &new, &exact);
            proptest::prop_assume!(best.is_some());
            let best = best.unwrap_or_default();
            proptest::prop_assert!((total - best).abs() < 1e-6, "{total} < {best}: {m:?}");
        }

        #[test]
        fn rewording_in_place_maps_every_item_to_itself(
            old in items(10),
            edits in proptest::collection::vec(proptest::option::of(proptest::sample::select(vec![" again", " on ci", " twice"])), 10),
        ) {
            let new: Vec<String> = old
                .iter()
                .zip(&edits)
                .map(|(o, e)| e.map_or_else(|| o.clone(), |e| format!("{o}{e}")))
                .collect();
            // Each new wording is its own item's and no other's: closest to
            // its old self (and close enough), equal to no other text.
            let keys: HashSet<&String> = old.iter().chain(&new).collect();
            proptest::prop_assume!(keys.len() == old.iter().zip(&new).map(|(o, n)| if o == n { 1 } else { 2 }).sum::<usize>());
            for (i, n) in new.iter().enumerate() {
                if *n == old[i] {
                    continue;
                }
                let own = similar_ratio(n, &old[i]);
                proptest::prop_assume!(own >= REWORD_RATIO);
                proptest::prop_assume!(old.iter().enumerate().all(|(j, o)| j == i || similar_ratio(n, o) < own));
            }
            let identity: Vec<Option<usize>> = (0..new.len()).map(Some).collect();
            proptest::prop_assert_eq!(match_items(&old, &new), identity);
        }

        #[test]
        fn a_reorder_of_unchanged_items_is_followed_exactly(
            old in items(8),
            seed in proptest::collection::vec(0usize..100, 8),
        ) {
            let mut order: Vec<usize> = (0..old.len()).collect();
            order.sort_by_key(|&k| seed[k]);
            let new: Vec<String> = order.iter().map(|&k| old[k].clone()).collect();
            let m = match_items(&old, &new);
            for (i, j) in m.iter().enumerate() {
                let j = j.expect("every moved item is itself");
                proptest::prop_assert_eq!(&old[j], &new[i]);
            }
        }
    }

    #[test]
    fn ratio_across_word_boundaries_of_the_bit_sets() {
        // 64 and 65 characters: the carry between words must run.
        let a = "x".repeat(63) + "yz";
        let b = "x".repeat(64) + "z";
        let chars: Vec<char> = b.chars().collect();
        assert_eq!(Pattern::new(&a).ratio(&chars), similar_ratio(&a, &b));
        assert_eq!(Pattern::new("").ratio(&[]), 1.0);
        assert_eq!(Pattern::new("abc").ratio(&[]), 0.0);
    }

    #[test]
    fn the_closest_rewording_wins() {
        let old = v(&["add retry budget to client", "add retry budget to server"]);
        let new = v(&["add a retry budget to the server"]);
        assert_eq!(match_items(&old, &new), vec![Some(1)]);
    }
}
