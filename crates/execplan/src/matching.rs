//! Item identity across revisions, shared by timelines, `diff` and `log`.
//!
//! An item is its text without the timestamp, normalised
//! ([`crate::model::item_key`]). Items with equal keys pair up in order; an
//! item whose wording changed pairs with the most similar unpaired old item
//! when their `similar` character ratio is at least [`REWORD_RATIO`].

/// Minimum similarity for two differently worded items to be the same item.
pub const REWORD_RATIO: f32 = 0.6;

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
    for (i, slot) in out.iter_mut().enumerate() {
        if slot.is_some() {
            continue;
        }
        let best = (0..old.len())
            .filter(|&j| !used[j])
            .map(|j| {
                (
                    j,
                    similar::TextDiff::from_chars(old[j].as_str(), new[i].as_str()).ratio(),
                )
            })
            .filter(|(_, r)| *r >= REWORD_RATIO)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((j, _)) = best {
            used[j] = true;
            *slot = Some(j);
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
}
