#!/usr/bin/env bash
# Try this repository as a pre-commit framework hook repository, as a user
# would from a clone: pre-commit from the package registry in a fresh venv,
# then `pre-commit try-repo` for the staged id and the whole-tree id on a
# scratch repository. Tries the committed HEAD. Exits non-zero when any
# expectation fails.
#
#   scripts/try-pre-commit.sh            # the hook builds cargo-plans in release, as users get it
#   EXECPLAN_CARGO_INSTALL_ARGS=--debug CARGO_TARGET_DIR=$PWD/target scripts/try-pre-commit.sh
#                                        # faster: a debug build reusing this checkout's build folder (CI)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=Ada GIT_AUTHOR_EMAIL=ada@example.com GIT_COMMITTER_NAME=Ada GIT_COMMITTER_EMAIL=ada@example.com

# try-repo on a working copy with uncommitted changes makes a new shadow
# commit per call (so a new build each time); a clone of HEAD is what users
# pin anyway.
git clone -q "$repo" "$work/hooks-repo"
repo="$work/hooks-repo"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
pc="$work/venv/bin/pre-commit"
"$pc" --version

plan() { # $1 = Last Updated, $2 = second Progress item
  printf '# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** %s\n\n## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n- [x] (2025-10-01 10:00Z) a\n%s\n\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nGoing well.\n' "$1" "$2"
}
scratch="$work/scratch"
git init -q -b main "$scratch"
cd "$scratch"
mkdir .agents
plan 2025-10-01 '- [ ] b' > .agents/good.md
git add -A
GIT_AUTHOR_DATE=2025-10-01T10:00:00Z GIT_COMMITTER_DATE=2025-10-01T10:00:00Z git commit -qm create

expect() { # $1 = wanted exit (0 or non-zero "fail"), $2 = text the output must hold, rest = command
  local want=$1 needle=$2 out status=0
  shift 2
  out=$("$@" 2>&1) || status=$?
  printf '$ %s\n%s\n(exit %s)\n\n' "${*#"$pc" }" "$out" "$status"
  if { [ "$want" = 0 ] && [ "$status" != 0 ]; } || { [ "$want" = fail ] && [ "$status" = 0 ]; }; then
    echo "FAILED: expected exit $want" >&2
    exit 1
  fi
  if [ -n "$needle" ] && ! grep -qF -- "$needle" <<<"$out"; then
    echo "FAILED: output lacks '$needle'" >&2
    exit 1
  fi
}

# Commits: only what is staged is judged. A clean tree passes (and builds the hook once).
expect 0 "Passed" "$pc" try-repo "$repo" execplan-check-all --all-files
# A plan committed broken (bypassing hooks) is invisible to the staged id …
plan 2025-10-01 '- [x] b' > .agents/broken.md
git add -A
GIT_AUTHOR_DATE=2025-10-02T10:00:00Z GIT_COMMITTER_DATE=2025-10-02T10:00:00Z git commit -qm broken --no-verify
expect 0 "" "$pc" try-repo "$repo" execplan-check --all-files
# … and caught by the whole-tree id, as CI runs it.
expect fail "EP007" "$pc" try-repo "$repo" execplan-check-all --all-files
# Staged: a broken edit blocks.
plan 2025-10-01 '- [x] b' > .agents/good.md
git add .agents/good.md
expect fail "EP007" "$pc" try-repo "$repo" execplan-check
echo "pre-commit try-repo: all expectations held"
