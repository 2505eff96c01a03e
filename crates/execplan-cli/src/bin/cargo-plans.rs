//! `cargo plans …` (or `cargo-plans …`): the standalone binary.

use std::process::ExitCode;

fn main() -> ExitCode {
    // Cargo runs `cargo-plans plans <args>` for `cargo plans <args>`.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "plans") {
        args.remove(1);
    }
    if let Some(first) = args.first_mut() {
        *first = "cargo plans".into();
    }
    execplan_cli::run(args)
}
