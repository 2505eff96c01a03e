use std::path::Path;

use super::*;
use crate::model::{MetaKey, StampValue};

fn plan(text: &str) -> Plan {
    parse(
        &Source::from_string(Path::new("p.md"), text.to_string()),
        &ParseOptions::default(),
    )
}

const SKELETON: &str = "# Title here\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-03\n\n## Purpose / Big Picture\nWhy.\n\n## Progress\n\n- [x] (2025-10-01 13:00Z) First step.\n- [ ] Second step\n  wraps here.\n  - [x] (2025-10-02) Nested child.\n- [ ] Tests (completed: 2/6).\n\n```md\n- [x] not an item\n## Not a heading\n```\n\n## Surprises & Discoveries\n- Observation: it was slow.\n  Evidence: bench.\n\n## Decision Log\n- **Decision:** Use git.\n- **Rationale:** Pure Rust.\n- **Date/Author:** 2025-10-02 — Ana\n\n### Outcomes & Retrospective\nDone.\n";

#[test]
fn skeleton_is_read() {
    let p = plan(SKELETON);
    assert_eq!(
        p.title.as_ref().map(|t| t.value.as_str()),
        Some("Title here")
    );
    assert_eq!(
        p.meta(MetaKey::Owner).map(|m| m.value.as_str()),
        Some("Ana")
    );
    assert_eq!(p.meta(MetaKey::Created).map(|m| m.line), Some(5));
    let kinds: Vec<_> = p.sections.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        vec![
            Some(SectionKind::Metadata),
            Some(SectionKind::Purpose),
            Some(SectionKind::Progress),
            Some(SectionKind::Surprises),
            Some(SectionKind::Decisions),
            Some(SectionKind::Outcomes),
        ]
    );
    assert_eq!(p.progress.len(), 3);
    assert!(p.progress[0].checked);
    assert_eq!(p.progress[0].text, "First step.");
    assert!(matches!(
        p.progress[0].stamp.as_ref().map(|s| &s.value),
        Some(StampValue::Instant(_))
    ));
    assert_eq!(p.progress[1].text, "Second step wraps here.");
    assert_eq!(p.progress[1].children.len(), 1);
    assert_eq!(p.progress[1].children[0].text, "Nested child.");
    assert_eq!(p.progress[2].count, Some((2, 6)));
    assert_eq!(p.counts(), (2, 4));
    assert_eq!(p.surprises.len(), 1);
    assert_eq!(
        p.surprises[0].evidence.as_ref().map(|e| e.value.as_str()),
        Some("bench.")
    );
    assert_eq!(p.decisions.len(), 1);
    assert_eq!(
        p.decisions[0].rationale.as_ref().map(|e| e.value.as_str()),
        Some("Pure Rust.")
    );
    let src = SKELETON;
    let stamp = p.progress[0].stamp.as_ref().map(|s| &src[s.span.clone()]);
    assert_eq!(stamp, Some("(2025-10-01 13:00Z) "));
}

#[test]
fn front_matter_and_preamble() {
    let p = plan("---\nowner: Bo\nstatus: \"completed\"\nbased_on:\n  - a.md\n  - b.md\n---\n\n# T\n\nLast Updated: 2025-01-02\n\n## Progress\n- [ ] x\n");
    assert_eq!(p.meta(MetaKey::Owner).map(|m| m.value.as_str()), Some("Bo"));
    assert_eq!(
        p.meta(MetaKey::Status).map(|m| m.value.as_str()),
        Some("completed")
    );
    assert_eq!(
        p.meta(MetaKey::RelatedPlans).map(|m| m.value.as_str()),
        Some("a.md, b.md")
    );
    assert_eq!(p.meta(MetaKey::LastUpdated).map(|m| m.line), Some(11));
}

#[test]
fn crlf_bom_tabs() {
    let text = "\u{feff}# T\r\n\r\n## Progress\r\n\r\n-\t[x] (2025-10-01 13:00 UTC) Done.\r\n";
    let p = plan(text);
    assert_eq!(p.progress.len(), 1);
    assert_eq!(p.progress[0].text, "Done.");
}

#[test]
fn allow_comments() {
    let p = plan("# T\n<!-- execplan: allow-file(EP001) -->\n\n## Progress\n<!-- execplan: allow(unstamped-checked-item, EP009) -->\n- [x] a\n- [x] b\n\n- [x] c\n");
    assert_eq!(p.allows.len(), 2);
    assert!(p.allows[0].file);
    assert_eq!(p.allows[1].rules, vec!["unstamped-checked-item", "EP009"]);
    assert_eq!(p.allows[1].until_line, 7);
}

#[test]
fn h3_living_sections() {
    let p = plan("# T\n\n## Living document\n\n### Progress\n- [x] (2025-01-01) a\n\n### Decision Log\n- Decision: b\n\n## Other\n");
    assert_eq!(p.section(SectionKind::Progress).map(|s| s.level), Some(3));
    assert_eq!(p.progress.len(), 1);
    assert_eq!(p.decisions.len(), 1);
}

