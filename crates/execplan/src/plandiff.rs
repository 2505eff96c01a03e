//! Semantic diff of two revisions of a plan: what changed as plan changes
//! (items ticked, reworded, decisions added…), then the text per section.
//! Pure: two parsed plans in, a serialisable value out.

use serde::Serialize;

use crate::model::{item_key, Decision, MetaKey, Plan, Section, Surprise};
use crate::source::Source;

/// How an item changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ItemChangeKind {
    /// New in the later revision.
    Added,
    /// Gone from the later revision.
    Removed,
    /// Became checked.
    Ticked,
    /// Became unchecked.
    Unticked,
    /// Same item (by the shared matcher), new wording.
    Reworded,
}

/// One item change.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ItemChange {
    /// What happened.
    pub kind: ItemChangeKind,
    /// The item's text (in the later revision, or the earlier one when removed).
    pub text: String,
    /// The earlier wording, for rewording.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_text: Option<String>,
}

/// How a section changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SectionChangeKind {
    /// New heading.
    Added,
    /// Heading gone.
    Removed,
    /// Body text differs.
    Changed,
}

/// A section's change, with its line diff.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SectionChange {
    /// Heading text (later revision when it exists).
    pub heading: String,
    /// What happened.
    pub kind: SectionChangeKind,
    /// Unified diff of the section body (context 3), one line per element.
    pub diff: Vec<DiffLine>,
}

/// One line of a section diff.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DiffLine {
    /// `' '` context, `'-'` removed, `'+'` added, `'@'` hunk header.
    pub tag: char,
    /// The line without its newline.
    pub text: String,
    /// For changed lines: byte ranges of the words that changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub emphasis: Vec<(usize, usize)>,
}

/// A metadata field's change.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MetaChange {
    /// Field name as in the skeleton (or as written, for unknown keys).
    pub field: String,
    /// Earlier value (`None`: added).
    pub old: Option<String>,
    /// Later value (`None`: removed).
    pub new: Option<String>,
}

/// The whole diff.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct PlanDiff {
    /// The two texts are byte-identical.
    pub identical: bool,
    /// Item changes, in the later revision's order (removed ones last).
    pub items: Vec<ItemChange>,
    /// Decisions logged in the later revision and not the earlier one.
    pub decisions_added: Vec<String>,
    /// Surprises logged in the later revision and not the earlier one.
    pub surprises_added: Vec<String>,
    /// Sections added, removed or changed.
    pub sections: Vec<SectionChange>,
    /// Metadata fields changed.
    pub metadata: Vec<MetaChange>,
    /// The plan did not exist in the earlier revision.
    pub created: bool,
    /// The plan does not exist in the later revision.
    pub deleted: bool,
    /// Whole-file unified diff hunk headers (`@@ -a,b +c,d @@`), context 3:
    /// the same hunks `git diff` prints for these two blobs.
    pub hunks: Vec<String>,
}

impl PlanDiff {
    /// Count of item changes of one kind.
    pub fn count(&self, kind: ItemChangeKind) -> usize {
        self.items.iter().filter(|i| i.kind == kind).count()
    }
}

/// Decision Log entries of `new` whose decision (normalised, as items are)
/// `old` does not have: what "decisions logged" means for `plans diff`,
/// `plans log` and `plans report` alike.
pub fn new_decisions<'p>(old: &Plan, new: &'p Plan) -> Vec<&'p Decision> {
    let known: Vec<String> = old
        .decisions
        .iter()
        .map(|x| item_key(&x.decision.value))
        .collect();
    new.decisions
        .iter()
        .filter(|x| !known.contains(&item_key(&x.decision.value)))
        .collect()
}

/// Surprises & Discoveries entries of `new` whose observation (normalised)
/// `old` does not have; see [`new_decisions`].
pub fn new_surprises<'p>(old: &Plan, new: &'p Plan) -> Vec<&'p Surprise> {
    let known: Vec<String> = old
        .surprises
        .iter()
        .map(|x| item_key(&x.observation.value))
        .collect();
    new.surprises
        .iter()
        .filter(|x| !known.contains(&item_key(&x.observation.value)))
        .collect()
}

impl SectionChange {
    /// Every removed line came back, in order, with only the timestamp that
    /// leads its item changed: a restamp (what `fill` does), not an edit.
    pub fn only_restamped(&self) -> bool {
        let side = |tag: char| -> Vec<String> {
            self.diff
                .iter()
                .filter(|l| l.tag == tag)
                .map(|l| unstamped(&l.text))
                .collect()
        };
        let removed = side('-');
        !removed.is_empty() && removed == side('+')
    }
}

