//! The fuzz targets' seed corpora (and anything the fuzzers found, once
//! copied into `fuzz/seeds/`) replayed as ordinary tests, so CI keeps them fixed.
//! They live here because `execplan::fuzzing` exists only with the library's
//! `fuzzing` feature (and `execplan_cli::fuzz_mcp_lines` only with the
//! CLI's), which this crate's dev-dependencies turn on.

use std::path::Path;

fn each(target: &str, f: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/seeds")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("seed folder") {
        let path = entry.expect("entry").path();
        f(&std::fs::read(&path).expect("seed"));
        n += 1;
    }
    assert!(n > 0, "no seeds in {}", dir.display());
    eprintln!("{target}: {n} seeds replayed");
}

#[test]
fn parse_check_seeds() {
    each("parse_check", execplan::fuzzing::parse_and_check);
}

#[test]
fn fill_twice_seeds() {
    each("fill_twice", execplan::fuzzing::fill_twice);
}

#[test]
fn scan_agrees_seeds() {
    each("scan_agrees", execplan::fuzzing::scan_agrees);
}

#[test]
fn item_matcher_seeds() {
    each("item_matcher", execplan::fuzzing::item_matcher);
}

#[test]
fn the_shared_corpus_as_seeds() {
    let Some(corpus) = test_support::shared_corpus() else {
        return;
    };
    let dirs = std::fs::read_dir(&corpus).expect("corpus folder");
    for d in dirs.flatten().filter(|d| d.path().is_dir()) {
        for f in std::fs::read_dir(d.path())
            .expect("corpus folder")
            .flatten()
        {
            let bytes = std::fs::read(f.path()).expect("corpus file");
            execplan::fuzzing::parse_and_check(&bytes);
            execplan::fuzzing::scan_agrees(&bytes);
            let mut seeded = b"seed".to_vec();
            seeded.extend_from_slice(&bytes);
            execplan::fuzzing::fill_twice(&seeded);
        }
    }
}

#[test]
fn mcp_lines_seeds() {
    each("mcp_lines", execplan_cli::fuzz_mcp_lines);
}
