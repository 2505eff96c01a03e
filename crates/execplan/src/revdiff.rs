//! Semantic diff of two revisions of a plan: what changed as plan changes
//! (items ticked, reworded, decisions added…), then the text per section.
//! Pure: two parsed plans in, a serialisable value out.

use serde::Serialize;

use crate::model::{item_key, MetaKey, Plan, Section};
use crate::source::Source;

/// How an item changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct SectionChange {
    /// Heading text (later revision when it exists).
    pub heading: String,
    /// What happened.
    pub kind: SectionChangeKind,
    /// Unified diff of the section body (context 3), one line per element.
    pub diff: Vec<DiffLine>,
}

/// One line of a section diff.
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct MetaChange {
    /// Field name as in the skeleton (or as written, for unknown keys).
    pub field: String,
    /// Earlier value (`None`: added).
    pub old: Option<String>,
    /// Later value (`None`: removed).
    pub new: Option<String>,
}

/// The whole diff.
#[derive(Debug, Clone, Default, Serialize)]
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

    /// One line: "+2 ticked, +1 decision, Context edited".
    pub fn summary(&self) -> String {
        if self.identical {
            return "no changes".into();
        }
        if self.created || self.deleted {
            let n = self.items.len();
            return format!(
                "{} ({n} item{}, {} section{})",
                if self.created { "created" } else { "deleted" },
                if n == 1 { "" } else { "s" },
                self.sections.len(),
                if self.sections.len() == 1 { "" } else { "s" }
            );
        }
        let mut parts: Vec<String> = Vec::new();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        for (kind, one, many) in [
            (ItemChangeKind::Ticked, "ticked", "ticked"),
            (ItemChangeKind::Added, "item added", "items added"),
            (ItemChangeKind::Reworded, "item reworded", "items reworded"),
            (ItemChangeKind::Unticked, "unticked", "unticked"),
            (ItemChangeKind::Removed, "item removed", "items removed"),
        ] {
            let n = self.count(kind);
            if n > 0 {
                parts.push(format!("+{}", plural(n, one, many)));
            }
        }
        if !self.decisions_added.is_empty() {
            parts.push(format!(
                "+{}",
                plural(self.decisions_added.len(), "decision", "decisions")
            ));
        }
        if !self.surprises_added.is_empty() {
            parts.push(format!(
                "+{}",
                plural(self.surprises_added.len(), "surprise", "surprises")
            ));
        }
        for m in &self.metadata {
            parts.push(format!(
                "{} {}",
                m.field,
                match (&m.old, &m.new) {
                    (None, _) => "set",
                    (_, None) => "removed",
                    _ => "changed",
                }
            ));
        }
        for s in &self.sections {
            let verb = match s.kind {
                SectionChangeKind::Added => "added",
                SectionChangeKind::Removed => "removed",
                SectionChangeKind::Changed if only_restamped(&s.diff) => "restamped",
                SectionChangeKind::Changed => "edited",
            };
            parts.push(format!("{} {verb}", short_heading(&s.heading)));
        }
        if parts.is_empty() {
            "whitespace or formatting only".into()
        } else {
            parts.join(", ")
        }
    }
}

/// A line without the timestamp that leads its item text (after `- [x] `),
/// to tell a restamp from an edit.
fn unstamped(line: &str) -> String {
    if let Some(i) = line.find("] ") {
        let (head, rest) = line.split_at(i + 2);
        if let Some(found) = crate::parse::stamp::leading(rest) {
            return format!("{head}{}", rest.get(found.end..).unwrap_or(""));
        }
    }
    line.to_string()
}

/// Every removed line came back, in order, with only its timestamp changed.
fn only_restamped(diff: &[DiffLine]) -> bool {
    let side = |tag: char| -> Vec<String> {
        diff.iter()
            .filter(|l| l.tag == tag)
            .map(|l| unstamped(&l.text))
            .collect()
    };
    let removed = side('-');
    !removed.is_empty() && removed == side('+')
}

