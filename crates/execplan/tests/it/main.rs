//! The library's integration tests, one test binary (as ripgrep's
//! `tests/integration/`): one module per subject, linked once instead of once
//! per file. Run one module with `cargo test -p execplan --test it <module>::`.
//!
//! Proptest keeps the regressions of a module `x` in
//! `tests/proptest-regressions/x.txt`: its default `SourceParallel` persistence
//! walks up from the source file to the first folder holding a `main.rs` (this
//! one) and uses the sibling folder `proptest-regressions`.

mod corpus;
mod digest_cache;
mod edit_props;
mod history_bloom;
mod history_cache;
mod history_extend;
mod history_walk;
mod props;
mod reads;
mod repo_files;
mod scan_props;