#[test]
fn inline_fields_in_one_bullet() {
    let p = plan("# T\n\n## Decision Log\n\n- Decision: Use three tiers.\n  Rationale: Matches the spec. Date/Author: 2026-01-06 / Codex.\n\n## Surprises & Discoveries\n\n- Observation: parser could not build loops. Evidence: the new frontend has tests.\n");
    assert_eq!(p.decisions.len(), 1);
    assert_eq!(
        p.decisions[0].rationale.as_ref().map(|r| r.value.as_str()),
        Some("Matches the spec.")
    );
    assert_eq!(
        p.decisions[0]
            .date_author
            .as_ref()
            .map(|r| r.value.as_str()),
        Some("2026-01-06 / Codex.")
    );
    assert_eq!(
        p.surprises[0].observation.value,
        "parser could not build loops."
    );
    assert_eq!(
        p.surprises[0].evidence.as_ref().map(|r| r.value.as_str()),
        Some("the new frontend has tests.")
    );
}

/// Every section an H1 under an H1 title, with an H2 sub-heading and a loose
/// H1 of the plan's own.
const H1_PLAN: &str = "# Tidy the loader\n\nStatus: active\n\n# Purpose / Big Picture\nLoad faster.\n\n# Context and Orientation\nThe loader reads every file twice.\n\n# Plan of Work\n## First pass\nRead once.\n\n# Progress\n- [x] (2025-10-01 10:00Z) Read once.\n\n## Later\n- [ ] Cache the reads.\n\n# Appendix\nA note.\n\n# Surprises & Discoveries\nNone yet.\n\n# Decision Log\nNone yet.\n\n# Outcomes & Retrospective\nNot yet.\n";

#[test]
fn h1_sections_under_an_h1_title() {
    let p = plan(H1_PLAN);
    assert_eq!(
        p.title.as_ref().map(|t| t.value.as_str()),
        Some("Tidy the loader")
    );
    let found: Vec<_> = p.sections.iter().map(|s| (s.kind, s.level)).collect();
    assert_eq!(
        found,
        vec![
            (Some(SectionKind::Purpose), 1),
            (Some(SectionKind::Context), 1),
            (Some(SectionKind::PlanOfWork), 1),
            (Some(SectionKind::Progress), 1),
            (None, 1),
            (Some(SectionKind::Surprises), 1),
            (Some(SectionKind::Decisions), 1),
            (Some(SectionKind::Outcomes), 1),
        ]
    );
    // The H2 under Progress is a sub-heading: both items are Progress's.
    assert_eq!(p.counts(), (1, 2));
    assert!(p.loose.is_empty());
    assert_eq!(
        p.meta(MetaKey::Status).map(|m| m.value.as_str()),
        Some("active")
    );
    assert!(p.looks_like_plan());
}

#[test]
fn the_scanner_finds_the_h1_sections_too() {
    let src = Source::from_string(Path::new("p.md"), H1_PLAN.to_string());
    let opts = ParseOptions::default();
    let scanned = outline(&src, &opts).map(|p| {
        let s: Vec<_> = p
            .sections
            .iter()
            .map(|s| (s.kind, s.line, s.body_lines))
            .collect();
        (s, p.counts())
    });
    let parsed = parse(&src, &opts);
    let s: Vec<_> = parsed
        .sections
        .iter()
        .map(|s| (s.kind, s.line, s.body_lines))
        .collect();
    assert_eq!(scanned, Some((s, parsed.counts())));
}

#[test]
fn a_title_named_like_a_section_is_the_title() {
    // The first H1 is the title whatever it says; the sections are the
    // named headings after it.
    let p = plan("# Progress\n\n# Purpose\nWhy.\n\n# Progress\n- [ ] One.\n");
    assert_eq!(p.title.as_ref().map(|t| t.value.as_str()), Some("Progress"));
    let kinds: Vec<_> = p.sections.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        vec![Some(SectionKind::Purpose), Some(SectionKind::Progress)]
    );
    assert_eq!(p.progress.len(), 1);
}

#[test]
fn named_headings_start_sections_at_any_level() {
    let p = plan("# T\n\n## Notes\n\n##### Progress\n- [ ] Deep.\n\n###### Decision Log\n- Decision: keep it.\n");
    let found: Vec<_> = p.sections.iter().map(|s| (s.kind, s.level)).collect();
    assert_eq!(
        found,
        vec![
            (None, 2),
            (Some(SectionKind::Progress), 5),
            (Some(SectionKind::Decisions), 6),
        ]
    );
    assert_eq!(p.progress.len(), 1);
    assert_eq!(p.decisions.len(), 1);
}

#[test]
fn h2_sections_keep_an_unnamed_h1_out() {
    // With H2 sections, an H1 that names nothing ends the section above it
    // and starts none; an H2 under it starts one as before.
    let p = plan(
        "# T\n\n## Progress\n- [ ] One.\n\n# Appendix\n- [ ] Not progress.\n\n## Extra\nText.\n",
    );
    let found: Vec<_> = p.sections.iter().map(|s| (s.kind, s.level)).collect();
    assert_eq!(found, vec![(Some(SectionKind::Progress), 2), (None, 2)]);
    assert_eq!(p.progress.len(), 1);
    assert_eq!(p.loose.len(), 1);
}
