#!/usr/bin/env bash
# Run every fuzz target for SECONDS each (default 600), one after another.
# Needs cargo-fuzz (`cargo install --locked cargo-fuzz`). libFuzzer wants a nightly
# compiler; on a stable toolchain RUSTC_BOOTSTRAP=1 unlocks the flags it uses.
# Findings land in fuzz/artifacts/<target>/; copy a fixed one into
# fuzz/seeds/<target>/ so `cargo test` replays it forever.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
export RUSTC_BOOTSTRAP=1
for target in ${TARGETS:-parse_check fill_twice item_matcher scan_agrees mcp_lines}; do
  mkdir -p "fuzz/corpus/$target"
  echo "==> $target for ${seconds}s"
  cargo fuzz run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 2>&1 | tail -25
done
