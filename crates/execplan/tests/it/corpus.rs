//! Real plans from other projects (`../shared/corpus/`, beside this
//! repository): every one parses without a panic, its sections and items are
//! found, and `check` raises errors only for the genuine problems that
//! `corpus/MANIFEST.tsv` names.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use execplan::check::{check, CheckOptions};
use execplan::config::Config;
use execplan::model::SectionKind;
use execplan::parse::{parse, ParseOptions};
use execplan::rules::Severity;
use execplan::Source;

/// The corpus, or `None` off CI on a machine without it (see `shared_corpus`).
fn corpus() -> Option<PathBuf> {
    test_support::shared_corpus()
}

fn files(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    out.sort();
    out
}

/// (file name fragment) → (done, total, a section that must be found)
const EXPECTED: &[(&str, usize, usize, SectionKind)] = &[
    ("p12-audio-framework", 6, 6, SectionKind::Progress),
    ("10-1-3-approve-actor", 5, 5, SectionKind::Decisions),
    (
        "8-3-5-Define derived defaults",
        6,
        6,
        SectionKind::Surprises,
    ),
    (
        "9-1-2-introduce-a-codec-error-taxonomy",
        11,
        18,
        SectionKind::Outcomes,
    ),
    ("1687-int-final-qdmi-bridge", 19, 20, SectionKind::Progress),
    ("oq3-foundation", 64, 64, SectionKind::Context),
    ("v4-specaudit-campaign", 6, 12, SectionKind::Progress),
    (
        "portfolio-optimizer-v1-implementation-plan",
        103,
        104,
        SectionKind::Purpose,
    ),
    (
        "portfolio-optimizer-v4-alignment",
        20,
        21,
        SectionKind::Decisions,
    ),
    (
        "ws-migration-feature-flags-phase4",
        9,
        10,
        SectionKind::PlanOfWork,
    ),
    ("add-optimizer-fixtures", 9, 9, SectionKind::Outcomes),
    ("account-outcomes-tab", 7, 7, SectionKind::Progress),
];

#[test]
fn every_corpus_file_parses_and_its_sections_are_found() {
    let Some(root) = corpus() else { return };
    let all = files(&root);
    assert!(all.len() >= 14, "corpus shrank: {}", all.len());
    let opts = ParseOptions::default();
    for f in &all {
        let src = Source::read(f).unwrap();
        let plan = parse(&src, &opts);
        let name = f.to_string_lossy();
        if let Some((_, done, total, kind)) = EXPECTED.iter().find(|(n, ..)| name.contains(n)) {
            assert_eq!(plan.counts(), (*done, *total), "{name}");
            assert!(plan.section(*kind).is_some(), "{name}: {kind:?} not found");
            assert!(plan.title.is_some(), "{name}: no title");
        }
    }
    // The Spanish plan: `Progreso`, `Hallazgos`, `Decisiones`.
    let p12 = all
        .iter()
        .find(|f| f.to_string_lossy().contains("p12-audio"))
        .unwrap();
    let plan = parse(&Source::read(p12).unwrap(), &opts);
    for kind in [
        SectionKind::Progress,
        SectionKind::Surprises,
        SectionKind::Decisions,
    ] {
        assert!(plan.section(kind).is_some(), "Spanish heading for {kind:?}");
    }
    // H3 living sections.
    let h3 = all
        .iter()
        .find(|f| f.to_string_lossy().contains("1687-int"))
        .unwrap();
    let plan = parse(&Source::read(h3).unwrap(), &opts);
    assert_eq!(
        plan.section(SectionKind::Progress).map(|s| s.level),
        Some(3)
    );
}

#[test]
fn check_raises_errors_only_for_genuine_problems() {
    let Some(root) = corpus() else { return };
    let mut config = Config::default();
    // Lifted out of their repositories, corpus files cannot resolve their links.
    config.rules.insert("broken-link".into(), Severity::Off);
    config.rules.insert("missing-path".into(), Severity::Off);
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T00:00:00Z")
        .unwrap()
        .into();
    let report = check(
        &execplan::workspace::Workspace::new(&root, config, now),
        &CheckOptions {
            paths: vec![root.clone()],
            history: false,
            rev: None,
        },
    )
    .unwrap();
    let mut errors: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for p in &report.plans {
        for d in p
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            let name = p.path.file_name().unwrap().to_string_lossy().into_owned();
            let e = errors.entry(name).or_default();
            if !e.contains(&d.rule) {
                e.push(d.rule);
            }
        }
    }
    let want: BTreeMap<String, Vec<&str>> = [
        // Manifest: "bare dates ... on 2 of 6 checked items, 4 undated".
        (".agent__execplans__p12-audio-framework.md", vec!["EP007"]),
        // Manifest: "6 checked items with no timestamps".
        (
            "docs__execplans__8-3-5-Define derived defaults based on buffer_capacity.md",
            vec!["EP007"],
        ),
        // Four late items ticked without a time among 100 stamped ones.
        (
            "docs__exec-plans__active__2026-04-23-portfolio-optimizer-v1-implementation-plan.md",
            vec!["EP007"],
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(errors, want);
    // Manifest: "not skeleton; Status: Complete but 20 unchecked boxes, 0
    // checked". A plan only by its Status line and checkboxes (a weak signal)
    // is said to contradict itself, as a warning, and held to no section.
    let weak = report
        .plans
        .iter()
        .find(|p| {
            p.path
                .ends_with("docs__execplans__migrate-from-cucumber-to-rstest-bdd.md")
        })
        .expect("a Status line and checkboxes make a plan");
    let found: Vec<(&str, Severity)> = weak
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.severity))
        .collect();
    assert!(found.contains(&("EP017", Severity::Warning)), "{found:?}");
    assert!(!found.iter().any(|(r, _)| *r == "EP001"), "{found:?}");
    assert!(report.failures.is_empty());
    // The house-format plan with tables and no checkboxes is not taken for an ExecPlan.
    assert_eq!(report.not_plans.len(), 1, "{:?}", report.not_plans);
}

/// The line scanner agrees with comrak on every corpus plan and on revisions
/// made from each (every prefix, as a plan grows; every box flipped, as it is
/// ticked) whenever it answers; and it answers on some of them.
#[test]
fn the_scanner_agrees_with_the_parser_on_the_corpus_and_its_revisions() {
    let Some(root) = corpus() else { return };
    let opts = ParseOptions::default();
    let (mut answered, mut total) = (0, 0);
    for f in files(&root) {
        let Ok(src) = Source::read(&f) else { continue };
        let flipped = src
            .text
            .replace("[ ]", "[\u{1}]")
            .replace("[x]", "[ ]")
            .replace('\u{1}', "x");
        let lines: Vec<&str> = src.text.split_inclusive('\n').collect();
        let prefixes = (1..=lines.len()).step_by(3).map(|n| lines[..n].concat());
        for text in std::iter::once(src.text.clone())
            .chain(std::iter::once(flipped))
            .chain(prefixes)
        {
            let s = Source::from_string(&f, text);
            total += 1;
            if let Some(scanned) = execplan::digest::Digest::scan(&s, &opts) {
                answered += 1;
                let parsed = execplan::digest::Digest::of(&s, &parse(&s, &opts));
                assert_eq!(scanned, parsed, "{}:\n{}", f.display(), s.text);
            }
        }
    }
    eprintln!("the scanner answered on {answered} of {total} corpus texts");
    assert!(answered > 0, "the scanner never answered on the corpus");
}
