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
    // Fill may also add a missing field line: drop date-field lines whose
    // value was blanked above, wherever they came from.
    out.lines()
        .filter(|l| {
            let t = l.trim();
            // Only a line ending like a field name can be one: the rest keep
            // without the cost of reading a name.
            if !t.ends_with([':', '*', '_']) {
                return true;
            }
            let key = t
                .trim_start_matches(['-', '*', '+', ' '])
                .trim_end_matches(['*', '_', ' ', ':'])
                .to_lowercase();
            let field = matches!(
                MetaKey::from_name(&key),
                Some(MetaKey::Created | MetaKey::LastUpdated)
            );
            !field
        })
        .collect::<Vec<_>>()
        .join("\n")
}
