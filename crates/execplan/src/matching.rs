//! Item identity across revisions, shared by timelines, `diff` and `log`.
//!
//! An item is its text without the timestamp, normalised
//! ([`crate::model::item_key`]). Items with equal keys pair up in order first.
//! Then an item whose wording changed pairs with an unpaired old item when their
//! `similar` character ratio is at least [`REWORD_RATIO`], most similar pairs
//! first. Neither side of a rewording may still exist unchanged elsewhere in the
//! other revision: an old item whose text is still there was not reworded, and a
//! new item whose text was already there is not a new wording.

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
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (i, k) in new.iter().enumerate() {
        if out[i].is_some() || old_keys.contains(k) {
            continue;
        }
        let chars: Vec<char> = k.chars().collect();
        for (j, pattern) in &olds {
            let ratio = pattern.ratio(&chars);
            if ratio >= REWORD_RATIO {
                candidates.push((ratio, i, *j));
            }
        }
    }
    // Most similar first; ties keep document order.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in candidates {
        if out[i].is_none() && !used[j] {
            used[j] = true;
            out[i] = Some(j);
        }
    }
    out
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
        let new = v(&["add tests", "write the new parser", "document", "ship it"]);
        assert_eq!(
            match_items(&old, &new),
            vec![Some(1), Some(0), None, Some(2)]
        );
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
