//! Property tests: parsing never panics; `fill` is idempotent and touches no
//! byte outside metadata date values and Progress timestamps.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDate, TimeZone, Utc};
use execplan::fill::{apply, edits, Facts};
use execplan::model::MetaKey;
use execplan::normal::normal_form;
use execplan::parse::{parse, ParseOptions};
use execplan::Source;
use proptest::prelude::*;

fn parse_bytes(bytes: Vec<u8>) {
    if let Ok(src) = Source::from_bytes(Path::new("p.md"), bytes) {
        let plan = parse(&src, &ParseOptions::default());
        // Every span the model hands out must be a valid slice of the text.
        for i in plan.all_items() {
            assert!(i.span.end <= src.text.len() && src.text.is_char_boundary(i.text_start));
            if let Some(s) = &i.stamp {
                assert!(src.text.get(s.span.clone()).is_some());
            }
        }
        for m in &plan.metadata {
            assert!(src.text.get(m.value_span.clone()).is_some());
        }
    }
}

proptest! {
    #[test]
    fn parse_never_panics_on_utf8(s in "\\PC*") {
        parse_bytes(s.into_bytes());
    }

    /// Same meaning, different bytes: CRLF line endings, text re-wrapped at
    /// another width, trailing whitespace. No plan change may be reported; the
    /// text itself did change, so the changed sections and hunks are.
    #[test]
    fn diff_of_a_relaid_copy_reports_only_text(
        plan in layout_free_plan(),
        widths in (12usize..70, 12usize..70),
    ) {
        let (a, b) = (render(&plan, widths.0, false), render(&plan, widths.1, true));
        let (sa, sb) = (Source::from_string(Path::new("p.md"), a), Source::from_string(Path::new("p.md"), b));
        let (pa, pb) = (parse(&sa, &ParseOptions::default()), parse(&sb, &ParseOptions::default()));
        let d = execplan::plandiff::diff(Some((&sa, &pa)), Some((&sb, &pb)));
        prop_assert!(!d.identical && !d.created && !d.deleted);
        prop_assert!(d.items.is_empty(), "items: {:?}", d.items);
        prop_assert!(d.decisions_added.is_empty(), "decisions: {:?}", d.decisions_added);
        prop_assert!(d.surprises_added.is_empty(), "surprises: {:?}", d.surprises_added);
        prop_assert!(d.metadata.is_empty(), "metadata: {:?}", d.metadata);
        prop_assert!(!d.hunks.is_empty());
        prop_assert!(
            d.sections.iter().all(|s| s.kind == execplan::plandiff::SectionChangeKind::Changed),
            "sections: {:?}", d.sections
        );
        prop_assert!(!d.sections.is_empty());
    }

    #[test]
    fn parse_never_panics_on_bytes(b in prop::collection::vec(any::<u8>(), 0..2000)) {
        parse_bytes(b);
    }

    #[test]
    fn parse_never_panics_on_markdown_soup(parts in prop::collection::vec(prop::sample::select(vec![
        "# ", "## Progress\n", "## Metadata\n", "- [x] ", "- [ ] ", "  ", "> ", "```\n", "\n", "\r\n",
        "(2025-10-01 13:00Z) ", "**Created:** ", "2025-02-30", "<YYYY-MM-DD>", "- Decision: ", "Rationale: ",
        "[l](../x.md)", "`src/a.rs`", "<!-- execplan: allow(all) -->", "---\n", "é", "\u{feff}", "\t", "1. ",
    ]), 0..80)) {
        parse_bytes(parts.concat().into_bytes());
    }
}

#[derive(Debug, Clone)]
struct Doc {
    text: String,
    facts: Facts,
    /// Tick times by item order: history knows items by identity, not line.
    ticks: Vec<chrono::DateTime<Utc>>,
}

