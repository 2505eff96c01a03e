//! The line scanner agrees with the parser: whenever it answers, the digest
//! it gives (items, normal form, looks-like-a-plan) equals the one from
//! comrak's parse; on the common shape of a plan it always answers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use execplan::digest::Digest;
use execplan::parse::{parse, ParseOptions};
use execplan::Source;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

/// `Some(agreed)` when the scanner answered, `None` when it left the text to comrak.
fn agree(text: &str) -> Option<bool> {
    let src = Source::from_string(Path::new("p.md"), text.to_string());
    let opts = ParseOptions::default();
    let scanned = Digest::scan(&src, &opts)?;
    let parsed = Digest::of(&src, &parse(&src, &opts));
    if scanned != parsed {
        eprintln!("text:\n{text}\nscanned: {scanned:#?}\nparsed: {parsed:#?}");
    }
    Some(scanned == parsed)
}

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-z]{1,8}", 1..5).prop_map(|w| w.join(" "))
}

/// A plan in the common shape: metadata bullets or preamble lines, prose
/// sections, a Progress list nested up to three deep with stamps, continuation
/// lines and blank lines, ordered lists, thematic breaks, fenced code; its
/// sections H2s, or H1s under the H1 title.
fn plan() -> impl Strategy<Value = String> {
    (
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        prop::sample::select(vec!["-", "*", "+"]),
        prop::collection::vec(
            (
                any::<bool>(),
                0usize..3,
                prop::sample::select(vec!["", "(2025-10-02 09:00Z) ", "2025-10-03: ", "(2025-10-04) "]),
                words(),
                prop::option::of(words()),
                any::<bool>(),
            ),
            0..10,
        ),
        prop::collection::vec((words(), any::<bool>()), 0..3),
        any::<bool>(),
    )
        .prop_map(|((crlf, preamble, rules, fence, h1), marker, items, steps, trailing)| {
            let sep = if rules { "---\n\n" } else { "" };
            let h = if h1 { "#" } else { "##" };
            let mut t = String::from("# A plan: the thing (v2)\n\n");
            if preamble {
                t.push_str("Owner: Ana\nCreated: 2025-10-01\nLast Updated: 2025-10-02\n\n");
            } else {
                t.push_str(&format!("{h} Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** <YYYY-MM-DD>\n\n"));
            }
            t.push_str(&format!("{sep}{h} Purpose / Big Picture\nFewer retries, and `fast` *paths*.\nSecond line.\n\n"));
            t.push_str(&format!("{sep}{h} Plan of Work\n"));
            for (k, (s, loose)) in steps.iter().enumerate() {
                t.push_str(&format!("{}. {s}\n", k + 1));
                if *loose {
                    t.push_str("   continued here\n\n");
                }
            }
            if fence {
                t.push_str("\n```sh\n# not a heading\n- [ ] not an item\n```\n");
            }
            t.push_str(&format!("\n{sep}{h} Progress\n\n"));
            let mut prev = 0;
            for (i, (done, depth, stamp, w, more, gap)) in items.iter().enumerate() {
                let mark = if *done { "x" } else { " " };
                // One level deeper than the item before at most: more is code.
                let depth = (*depth).min(if i == 0 { 0 } else { prev + 1 });
                prev = depth;
                let pad = "  ".repeat(depth);
                t.push_str(&format!("{pad}{marker} [{mark}] {stamp}item{i} {w}\n"));
                if let Some(m) = more {
                    t.push_str(&format!("{pad}  {m}\n"));
                }
                if *gap {
                    t.push('\n');
                }
            }
            t.push_str(&format!("\n{sep}{h} Surprises & Discoveries\n- Observation: it works\n  Evidence: the log\n"));
            t.push_str(&format!("\n{sep}{h} Decision Log\n- **Decision:** keep it\n- **Rationale:** simple\n- **Date/Author:** 2025-10-02 — Ana\n"));
            t.push_str(&format!("\n{sep}{h} Outcomes & Retrospective\nGoing well.\n"));
            if !trailing {
                t.pop();
            }
            if crlf {
                t.replace('\n', "\r\n")
            } else {
                t
            }
        })
}

