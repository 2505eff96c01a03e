#!/usr/bin/env bash
# Run action.yml's steps as GitHub's runner would, on scratch repositories:
# each `run:` block in order, under bash, with `${{ github.action_path }}` and
# `${{ inputs.* }}` filled in. No runner is reachable from here; this checks
# that the steps themselves install the binary and fail on a broken plan.
#
#   scripts/try-action.sh                  # installs in release, as the action does
#   EXECPLAN_CARGO_INSTALL_ARGS=--debug CARGO_TARGET_DIR=$PWD/target scripts/try-action.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=Ada GIT_AUTHOR_EMAIL=ada@example.com GIT_COMMITTER_NAME=Ada GIT_COMMITTER_EMAIL=ada@example.com
# `cargo install` goes to $CARGO_INSTALL_ROOT; put that first on PATH, as
# ~/.cargo/bin is on a runner.
export CARGO_INSTALL_ROOT="$work/install" PATH="$work/install/bin:$PATH"

# The steps, extracted with PyYAML: the system's, or one from the package
# registry in a venv.
python=${PYTHON:-python3}
if ! "$python" -c 'import yaml' 2>/dev/null; then
  "$python" -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check pyyaml
  python="$work/venv/bin/python"
fi
steps="$work/steps"
mkdir -p "$steps"
"$python" - "$repo/action.yml" "$steps" <<'PY'
import sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
assert action["runs"]["using"] == "composite", "a composite action"
for i, step in enumerate(action["runs"]["steps"]):
    assert step.get("shell") == "bash", step
    with open(f"{sys.argv[2]}/{i:02d}.sh", "w") as f:
        for k, v in (step.get("env") or {}).items():
            f.write(f'export {k}="{v}"\n')
        f.write(f"cd {step.get('working-directory', '.')!s}\n")
        f.write(step["run"])
PY

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

plan() { # $1 = second Progress item
  printf '# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n- [x] (2025-10-01 10:00Z) a\n%s\n\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nGoing well.\n' "$1"
}
scratch() { # $1 = folder, $2 = second Progress item
  git init -q -b main "$1"
  mkdir "$1/.agents"
  plan "$2" > "$1/.agents/p.md"
  git -C "$1" add -A
  GIT_AUTHOR_DATE=2025-10-01T10:00:00Z GIT_COMMITTER_DATE=2025-10-01T10:00:00Z git -C "$1" commit -qm create
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