/// A line without the timestamp that leads its item text (after `- [x] `).
fn unstamped(line: &str) -> String {
    if let Some(i) = line.find("] ") {
        let (head, rest) = line.split_at(i + 2);
        if let Some(found) = crate::parse::stamp::leading(rest) {
            return format!("{head}{}", rest.get(found.end..).unwrap_or(""));
        }
    }
    line.to_string()
}

fn section_key(s: &Section) -> String {
    match s.kind {
        Some(k) => k.key().to_string(),
        None => crate::parse::headings::normalize(&s.heading),
    }
}

fn body<'a>(src: &'a Source, s: &Section) -> &'a str {
    src.text.get(s.body.clone()).unwrap_or("")
}

/// Diff two revisions; either may be absent (the plan did not exist).
pub fn diff(old: Option<(&Source, &Plan)>, new: Option<(&Source, &Plan)>) -> PlanDiff {
    let empty_source = Source::from_string(std::path::Path::new(""), String::new());
    let empty_plan = Plan::default();
    let (old_source, old_plan) = old.unwrap_or((&empty_source, &empty_plan));
    let (new_source, new_plan) = new.unwrap_or((&empty_source, &empty_plan));
    let identical = old_source.text == new_source.text
        && old_source.bom == new_source.bom
        && old.is_some() == new.is_some();
    let created = old.is_none() && new.is_some();
    let deleted = old.is_some() && new.is_none();
    if identical {
        return PlanDiff {
            identical,
            created,
            deleted,
            ..PlanDiff::default()
        };
    }
    PlanDiff {
        identical,
        items: item_changes(old_plan, new_plan),
        decisions_added: new_decisions(old_plan, new_plan)
            .into_iter()
            .map(|x| x.decision.value.clone())
            .collect(),
        surprises_added: new_surprises(old_plan, new_plan)
            .into_iter()
            .map(|x| x.observation.value.clone())
            .collect(),
        sections: section_changes((old_source, old_plan), (new_source, new_plan)),
        metadata: metadata_changes(old_plan, new_plan),
        created,
        deleted,
        hunks: similar::TextDiff::from_lines(old_source.text.as_str(), new_source.text.as_str())
            .unified_diff()
            .context_radius(3)
            .iter_hunks()
            .map(|h| h.header().to_string())
            .collect(),
    }
}

/// Items, matched by the one shared matcher: changes in the later revision's
/// order, then the removed ones.
fn item_changes(old_plan: &Plan, new_plan: &Plan) -> Vec<ItemChange> {
    let old_items = old_plan.all_items();
    let new_items = new_plan.all_items();
    let old_keys: Vec<String> = old_items.iter().map(|i| i.key()).collect();
    let new_keys: Vec<String> = new_items.iter().map(|i| i.key()).collect();
    let matches = crate::matching::match_items(&old_keys, &new_keys);
    let mut matched = vec![false; old_items.len()];
    let mut out = Vec::new();
    for (i, item) in new_items.iter().enumerate() {
        let change = |kind, old_text| ItemChange {
            kind,
            text: item.text.clone(),
            old_text,
        };
        let Some(j) = matches[i] else {
            out.push(change(ItemChangeKind::Added, None));
            continue;
        };
        matched[j] = true;
        let was = old_items[j];
        if old_keys[j] != new_keys[i] {
            out.push(change(ItemChangeKind::Reworded, Some(was.text.clone())));
        }
        if item.checked != was.checked {
            let kind = if item.checked {
                ItemChangeKind::Ticked
            } else {
                ItemChangeKind::Unticked
            };
            out.push(change(kind, None));
        }
    }
    for (item, _) in old_items.iter().zip(&matched).filter(|(_, m)| !**m) {
        out.push(ItemChange {
            kind: ItemChangeKind::Removed,
            text: item.text.clone(),
            old_text: None,
        });
    }
    out
}

/// Metadata, by field: changed and added in the later order, then removed.
fn metadata_changes(old_plan: &Plan, new_plan: &Plan) -> Vec<MetaChange> {
    let label = |m: &crate::model::MetaField| {
        m.field
            .map_or(m.key.clone(), |f: MetaKey| f.label().to_string())
    };
    let mut out = Vec::new();
    for field in &new_plan.metadata {
        match old_plan.metadata.iter().find(|o| label(o) == label(field)) {
            Some(o) if o.value == field.value => {}
            old => out.push(MetaChange {
                field: label(field),
                old: old.map(|o| o.value.clone()),
                new: Some(field.value.clone()),
            }),
        }
    }
    for o in &old_plan.metadata {
        if !new_plan.metadata.iter().any(|f| label(f) == label(o)) {
            out.push(MetaChange {
                field: label(o),
                old: Some(o.value.clone()),
                new: None,
            });
        }
    }
    out
}

