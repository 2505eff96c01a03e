//! ARCHITECTURE.md's invariants that a reader can break without a compiler
//! error, kept as tests that read the sources (tidy tests in the manner of
//! rust-analyzer's): each failure names the file and line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

fn crate_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join(name)
}

/// Every non-comment line of every `.rs` file under `dir`: (file, 1-based line, text).
fn code_lines(dir: &Path) -> Vec<(PathBuf, usize, String)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, line) in text.lines().enumerate() {
                    let trimmed = line.trim_start();
                    if !trimmed.starts_with("//") {
                        out.push((path.clone(), n + 1, line.to_string()));
                    }
                }
            }
        }
    }
    out.sort();
    out
}

fn offenders(dir: &Path, needles: &[&str]) -> Vec<String> {
    code_lines(dir)
        .into_iter()
        .filter(|(_, _, line)| needles.iter().any(|n| line.contains(n)))
        .map(|(file, n, line)| format!("{}:{n}: {}", file.display(), line.trim()))
        .collect()
}

#[test]
fn the_library_never_prints_and_never_exits() {
    let found = offenders(
        &crate_dir("execplan").join("src"),
        &[
            "print!(",
            "println!(",
            "eprint!(",
            "eprintln!(",
            "dbg!(",
            "process::exit(",
        ],
    );
    assert!(
        found.is_empty(),
        "the library returns values and errors; the CLI prints and exits:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_product_reads_git_with_gix_only() {
    let mut found = Vec::new();
    for krate in ["execplan", "execplan-cli"] {
        found.extend(offenders(
            &crate_dir(krate).join("src"),
            &[
                "Command::new(\"git\")",
                "Command::new(\"git\".",
                "\"git\").arg",
            ],
        ));
    }
    assert!(
        found.is_empty(),
        "the product reads git through gix, never the git CLI:\n{}",
        found.join("\n")
    );
}

#[test]
fn cli_verbs_call_library_workflows() {
    let found = offenders(
        &crate_dir("execplan-cli").join("src").join("cmd"),
        &["execplan::history", "execplan::parse", "execplan::source"],
    );
    assert!(
        found.is_empty(),
        "a verb calls a library workflow instead of walking history or parsing itself:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_cli_writes_stdout_through_out() {
    // `println!` panics when the reader has gone (`plans list | head -1`).
    let src = crate_dir("execplan-cli").join("src");
    let found: Vec<String> = offenders(
        &src,
        &["print!(", "println!(", "io::stdout()", "io::stdout;"],
    )
    .into_iter()
    .filter(|l| !l.contains("eprint") && !l.contains("is_terminal"))
    .filter(|l| !l.starts_with(&src.join("out.rs").display().to_string()))
    .collect();
    assert!(
        found.is_empty(),
        "stdout is written with out!/outln! or crate::out, which stop quietly on a closed pipe:\n{}",
        found.join("\n")
    );
}
