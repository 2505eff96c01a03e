#!/usr/bin/env bash
# Run the workflow that `plans init --ci github --install-from <URL>` writes,
# as GitHub's runner would: the install source is a local clone of this
# repository (its committed HEAD, as a URL names commits), the checkout a full
# clone of a scratch repository, and each `run:` step runs in order under
# `bash -e`, exactly as written. Fails when the steps fail on a clean plan or
# pass on a broken one.
#
#   scripts/try-init-ci.sh                 # installs in release, as the workflow does
#   EXECPLAN_CARGO_INSTALL_ARGS=--debug CARGO_TARGET_DIR=$PWD/target scripts/try-init-ci.sh
#                                          # faster (CI): the one change to a step
set -euo pipefail
# shellcheck source=scripts/try-common.sh
source "$(dirname "$0")/try-common.sh"

git clone -q "$repo" "$work/execplan"
# The binary that writes the workflow: this checkout's.
cargo build --quiet --manifest-path "$repo/Cargo.toml" -p execplan-cli --bin cargo-plans
writer="${CARGO_TARGET_DIR:-$repo/target}/debug/cargo-plans"

scratch "$work/project" '- [ ] b'
(cd "$work/project" && "$writer" init --ci github --install-from "file://$work/execplan" && git add -A && git commit -qm "set up ExecPlans")
workflow="$work/project/.github/workflows/execplan.yml"
cat "$workflow"
! grep -n 'example\.invalid\|--git  \|<' "$workflow" || { echo "FAILED: a placeholder in the workflow" >&2; exit 1; }
extract_steps "$workflow" "$work/steps"

run_workflow() { # $1 = the project, cloned with its history as the checkout step does
  rm -rf "$work/checkout"
  git clone -q "$1" "$work/checkout"
  for s in "$work/steps"/*.sh; do
    sed -e "s|^\( *cargo install \)|\1${EXECPLAN_CARGO_INSTALL_ARGS:-} |" "$s" > "$s.run"
    (cd "$work/checkout" && bash -e "$s.run") || return $?
  done
}

out=$(run_workflow "$work/project" 2>&1) || { echo "$out"; echo "FAILED: the workflow failed on a clean repository" >&2; exit 1; }
printf '%s\n' "$out" | tail -1
command -v cargo-plans | grep -q "^$work/install/bin/" || { echo "FAILED: the install step installed nothing" >&2; exit 1; }

# Tick the open item without a time: the check step must fail with an annotation.
sed -i 's/^- \[ \] b$/- [x] b/' "$work/project/.agents/p.md"
git -C "$work/project" commit -qam "tick b"
status=0
out=$(run_workflow "$work/project" 2>&1) || status=$?
printf '%s\n(exit %s)\n' "$out" "$status"
[ "$status" = 1 ] || { echo "FAILED: expected exit 1 on a broken plan" >&2; exit 1; }
grep -q '^::error file=.agents/p.md,line=' <<<"$out" || { echo "FAILED: no annotation" >&2; exit 1; }
echo "plans init --ci github: the workflow ran as written; all expectations held"
