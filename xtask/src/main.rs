//! This repository's cargo-xtask: `cargo xtask plans …` runs execplan on our
//! own `.agents/`; `cargo xtask bench …` runs the benchmarks; `cargo xtask stats`
//! prints code-shape figures for review.

mod bench_check;
mod bench_history;
mod bench_hook;
mod field;
mod many_plans;
mod stats;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("plans") => execplan_cli::run(
            std::iter::once("cargo xtask plans".to_string()).chain(args.into_iter().skip(1)),
        ),
        Some("bench") => {
            match bench_check::dispatch(&args[1..], bench_history::run, bench_hook::run) {
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
        Some("many-plans") => match many_plans::run(&args[1..]) {
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
            eprintln!("usage: cargo xtask plans <command> …   (cargo xtask plans --help)\n       cargo xtask bench check [--plans N] [--lines N] [--runs N]\n       cargo xtask bench history [--runs N] [--commits N]\n       cargo xtask bench hook [--runs N]   (use --release: cargo run --release -p xtask -- bench …)\n       cargo xtask many-plans [--plans N] [--revisions N] [--runs N] [--bin PATH] [--repo DIR --folder F]   (cold and warm timeline/check against git log -p)\n       cargo xtask stats [DIR]   (file sizes, longest functions, library import cycles)\n       cargo xtask field [--bin PATH] <REPO_DIR> <PLANS_DIR>…   (history facts against git on a real repository)");
            ExitCode::from(2)
        }
    }
}