fn short_heading(h: &str) -> String {
    h.trim().trim_end_matches(':').to_string()
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
    let empty_src = Source::from_string(std::path::Path::new(""), String::new());
    let empty_plan = Plan::default();
    let (os, op) = old.unwrap_or((&empty_src, &empty_plan));
    let (ns, np) = new.unwrap_or((&empty_src, &empty_plan));
    let mut d = PlanDiff {
        identical: os.text == ns.text && os.bom == ns.bom && old.is_some() == new.is_some(),
        created: old.is_none() && new.is_some(),
        deleted: old.is_some() && new.is_none(),
        ..PlanDiff::default()
    };
    if d.identical {
        return d;
    }
    // Items, matched by the one shared matcher.
    let oi = op.all_items();
    let ni = np.all_items();
    let ok: Vec<String> = oi.iter().map(|i| i.key()).collect();
    let nk: Vec<String> = ni.iter().map(|i| i.key()).collect();
    let m = crate::matching::match_items(&ok, &nk);
    let mut used = vec![false; oi.len()];
    for (i, item) in ni.iter().enumerate() {
        match m[i] {
            None => d.items.push(ItemChange {
                kind: ItemChangeKind::Added,
                text: item.text.clone(),
                old_text: None,
            }),
            Some(j) => {
                used[j] = true;
                let was = oi[j];
                if ok[j] != nk[i] {
                    d.items.push(ItemChange {
                        kind: ItemChangeKind::Reworded,
                        text: item.text.clone(),
                        old_text: Some(was.text.clone()),
                    });
                }
                if item.checked != was.checked {
                    d.items.push(ItemChange {
                        kind: if item.checked {
                            ItemChangeKind::Ticked
                        } else {
                            ItemChangeKind::Unticked
                        },
                        text: item.text.clone(),
                        old_text: None,
                    });
                }
            }
        }
    }
    for (j, item) in oi.iter().enumerate() {
        if !used[j] {
            d.items.push(ItemChange {
                kind: ItemChangeKind::Removed,
                text: item.text.clone(),
                old_text: None,
            });
        }
    }
    // Decisions and surprises, by their normalised text.
    let od: Vec<String> = op
        .decisions
        .iter()
        .map(|x| item_key(&x.decision.value))
        .collect();
    d.decisions_added = np
        .decisions
        .iter()
        .filter(|x| !od.contains(&item_key(&x.decision.value)))
        .map(|x| x.decision.value.clone())
        .collect();
    let osu: Vec<String> = op
        .surprises
        .iter()
        .map(|x| item_key(&x.observation.value))
        .collect();
    d.surprises_added = np
        .surprises
        .iter()
        .filter(|x| !osu.contains(&item_key(&x.observation.value)))
        .map(|x| x.observation.value.clone())
        .collect();
    // Metadata, by field.
    let label = |m: &crate::model::MetaField| {
        m.field
            .map_or(m.key.clone(), |f: MetaKey| f.label().to_string())
    };
    for f in &np.metadata {
        let old = op.metadata.iter().find(|o| label(o) == label(f));
        match old {
            Some(o) if o.value == f.value => {}
            Some(o) => d.metadata.push(MetaChange {
                field: label(f),
                old: Some(o.value.clone()),
                new: Some(f.value.clone()),
            }),
            None => d.metadata.push(MetaChange {
                field: label(f),
                old: None,
                new: Some(f.value.clone()),
            }),
        }
    }
    for o in &op.metadata {
        if !np.metadata.iter().any(|f| label(f) == label(o)) {
            d.metadata.push(MetaChange {
                field: label(o),
                old: Some(o.value.clone()),
                new: None,
            });
        }
    }
    // Sections, by kind (or normalised heading), with their text diffs.
    for s in &np.sections {
        let key = section_key(s);
        match op.sections.iter().find(|o| section_key(o) == key) {
            None => d.sections.push(SectionChange {
                heading: s.heading.clone(),
                kind: SectionChangeKind::Added,
                diff: line_diff("", body(ns, s)),
            }),
            Some(o) if body(os, o) != body(ns, s) => d.sections.push(SectionChange {
                heading: s.heading.clone(),
                kind: SectionChangeKind::Changed,
                diff: line_diff(body(os, o), body(ns, s)),
            }),
            Some(_) => {}
        }
    }
    for o in &op.sections {
        let key = section_key(o);
        if !np.sections.iter().any(|s| section_key(s) == key) {
            d.sections.push(SectionChange {
                heading: o.heading.clone(),
                kind: SectionChangeKind::Removed,
                diff: line_diff(body(os, o), ""),
            });
        }
    }
    d.hunks = similar::TextDiff::from_lines(os.text.as_str(), ns.text.as_str())
        .unified_diff()
        .context_radius(3)
        .iter_hunks()
        .map(|h| h.header().to_string())
        .collect();
    d
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
        assert_eq!(d.summary(), "no changes");
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
