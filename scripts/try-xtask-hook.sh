#!/usr/bin/env bash
# The mounted-xtask install path end to end, with the real cargo: a scratch
# repository whose `xtask` alias runs this workspace's xtask (as a workspace
# that mounts execplan-cli would), `cargo xtask plans hook install`, commits
# through the hook, then the xtask cleaned away
# (`cargo clean -p xtask`) and one more commit, which cargo rebuilds for.
# Exits non-zero when any expectation fails. Uses this checkout's build
# folder: only the xtask crate is cleaned and rebuilt.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$repo/target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=Ada GIT_AUTHOR_EMAIL=ada@example.com GIT_COMMITTER_NAME=Ada GIT_COMMITTER_EMAIL=ada@example.com

scratch="$work/scratch"
git init -q -b main "$scratch"
cd "$scratch"
mkdir -p .cargo .agents
printf '[alias]\nxtask = "run --quiet --manifest-path %s/xtask/Cargo.toml --"\n' "$repo" > .cargo/config.toml
printf '# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Progress\n- [ ] a\n\n## Outcomes & Retrospective\nGoing.\n' > .agents/p.md
git add -A
GIT_AUTHOR_DATE=2025-10-01T10:00:00Z GIT_COMMITTER_DATE=2025-10-01T10:00:00Z git commit -qm create

cargo xtask plans hook install
grep -qx 'cargo xtask plans hook run' .git/hooks/pre-commit || { echo "FAILED: hook does not run cargo xtask" >&2; exit 1; }

echo hello > notes.txt && git add notes.txt
git commit -qm notes && echo "commit without a plan: passed"

sed -i 's/- \[ \] a/- [x] a/' .agents/p.md
if git commit -qam tick 2> "$work/err"; then echo "FAILED: a broken plan was committed" >&2; exit 1; fi
grep -q 'error\[EP007\]' "$work/err" && tail -1 "$work/err"
git checkout -q -- .agents/p.md

cargo clean --quiet --manifest-path "$repo/Cargo.toml" -p xtask
[ ! -e "$target/debug/xtask" ] || { echo "FAILED: cargo clean left the xtask binary" >&2; exit 1; }
echo again > notes.txt
git commit -qam "after clean" && echo "commit after cargo clean -p xtask: passed (cargo rebuilt the xtask)"
[ -x "$target/debug/xtask" ] || { echo "FAILED: xtask was not rebuilt" >&2; exit 1; }
echo "mounted xtask hook: all expectations held"
