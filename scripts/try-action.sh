#!/usr/bin/env bash
# Run action.yml's steps as GitHub's runner would, on scratch repositories:
# each `run:` block in order, under bash, with `${{ github.action_path }}` and
# `${{ inputs.* }}` filled in. No runner is reachable from here; this checks
# that the steps themselves install the binary and fail on a broken plan.
#
#   scripts/try-action.sh                  # installs in release, as the action does
#   EXECPLAN_CARGO_INSTALL_ARGS=--debug CARGO_TARGET_DIR=$PWD/target scripts/try-action.sh
set -euo pipefail
# shellcheck source=scripts/try-common.sh
source "$(dirname "$0")/try-common.sh"
steps="$work/steps"
extract_steps "$repo/action.yml" "$steps"

run_action() { # $1 = repository to check, $2 = args input; prints the output, returns the exit
  local dir=$1 args=$2 status=0
  for s in "$steps"/*.sh; do
    sed -e "s|\${{ github.action_path }}|$repo|g" \
        -e "s|\${{ inputs.working-directory }}|$dir|g" \
        -e "s|\${{ inputs.args }}|$args|g" "$s" > "$s.run"
    (cd "$dir" && bash -e "$s.run") || { status=$?; break; }
  done
  return $status
}

scratch "$work/good" '- [ ] b'
scratch "$work/bad" '- [x] b'

out=$(run_action "$work/good" "" 2>&1) || { echo "$out"; echo "FAILED: the action failed on a clean repository" >&2; exit 1; }
printf '%s\n' "$out" | tail -1
status=0
out=$(run_action "$work/bad" "--no-history" 2>&1) || status=$?
printf '%s\n(exit %s)\n' "$out" "$status"
[ "$status" = 1 ] || { echo "FAILED: expected exit 1 on a broken plan" >&2; exit 1; }
grep -q '^::error file=.agents/p.md,line=' <<<"$out" || { echo "FAILED: no annotation" >&2; exit 1; }
echo "action.yml steps: all expectations held"
