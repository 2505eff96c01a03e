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

run_action() { # $1 = repository, $2 = args input, $3 = pull request base (or empty); prints the output, returns the exit
  local dir=$1 args=$2 base=${3:-} status=0
  : > "$work/output"
  : > "$work/summary"
  for s in "$steps"/*.sh; do
    sed -e "s|\${{ github.action_path }}|$repo|g" \
        -e "s|\${{ inputs.working-directory }}|$dir|g" \
        -e "s|\${{ inputs.args }}|$args|g" \
        -e "s|\${{ inputs.summary }}|true|g" \
        -e "s|\${{ github.event.pull_request.base.sha }}|$base|g" "$s" > "$s.run"
    (cd "$dir" && GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" RUNNER_TEMP="$work" bash -e "$s.run") || { status=$?; break; }
  done
  return $status
}
fail() { echo "FAILED: $*" >&2; exit 1; }

scratch "$work/good" '- [ ] b'
scratch "$work/bad" '- [x] b'

out=$(run_action "$work/good" "" 2>&1) || { echo "$out"; fail "the action failed on a clean repository"; }
printf '%s\n' "$out" | tail -1
grep -qx 'errors=0' "$work/output" && grep -qx 'plans=1' "$work/output" && grep -q '^warnings=' "$work/output" \
  || { cat "$work/output"; fail "outputs errors, warnings, plans"; }
grep -q '^## ExecPlans' "$work/summary" && grep -q '^| `.agents/p.md` | Retry budget | 1/2 |' "$work/summary" \
  || { cat "$work/summary"; fail "no job summary table"; }

status=0
out=$(run_action "$work/bad" "--no-history" 2>&1) || status=$?
printf '%s\n(exit %s)\n' "$out" "$status"
[ "$status" = 1 ] || fail "expected exit 1 on a broken plan"
grep -q '^::error file=.agents/p.md,line=' <<<"$out" || fail "no annotation"
grep -qx 'errors=1' "$work/output" || { cat "$work/output"; fail "errors=1 in the outputs"; }
grep -q '| error EP007 unstamped-checked-item | `.agents/p.md:19` |' "$work/summary" || { cat "$work/summary"; fail "the finding in the summary"; }

# A pull request that ticks b: the summary says what changed in the plan.
base=$(git -C "$work/good" rev-parse HEAD)
sed -i 's/^- \[ \] b$/- [x] (2025-10-02 10:00Z) b/; s/^- \*\*Last Updated:\*\* 2025-10-01$/- **Last Updated:** 2025-10-02/' "$work/good/.agents/p.md"
GIT_AUTHOR_DATE=2025-10-02T10:00:00Z GIT_COMMITTER_DATE=2025-10-02T10:00:00Z git -C "$work/good" commit -qam "b done"
out=$(run_action "$work/good" "" "$base" 2>&1) || { echo "$out"; cat "$work/summary"; fail "the action failed on the pull request"; }
grep -q '^### .agents/p.md: ' "$work/summary" && grep -q '^- ticked: b' "$work/summary" \
  || { cat "$work/summary"; fail "no plan diff in the pull request's summary"; }
cat "$work/summary"
echo "action.yml steps: all expectations held"
