//! Properties of the write verbs: on a clean generated plan, any sequence of
//! writes leaves no `check` error and changes no line outside its own edits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use chrono::{DateTime, Utc};
use execplan::config::Config;
use execplan::edit::{edit_text, Add, Decide, Op, Outcome, Split, Surprise, Tick};
use execplan::parse::{parse, ParseOptions};
use execplan::rules::{self, Severity};
use execplan::workspace::Workspace;
use execplan::Source;
use proptest::prelude::*;

const NOW: &str = "2025-10-10T12:00:00Z";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&Utc)
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-z]{2,8}", 1..5).prop_map(|w| w.join(" "))
}

/// A clean plan in one of several layouts: line endings, `---` separators,
/// list markers, spacing between entries; some items done and stamped.
fn plan() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec!["-", "*"]),
        any::<bool>(),
        prop::collection::vec((any::<bool>(), text()), 0..5),
        prop::collection::vec((text(), text()), 0..3),
        prop::collection::vec((text(), text()), 0..3),
    )
        .prop_map(|(crlf, rules, marker, gap, items, decisions, surprises)| {
            let sep = if rules { "---\n\n" } else { "" };
            let mut t = String::from("# A plan\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-02\n\n");
            for (h, body) in [
                ("Purpose / Big Picture", "Fewer retries.".to_string()),
                ("Context and Orientation", "The client.".to_string()),
                ("Plan of Work", "1. Do it.".to_string()),
            ] {
                t.push_str(&format!("{sep}## {h}\n{body}\n\n"));
            }
            t.push_str(&format!("{sep}## Progress\n"));
            for (i, (done, words)) in items.iter().enumerate() {
                // Numbered so that generated items never share a text.
                if *done {
                    t.push_str(&format!("{marker} [x] (2025-10-02 09:00Z) item{i} {words}\n"));
                } else {
                    t.push_str(&format!("{marker} [ ] item{i} {words}\n"));
                }
            }
            t.push_str(&format!("\n{sep}## Surprises & Discoveries\n"));
            for (o, e) in &surprises {
                t.push_str(&format!("- Observation: {o}\n  Evidence: {e}\n"));
            }
            if surprises.is_empty() {
                t.push_str("None yet.\n");
            }
            t.push_str(&format!("\n{sep}## Decision Log\n"));
            for (k, (d, r)) in decisions.iter().enumerate() {
                if k > 0 && gap {
                    t.push('\n');
                }
                t.push_str(&format!("- **Decision:** {d}\n- **Rationale:** {r}\n- **Date/Author:** 2025-10-02 — Ana\n"));
            }
            if decisions.is_empty() {
                t.push_str("None yet.\n");
            }
            t.push_str(&format!("\n{sep}## Outcomes & Retrospective\nGoing well.\n"));
            if crlf {
                t.replace('\n', "\r\n")
            } else {
                t
            }
        })
}

/// A write verb, naming items by number (`item3`) so that some hit and some miss.
fn op() -> impl Strategy<Value = Op> {
    let item = (0..7usize).prop_map(|i| format!("item{i}"));
    prop_oneof![
        (item.clone(), any::<bool>()).prop_map(|(item, undo)| Op::Tick(Tick { item, undo })),
        (text(), any::<bool>()).prop_map(|(t, done)| Op::Add(Add {
            text: format!("new {t}"),
            done
        })),
        (item, text(), text()).prop_map(|(item, d, r)| Op::Split(Split {
            item,
            done: format!("done {d}"),
            remaining: format!("rest {r}"),
        })),
        (text(), text()).prop_map(|(d, r)| Op::Decide(Decide {
            decision: d,
            rationale: r,
            author: Some("Bo".into()),
        })),
        (text(), text()).prop_map(|(o, e)| Op::Surprise(Surprise {
            observation: o,
            evidence: e
        })),
        text().prop_map(|t| Op::Outcome(Outcome { text: t })),
    ]
}

fn errors(text: &str, config: &Config) -> Vec<String> {
    let source = Source::from_string(Path::new("p.md"), text.to_string());
    let plan = parse(&source, &ParseOptions::default());
    let ctx = rules::Ctx {
        plan: &plan,
        source: &source,
        config,
        root: Path::new("."),
        now: now(),
        files: None,
    };
    rules::run_static(&ctx)
        .into_iter()
        .filter(|(_, sev, _)| *sev == Severity::Error)
        .map(|(r, _, f)| format!("{} {}", r.id, f.message))
        .collect()
}

/// Lines a verb may change in place: Last Updated, the item it ticks or
/// splits, and a `None yet.` a first entry replaces.
fn may_change(source: &Source, op: &Op) -> Vec<usize> {
    let plan = parse(source, &ParseOptions::default());
    let mut out: Vec<usize> = plan
        .metadata
        .iter()
        .filter(|m| m.key == "Last Updated")
        .map(|m| m.line)
        .collect();
    if matches!(op, Op::Tick(_) | Op::Split(_)) {
        out.extend(plan.all_items().iter().map(|i| i.line));
    }
    out.extend((1..=source.line_count()).filter(|&l| source.line(l) == "None yet."));
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn writes_leave_no_error_and_touch_only_their_lines(start in plan(), ops in prop::collection::vec(op(), 1..8)) {
        let config = Config::default();
        prop_assert!(errors(&start, &config).is_empty(), "generated plan not clean: {:?}\n{start}", errors(&start, &config));
        let ws = Workspace::new(Path::new("."), config.clone(), now());
        let mut text = start;
        for op in ops {
            let source = Source::from_string(Path::new("p.md"), text.clone());
            let Ok(edited) = edit_text(&ws, &source, &op, Path::new("p.md")) else {
                continue; // refused or not found: nothing written, nothing to check
            };
            let errs = errors(&edited.text, &config);
            prop_assert!(errs.is_empty(), "{op:?} left {errs:?}:\n{}", edited.text);
            let allowed = may_change(&source, &op);
            let diff = similar::TextDiff::from_lines(source.text.as_str(), edited.text.as_str());
            let mut items_changed = 0;
            for d in diff.ops() {
                if d.tag() == similar::DiffTag::Equal {
                    continue;
                }
                for old in d.old_range() {
                    prop_assert!(allowed.contains(&(old + 1)), "{op:?} changed line {}:\n{}\n→\n{}", old + 1, source.text, edited.text);
                    if source.line(old + 1).contains("] ") {
                        items_changed += 1;
                    }
                }
            }
            prop_assert!(items_changed <= 1, "{op:?} changed {items_changed} items");
            // The same write again changes nothing more for a tick; for
            // every verb, its own result parses to what it says.
            if matches!(op, Op::Tick(_)) {
                let again = Source::from_string(Path::new("p.md"), edited.text.clone());
                let twice = edit_text(&ws, &again, &op, Path::new("p.md")).unwrap();
                prop_assert!(!twice.changed, "tick twice changed:\n{}", twice.text);
            }
            prop_assert_eq!(edited.changed, edited.text != source.text);
            text = edited.text;
        }
    }
}