/// Sections, by kind (or normalised heading), with their text diffs: added
/// and changed in the later order, then removed.
fn section_changes(
    (old_source, old_plan): (&Source, &Plan),
    (new_source, new_plan): (&Source, &Plan),
) -> Vec<SectionChange> {
    let mut out = Vec::new();
    for s in &new_plan.sections {
        let key = section_key(s);
        let new_body = body(new_source, s);
        match old_plan.sections.iter().find(|o| section_key(o) == key) {
            None => out.push(SectionChange {
                heading: s.heading.clone(),
                kind: SectionChangeKind::Added,
                diff: line_diff("", new_body),
            }),
            Some(o) if body(old_source, o) != new_body => out.push(SectionChange {
                heading: s.heading.clone(),
                kind: SectionChangeKind::Changed,
                diff: line_diff(body(old_source, o), new_body),
            }),
            Some(_) => {}
        }
    }
    for o in &old_plan.sections {
        let key = section_key(o);
        if !new_plan.sections.iter().any(|s| section_key(s) == key) {
            out.push(SectionChange {
                heading: o.heading.clone(),
                kind: SectionChangeKind::Removed,
                diff: line_diff(body(old_source, o), ""),
            });
        }
    }
    out
}

/// Unified line diff (context 3) with word-level emphasis inside changed lines.
fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for group in diff.grouped_ops(3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let (o, n) = (
            first.old_range().start..last.old_range().end,
            first.new_range().start..last.new_range().end,
        );
        out.push(DiffLine {
            tag: '@',
            text: format!(
                "@@ -{},{} +{},{} @@",
                o.start + 1,
                o.len(),
                n.start + 1,
                n.len()
            ),
            emphasis: Vec::new(),
        });
        for op in &group {
            for change in diff.iter_inline_changes(op) {
                let tag = match change.tag() {
                    similar::ChangeTag::Equal => ' ',
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                };
                let mut text = String::new();
                let mut emphasis = Vec::new();
                for (emph, part) in change.iter_strings_lossy() {
                    if emph {
                        emphasis.push((text.len(), text.len() + part.len()));
                    }
                    text.push_str(&part);
                }
                let trimmed = text.trim_end_matches(['\n', '\r']).len();
                text.truncate(trimmed);
                emphasis.retain(|(a, _)| *a < trimmed);
                for e in &mut emphasis {
                    e.1 = e.1.min(trimmed);
                }
                out.push(DiffLine {
                    tag,
                    text,
                    emphasis,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, ParseOptions};
    use std::path::Path;

    fn p(t: &str) -> (Source, Plan) {
        let s = Source::from_string(Path::new("p.md"), t.to_string());
        let plan = parse(&s, &ParseOptions::default());
        (s, plan)
    }

    #[test]
    fn identical_and_itself() {
        let (s, pl) = p("# T\n\n## Progress\n- [ ] a\n");
        let d = diff(Some((&s, &pl)), Some((&s, &pl)));
        assert!(d.identical);
        assert!(d.items.is_empty() && d.sections.is_empty() && d.hunks.is_empty());
    }

    #[test]
    fn each_kind_once() {
        let (a, pa) = p("# T\n\n## Metadata\n- **Owner:** A\n\n## Progress\n- [ ] write the parser\n- [ ] add tests\n- [x] (2025-10-01) old step\n- [ ] drop me\n\n## Decision Log\n- Decision: one.\n\n## Risks\nnone\n");
        let (b, pb) = p("# T\n\n## Metadata\n- **Owner:** B\n\n## Progress\n- [ ] write the new parser\n- [x] (2025-10-02) add tests\n- [ ] (2025-10-01) old step\n- [ ] brand new\n\n## Decision Log\n- Decision: one.\n- Decision: two.\n\n## Surprises & Discoveries\n- Observation: x.\n  Evidence: y.\n");
        let d = diff(Some((&a, &pa)), Some((&b, &pb)));
        for k in [
            ItemChangeKind::Added,
            ItemChangeKind::Removed,
            ItemChangeKind::Ticked,
            ItemChangeKind::Unticked,
            ItemChangeKind::Reworded,
        ] {
            assert_eq!(d.count(k), 1, "{k:?}: {:?}", d.items);
        }
        assert_eq!(d.decisions_added, vec!["two."]);
        assert_eq!(d.surprises_added, vec!["x."]);
        assert_eq!(d.metadata.len(), 1);
        let kinds: Vec<_> = d
            .sections
            .iter()
            .map(|s| (s.heading.as_str(), s.kind))
            .collect();
        assert!(kinds.contains(&("Surprises & Discoveries", SectionChangeKind::Added)));
        assert!(kinds.contains(&("Risks", SectionChangeKind::Removed)));
        assert!(kinds.contains(&("Progress", SectionChangeKind::Changed)));
    }
}