/// The facts history would give for this text: ticks keyed by current lines.
fn facts_for(d: &Doc, plan: &execplan::Plan) -> Facts {
    let mut f = d.facts.clone();
    f.ticks = plan
        .all_items()
        .iter()
        .zip(&d.ticks)
        .map(|(i, t)| (i.line, *t))
        .collect();
    f
}

fn stamp_form() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "",
        "(2025-10-01 13:00Z) ",
        "(2025-10-01 13:00 UTC) ",
        "(2026-04-11) ",
        "2026-06-05: ",
        "(2025-10-01T09:00:00-04:00) ",
        "(YYYY-MM-DD HH:MMZ) ",
        "(2025-12-31 23:59Z) ",
    ])
    .prop_map(String::from)
}

fn meta_value() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "2025-10-01",
        "<YYYY-MM-DD>",
        "",
        "2025-02-30",
        "`2025-09-01` (draft)",
        "soon",
    ])
    .prop_map(String::from)
}

prop_compose! {
    fn doc()(
        crlf in any::<bool>(),
        bom in any::<bool>(),
        created in prop::option::of(meta_value()),
        updated in prop::option::of(meta_value()),
        items in prop::collection::vec((any::<bool>(), stamp_form(), "[a-z ]{1,20}", 0usize..3), 0..12),
        fact_created in prop::option::of(0i64..400),
        fact_updated in prop::option::of(0i64..400),
        tick_minutes in prop::collection::vec(0i64..600_000, 12),
        final_newline in any::<bool>(),
    ) -> Doc {
        let mut lines = vec!["# Plan".to_string(), String::new(), "## Metadata".to_string(), "- **Owner:** Ana".to_string()];
        if let Some(c) = &created { lines.push(format!("- **Created:** {c}")); }
        if let Some(u) = &updated { lines.push(format!("- **Last Updated:** {u}")); }
        lines.push(String::new());
        lines.push("## Progress".to_string());
        lines.push(String::new());
        let first_item_line = lines.len() + 1;
        for (checked, stamp, text, depth) in &items {
            let mark = if *checked { "x" } else { " " };
            lines.push(format!("{}- [{mark}] {stamp}{}", "  ".repeat(*depth), text.trim()));
        }
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut text = lines.join(nl);
        if final_newline { text.push_str(nl); }
        if bom { text.insert(0, '\u{feff}'); }
        let base = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let _ = first_item_line;
        let ticks = tick_minutes.iter().map(|m| Utc.timestamp_opt(1_735_689_600 + m * 60, 0).unwrap()).collect();
        Doc {
            text,
            facts: Facts {
                created: fact_created.map(|d| base + chrono::Duration::days(d)),
                last_updated: fact_updated.map(|d| base + chrono::Duration::days(d)),
                ticks: HashMap::new(),
                ..Facts::default()
            },
            ticks,
        }
    }
}

/// 1-based lines `fill` may change: date fields and Progress items.
fn allowed_lines(src: &Source) -> Vec<usize> {
    let plan = parse(src, &ParseOptions::default());
    let mut out: Vec<usize> = plan
        .metadata
        .iter()
        .filter(|m| matches!(m.field, Some(MetaKey::Created | MetaKey::LastUpdated)))
        .map(|m| m.line)
        .collect();
    out.extend(plan.all_items().iter().map(|i| i.line));
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn fill_is_idempotent_and_touches_only_its_bytes(d in doc()) {
        let src = Source::from_string(Path::new("p.md"), d.text.clone());
        let plan = parse(&src, &ParseOptions::default());
        let e = edits(&src, &plan, &facts_for(&d, &plan));
        let once = apply(&src, &e);

        // Idempotent: filling the result changes nothing.
        let src2 = Source::from_string(Path::new("p.md"), once.clone());
        let plan2 = parse(&src2, &ParseOptions::default());
        prop_assert!(edits(&src2, &plan2, &facts_for(&d, &plan2)).is_empty(), "second fill would change:\n{}", once);

        // The BOM stays as it was.
        prop_assert_eq!(once.starts_with('\u{feff}'), src.bom);
        // Line by line: only date-field and Progress lines change, and only
        // date-field lines are added.
        let ok = allowed_lines(&src);
        let after = once.trim_start_matches('\u{feff}');
        let diff = similar::TextDiff::from_lines(src.text.as_str(), after);
        for op in diff.ops() {
            if matches!(op.tag(), similar::DiffTag::Equal) {
                continue;
            }
            for old in op.old_range() {
                prop_assert!(ok.contains(&(old + 1)), "line {} changed:\n{}", old + 1, d.text);
            }
            if op.old_range().is_empty() {
                for new in op.new_range() {
                    let line = after.lines().nth(new).unwrap_or("");
                    prop_assert!(line.starts_with("- **Created:**") || line.starts_with("- **Last Updated:**"), "added line {line:?}");
                }
            }
        }
        // What fill writes is exactly what the normal form ignores.
        prop_assert_eq!(normal_form(&src, &plan), normal_form(&src2, &plan2));
    }
}

