//! The normal form of a plan: its text with every value `fill` writes
//! blanked. Its own module because both `fill` and the history timeline
//! (which must not see a fill-only commit as an update) need it.

use crate::model::{MetaKey, Plan, Span};
use crate::source::Source;

/// The plan text with every value `fill` writes blanked: metadata dates and
/// Progress timestamps. Two revisions with equal normal forms differ only by
/// fill's own edits, so such a commit is not an update (no self-stamping loop).
pub fn normal_form(source: &Source, plan: &Plan) -> String {
    let mut spans: Vec<Span> = plan
        .metadata
        .iter()
        .filter(|m| matches!(m.field, Some(MetaKey::Created | MetaKey::LastUpdated)))
        .map(|m| m.value_span.clone())
        .chain(
            plan.all_items()
                .into_iter()
                .filter_map(|i| i.stamp.as_ref().map(|s| s.span.clone())),
        )
        .collect();
    spans.sort_by_key(|s| s.start);
    let mut out = String::with_capacity(source.text.len());
    let mut at = 0;
    for s in spans {
        if s.start < at {
            continue;
        }
        out.push_str(&source.text[at..s.start]);
        at = s.end;
    }
    out.push_str(&source.text[at..]);
    // Fill may also add a missing field line, or a whole Metadata block
    // (`fill --metadata`): drop the lines of the fields it writes, wherever
    // they came from, Metadata headings (the block's own, whatever ends up
    // under it) and blank lines (the block brings its own).
    out.lines()
        .filter(|l| !l.trim().is_empty() && !is_filled_field(l) && !is_metadata_heading(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A line that is one of the fields `fill` writes (its value may be blanked
/// already): Owner, Created or Last Updated, as a bullet, a bare line or a
/// front-matter key. Owner counts: `fill` writes it from history when the
/// plan lacks it, so adding it is not an update.
fn is_filled_field(line: &str) -> bool {
    let t = line.trim();
    let Some((key, _)) = t.split_once(':') else {
        return false;
    };
    // A field name is short; the cost of reading a name is paid only there.
    if key.len() > 24 {
        return false;
    }
    let key = key
        .trim_start_matches(['-', '*', '+', ' '])
        .trim_end_matches(['*', '_', ' '])
        .trim_start_matches(['*', '_'])
        .to_lowercase();
    let value = t[t.find(':').map_or(t.len(), |i| i + 1)..]
        .trim_start_matches(['*', '_'])
        .trim();
    match MetaKey::from_name(&key) {
        Some(MetaKey::Created | MetaKey::LastUpdated) => value.is_empty(),
        Some(MetaKey::Owner) => true,
        _ => false,
    }
}

/// A heading whose text is Metadata, at any level.
fn is_metadata_heading(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('#')
        && t.trim_start_matches('#')
            .trim()
            .eq_ignore_ascii_case("metadata")
}
