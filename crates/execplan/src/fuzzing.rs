//! Entry points for the fuzz targets in `fuzz/` (and for regression tests of
//! what they find). Each panics only when an invariant breaks.

use std::path::Path;

use chrono::{NaiveDate, TimeZone, Utc};

use crate::config::Config;
use crate::fill::{apply, edits, Facts};
use crate::parse::{parse, ParseOptions};
use crate::rules::{run_static, Ctx};
use crate::source::Source;

/// Decode, parse and run every static rule on arbitrary bytes.
pub fn parse_and_check(data: &[u8]) {
    let Ok(source) = Source::from_bytes(Path::new("fuzz.md"), data.to_vec()) else {
        return;
    };
    let plan = parse(&source, &ParseOptions::default());
    let config = Config::default();
    let root = std::env::temp_dir().join("execplan-fuzz-nonexistent");
    let now = Utc
        .timestamp_opt(1_760_000_000, 0)
        .single()
        .unwrap_or_default();
    let ctx = Ctx {
        plan: &plan,
        source: &source,
        config: &config,
        root: &root,
        now,
        files: None,
    };
    for (_, _, f) in run_static(&ctx) {
        // Every span a rule reports must slice the text.
        assert!(
            source.text.get(f.span.clone()).is_some(),
            "bad span {:?}",
            f.span
        );
    }
}

/// Fill arbitrary text with facts derived from its first bytes; filling the
/// result again must change nothing.
pub fn fill_twice(data: &[u8]) {
    let (seed, rest) = data.split_at(data.len().min(4));
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let day = u32::from(seed.first().copied().unwrap_or(0)) % 28 + 1;
    let month = u32::from(seed.get(1).copied().unwrap_or(0)) % 12 + 1;
    let minutes = i64::from(seed.get(2).copied().unwrap_or(0)) * 977;
    let date = NaiveDate::from_ymd_opt(2025, month, day);
    let tick = Utc
        .timestamp_opt(1_735_689_600 + minutes * 60, 0)
        .single()
        .unwrap_or_default();
    let facts_for = |plan: &crate::Plan| Facts {
        created: date,
        last_updated: date,
        ticks: plan.all_items().iter().map(|i| (i.line, tick)).collect(),
        ..Facts::default()
    };
    let src = Source::from_string(Path::new("fuzz.md"), text.to_string());
    let plan = parse(&src, &ParseOptions::default());
    let once = apply(&src, &edits(&src, &plan, &facts_for(&plan)));
    let src2 = Source::from_string(Path::new("fuzz.md"), once);
    let plan2 = parse(&src2, &ParseOptions::default());
    let again = edits(&src2, &plan2, &facts_for(&plan2));
    assert!(again.is_empty(), "fill is not idempotent: {again:?}");
}

/// Split bytes into two lists of keys and check the matcher's invariants.
pub fn item_matcher(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\0').unwrap_or((text, ""));
    let old: Vec<String> = a.split('\n').map(crate::model::item_key).collect();
    let new: Vec<String> = b.split('\n').map(crate::model::item_key).collect();
    let m = crate::matching::match_items(&old, &new);
    assert_eq!(m.len(), new.len());
    let mut used = vec![false; old.len()];
    for j in m.iter().flatten() {
        assert!(!used[*j], "old item {j} matched twice");
        used[*j] = true;
    }
    // An exact key present in old and unused must not be left unmatched while
    // the same key in new goes unmatched.
    for (i, j) in m.iter().enumerate() {
        if j.is_none() {
            assert!(
                !old.iter()
                    .enumerate()
                    .any(|(k, o)| !used[k] && *o == new[i]),
                "equal keys left unpaired"
            );
        }
    }
    // Rewordings never cross one another.
    let reworded: Vec<(usize, usize)> = m
        .iter()
        .enumerate()
        .filter_map(|(i, j)| Some((i, (*j)?)))
        .filter(|&(i, j)| old[j] != new[i])
        .collect();
    for (k, a) in reworded.iter().enumerate() {
        for b in &reworded[..k] {
            assert!(b.1 < a.1, "rewordings {b:?} and {a:?} cross");
        }
    }
}

/// Decode arbitrary bytes; when the line scanner gives a digest, it must be
/// the one the full parse gives.
pub fn scan_agrees(data: &[u8]) {
    let Ok(source) = Source::from_bytes(Path::new("fuzz.md"), data.to_vec()) else {
        return;
    };
    let opts = ParseOptions::default();
    if let Some(scanned) = crate::digest::Digest::scan(&source, &opts) {
        let parsed = crate::digest::Digest::of(&source, &parse(&source, &opts));
        assert_eq!(scanned, parsed, "the scanner disagrees with the parser");
    }
}
