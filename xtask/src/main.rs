//! Project tasks. `cargo xtask bench history` (use `--release`, see bench_history.rs).

mod bench_history;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["bench", "history", ..] => bench_history::run(&args[2..]),
        _ => Err("usage: cargo xtask bench history [--runs N] [--commits N]".to_owned()),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
