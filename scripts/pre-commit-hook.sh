#!/bin/sh
# Entry point for the pre-commit framework (.pre-commit-hooks.yaml, `language: script`).
#
# pre-commit clones this repository at the `rev` a user pins and runs this
# script from the user's repository. The first run builds `cargo-plans` with
# `cargo install --locked` (our Cargo.lock, not whatever resolves that day)
# into pre-commit's cache, keyed by the commit, so later runs (and
# `try-repo`, which clones afresh each time) reuse it and `pre-commit clean`
# removes it. `language: rust` cannot do this:
# it runs `cargo install` at the root, a virtual workspace, and without
# `--locked`. EXECPLAN_CARGO_INSTALL_ARGS adds arguments to that one build
# (CI passes `--debug` to reuse its test build).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
# git hands hooks GIT_DIR and GIT_INDEX_FILE for the user's repository; this
# question is about pre-commit's clone.
rev=$(env -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE git -C "$here" rev-parse HEAD 2>/dev/null || echo unversioned)
root="${PRE_COMMIT_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/pre-commit}/execplan-$rev"
bin="$root/bin/cargo-plans"
if [ ! -x "$bin" ]; then
  echo "execplan: building cargo-plans for pre-commit, once per pinned rev (cargo install --locked)..." >&2
  # shellcheck disable=SC2086 # the extra arguments are words on purpose
  if ! cargo install --locked --quiet --path "$here/crates/execplan-cli" --root "$root" \
    ${EXECPLAN_CARGO_INSTALL_ARGS:-} >&2; then
    echo "execplan: building cargo-plans failed (see above); needs Rust $(sed -n 's/^rust-version = "\(.*\)"/\1/p' "$here/Cargo.toml") or newer; bypass once with \`git commit --no-verify\`" >&2
    exit 2
  fi
fi
exec "$bin" "$@"
