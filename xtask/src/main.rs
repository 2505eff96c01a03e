//! This repository's cargo-xtask: `cargo xtask plans …` runs execplan on our
//! own `.agents/`; `cargo xtask bench …` runs the benchmarks; `cargo xtask stats`
//! prints code-shape figures for review; `cargo xtask tidy` checks the layers
//! and promises of ARCHITECTURE.md over the sources; `cargo xtask schemas`
//! writes the JSON Schemas in `schemas/`.

mod bench_check;
mod bench_deep;
mod bench_field;
mod bench_guard;
mod bench_history;
mod bench_hook;
mod bench_many;
mod field;
mod stats;
mod tidy;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("plans") => execplan_cli::run(
            std::iter::once("cargo xtask plans".to_string()).chain(args.into_iter().skip(1)),
        ),
        Some("bench") => {
            let result = match args.get(1).map(String::as_str) {
                Some("field") => bench_field::run(&args[2..]),
                Some("deep") => bench_deep::run(&args[2..]),
                Some("many") => bench_many::run(&args[2..]),
                Some("guard") => bench_guard::run(&args[2..]),
                _ => bench_check::dispatch(&args[1..], bench_history::run, bench_hook::run),
            };
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Some("field") => field::run(&args[1..]).map_or_else(
            |e| {
                eprintln!("error: {e}");
                ExitCode::from(2)
            },
            |agreed| ExitCode::from(u8::from(!agreed)),
        ),
        Some("tidy") => match tidy::run(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Some("schemas") => match schemas() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Some("stats") => match stats::run(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("usage: cargo xtask plans <command> …   (cargo xtask plans --help)\n       cargo xtask bench check [--plans N] [--lines N] [--runs N]\n       cargo xtask bench history [--runs N] [--commits N]\n       cargo xtask bench hook [--runs N]   (use --release: cargo run --release -p xtask -- bench …)\n       cargo xtask bench field [--runs N] [--bin PATH] <REPO> <PLANS_GLOB>   (cold, warm, one new commit against git, in a throwaway clone)\n       cargo xtask bench deep [--runs N] [--bin PATH] <REPO> <PLANS_GLOB>   (cold, against git log -p, both with a commit-graph and Bloom filters, and with the filter reader off; in a throwaway clone)\n       cargo xtask bench many [--runs N] [--bin PATH]   (bench field on 1,000 generated plans x 10 revisions)\n       cargo xtask bench guard [--runs N]   (plans guard on 450 plans and 2,000 files, cold and warm, against git status)\n       cargo xtask schemas   (write schemas/: the JSON Schemas of the JSON documents and execplan.toml)\n       cargo xtask stats [DIR]   (file sizes, longest functions, library import cycles)\n       cargo xtask tidy   (ARCHITECTURE.md's layers and promises over the sources)\n       cargo xtask field [--bin PATH] <REPO_DIR> <PLANS_DIR>…   (history facts against git on a real repository)");
            ExitCode::from(2)
        }
    }
}

/// `cargo xtask schemas`: write every schema to `schemas/`, removing files
/// there that no schema has any more.
fn schemas() -> Result<(), String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let all = execplan_cli::schemas::all();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if !all.iter().any(|(n, _)| Some(*n) == name.as_deref()) {
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    for (name, schema) in &all {
        let path = dir.join(name);
        std::fs::write(&path, execplan_cli::schemas::text(schema))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote schemas/{name}");
    }
    Ok(())
}