/// Lines that probe every shape the scanner must recognise or give up on:
/// mostly the common ones, some hostile.
fn soup(hostile: u32) -> impl Strategy<Value = String> {
    let pad = prop_oneof![12 => Just(""), 3 => Just("  "), 1 => Just(" "), 1 => Just("   "), 1 => Just("    "), 1 => Just("      ")];
    let common = prop::sample::select(vec![
        "- [ ] a b",
        "- [x] (2025-10-01 13:00Z) done thing",
        "* [X] c",
        "+ [ ] d",
        "1. [ ] e",
        "2) f",
        "- plain",
        "text line",
        "more text",
        "",
        "",
        "",
        "## Progress",
        "## Metadata",
        "# Progress",
        "# Purpose / Big Picture",
        "# Title",
        "### Decision Log",
        "## Surprises & Discoveries",
        "#nohash",
        "## Q&A",
        "##   spaced   out  ",
        "---",
        "***",
        "```\ncode\n```",
        "```rust\n- [ ] no\n```",
        "~~~\n# no\n~~~",
        "- **Created:** 2025-10-01",
        "Created: 2025-10-02",
        "**Last Updated:** 2025-10-03",
        "- [ ] item with `code` and *emph*",
        "10. [ ] ten",
        "- [ ] é ü",
        "#",
        "Status: active",
        "- [x] 3/4 done",
        "1. [x] one",
        "  continued",
        "- [ ]  two spaces",
        "-  [ ] gap",
        "0. zero",
    ]);
    let hostile_lines = prop::sample::select(vec![
        "-",
        "- [ ]",
        "- [x]",
        "- [ ]x",
        "- [x](url)",
        "-     [ ] five",
        "- [ ] [x] twice",
        "- [xx] no",
        "- [ ]] odd",
        "## Progress ##",
        "## *Progress*",
        "## a &amp; b",
        "- - -",
        "* * *",
        "___",
        "===",
        "--",
        "``` `x`",
        "> quote",
        "<!-- c -->",
        "<div>",
        "| a | b |",
        "|---|---|",
        "[x]: /url",
        "1234567890. x",
        "<<<<<<< HEAD",
        "=======",
        ">>>>>>> b",
        "\u{a0}- [ ] nbsp",
        "######",
        "####### seven",
        "## Progress\u{a0}",
        "- [ ] a\\",
        "[x] no marker",
        "- # heading item",
        "- > quote item",
        "- - nested",
        "1. 2. twice",
        "- ```",
        "\\- [ ] escaped",
        "- [ ] <b>html</b>",
        "\u{3000}",
        "- [\u{e9}] accent",
        "&nbsp;",
        "- [ ]\u{a0}nbsp box",
    ]);
    let line = (pad, prop_oneof![40 => common, hostile => hostile_lines])
        .prop_map(|(pad, body)| format!("{pad}{body}"));
    (
        prop::collection::vec(line, 0..25),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
        any::<bool>(),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(lines, nl, last, front)| {
            let mut t = lines.join(nl);
            if last {
                t.push_str(nl);
            }
            if front {
                t.insert_str(0, &format!("---{nl}title: x{nl}---{nl}"));
            }
            t
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// On the common shape the scanner always answers, and answers right.
    #[test]
    fn the_scanner_reads_common_plans_as_the_parser_does(text in plan()) {
        prop_assert_eq!(agree(&text), Some(true), "{}", text);
    }

    /// On anything else: when it answers, it agrees.
    #[test]
    fn whenever_the_scanner_answers_it_agrees_with_the_parser(text in soup(1)) {
        prop_assert!(agree(&text) != Some(false), "{}", text);
    }

    /// Common lines only, at every indentation: lists, fences and headings
    /// the scanner must follow exactly.
    #[test]
    fn the_scanner_agrees_on_common_lines_at_any_indentation(text in soup(0)) {
        prop_assert!(agree(&text) != Some(false), "{}", text);
    }

    #[test]
    fn the_scanner_never_disagrees_on_arbitrary_text(text in "\\PC{0,400}") {
        prop_assert!(agree(&text) != Some(false), "{}", text);
    }
}

/// The soup is not so hostile that the scanner always gives up: otherwise the
/// agreement above would hold for want of answers.
#[test]
fn the_scanner_answers_on_a_good_share_of_the_soup() {
    let mut runner = TestRunner::deterministic();
    let (mut answered, n) = (0, 2000);
    for _ in 0..n {
        let text = soup(1).new_tree(&mut runner).unwrap().current();
        match agree(&text) {
            Some(true) => answered += 1,
            Some(false) => panic!("the scanner disagrees with the parser on:\n{text}"),
            None => {}
        }
    }
    eprintln!("the scanner answered on {answered} of {n}");
    assert!(answered * 10 >= n, "answered {answered} of {n}");
}
