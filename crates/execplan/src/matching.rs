//! Item identity across revisions, shared by timelines, `diff` and `log`.
//!
//! An item is its text without the timestamp, normalised
//! ([`crate::model::item_key`]). Items with equal keys pair up in order first.
//! Then an item whose wording changed pairs with an unpaired old item when their
//! `similar` character ratio is at least [`REWORD_RATIO`], most similar pairs
//! first. Neither side of a rewording may still exist unchanged elsewhere in the
//! other revision: an old item whose text is still there was not reworded, and a
//! new item whose text was already there is not a new wording.

use std::collections::HashSet;

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
pub fn match_items(old: &[String], new: &[String]) -> Vec<Option<usize>> {
    let mut used = vec![false; old.len()];
    let mut out: Vec<Option<usize>> = new
        .iter()
        .map(|k| {
            let j = (0..old.len()).find(|&j| !used[j] && old[j] == *k)?;
            used[j] = true;
            Some(j)
        })
        .collect();
    let old_keys: HashSet<&String> = old.iter().collect();
    let new_keys: HashSet<&String> = new.iter().collect();
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (i, k) in new.iter().enumerate() {
        if out[i].is_some() || old_keys.contains(k) {
            continue;
        }
        for (j, o) in old.iter().enumerate() {
            if used[j] || new_keys.contains(o) {
                continue;
            }
            let ratio = similar::TextDiff::from_chars(o.as_str(), k.as_str()).ratio();
            if ratio >= REWORD_RATIO {
                candidates.push((ratio, i, j));
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

    #[test]
    fn the_closest_rewording_wins() {
        let old = v(&["add retry budget to client", "add retry budget to server"]);
        let new = v(&["add a retry budget to the server"]);
        assert_eq!(match_items(&old, &new), vec![Some(1)]);
    }
}