/// A plan's meaning, before any layout: words for each piece of text.
#[derive(Debug, Clone)]
struct Meaning {
    owner: String,
    purpose: Vec<String>,
    items: Vec<(bool, Vec<String>)>,
    decisions: Vec<Vec<String>>,
    surprises: Vec<Vec<String>>,
}

fn words(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-z]{1,9}", n)
}

fn layout_free_plan() -> impl Strategy<Value = Meaning> {
    (
        "[A-Z][a-z]{1,8}",
        words(1..40),
        prop::collection::vec((any::<bool>(), words(1..14)), 1..6),
        prop::collection::vec(words(1..12), 0..3),
        prop::collection::vec(words(1..12), 0..3),
    )
        .prop_map(|(owner, purpose, items, decisions, surprises)| Meaning {
            owner,
            purpose,
            items,
            decisions,
            surprises,
        })
}

/// Greedy wrap at `width`, continuation lines indented by `indent`; with
/// `messy`, every line gets trailing whitespace.
fn wrap(words: &[String], width: usize, indent: &str, messy: bool) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for w in words {
        if !line.is_empty() && line.len() + 1 + w.len() > width {
            out.push_str(&line);
            out.push_str(if messy { " \t\n" } else { "\n" });
            line = indent.to_owned();
        }
        if !line.trim().is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    out.push_str(&line);
    out
}

fn render(m: &Meaning, width: usize, messy: bool) -> String {
    let eol = if messy { "  \n" } else { "\n" };
    let mut s = format!(
        "# Plan{eol}{eol}## Metadata{eol}- **Owner:** {}{eol}- **Created:** 2025-10-01{eol}{eol}## Purpose / Big Picture{eol}{}{eol}{eol}## Progress{eol}",
        m.owner,
        wrap(&m.purpose, width, "", messy)
    );
    for (checked, text) in &m.items {
        let mark = if *checked {
            "[x] (2025-10-01 10:00Z)"
        } else {
            "[ ]"
        };
        s.push_str(&format!("- {mark} {}{eol}", wrap(text, width, "  ", messy)));
    }
    s.push_str(&format!("{eol}## Surprises & Discoveries{eol}"));
    for o in &m.surprises {
        s.push_str(&format!(
            "- Observation: {}{eol}  Evidence: seen.{eol}",
            wrap(o, width, "  ", messy)
        ));
    }
    s.push_str(&format!("{eol}## Decision Log{eol}"));
    for d in &m.decisions {
        s.push_str(&format!(
            "- **Decision:** {}{eol}- **Rationale:** because.{eol}- **Date/Author:** 2025-10-01 — Ana{eol}",
            wrap(d, width, "  ", messy)
        ));
    }
    if messy {
        s.replace('\n', "\r\n")
    } else {
        s
    }
}
