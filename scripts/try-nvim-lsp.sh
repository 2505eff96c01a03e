#!/usr/bin/env bash
# `plans lsp` with a real editor: Neovim (`nvim --headless`, 0.7 or later, as
# Debian ships it) opens a plan in a scratch repository, waits for the
# server's diagnostics, applies a code action and writes the buffer; the file
# must then be exactly what the command-line verb writes on a copy.
#
#   scripts/try-nvim-lsp.sh [path/to/cargo-plans]   # default: target/debug/cargo-plans
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$repo/target/debug/cargo-plans}")
command -v nvim >/dev/null || { echo "nvim is not installed (apt-get install neovim)" >&2; exit 1; }
[ -x "$bin" ] || { echo "no binary at $bin (cargo build -p execplan-cli)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1 EXECPLAN_NOW=2025-10-10T12:00:00Z
export GIT_AUTHOR_NAME=Ada GIT_AUTHOR_EMAIL=ada@example.com GIT_COMMITTER_NAME=Ada GIT_COMMITTER_EMAIL=ada@example.com
fail() { echo "FAILED: $*" >&2; exit 1; }

plan() { # $1 = the second Progress item
  printf '# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-02\n\n## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n- [x] (2025-10-01 10:00Z) a\n%s\n- [ ] c\n\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nGoing well.\n' "$1"
}
commit() { GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 git -C "$work/r" commit -qam "$2"; }

# A plan created on 10-01 whose item `b` was ticked without a stamp on 10-02.
git init -q -b main "$work/r"
mkdir "$work/r/.agents"
plan '- [ ] b' | sed 's/Last Updated:\*\* 2025-10-02/Last Updated:** 2025-10-01/' > "$work/r/.agents/p.md"
git -C "$work/r" add -A
commit 2025-10-01T10:00:00Z create
plan '- [x] b' > "$work/r/.agents/p.md"
commit 2025-10-02T09:30:00Z tick

run_nvim() { # $1 = the repository, $2 = the action's title prefix, $3 = the text of its line (default: the EP007 line)
  (cd "$1" && PLANS_BIN="$bin" PLANS_ACTION="$2" PLANS_LINE="${3:-}" timeout 120 nvim --headless -n -u NONE -i NONE \
    -c "luafile $repo/scripts/nvim-lsp.lua" .agents/p.md) 2>&1
}
for d in fill tick nvim-tick; do cp -r "$work/r" "$work/$d"; done
"$bin" -C "$work/fill" fill > /dev/null
"$bin" -C "$work/tick" tick p c > /dev/null

# Stamp `b` from history: what `plans fill` writes.
out=$(run_nvim "$work/r" "Stamp") || { echo "$out"; fail "nvim: stamp"; }
echo "$out"
grep -qx -- '- \[x\] (2025-10-02 09:30Z) b' "$work/r/.agents/p.md" || { cat "$work/r/.agents/p.md"; fail "b is not stamped"; }
cmp "$work/r/.agents/p.md" "$work/fill/.agents/p.md" || { diff "$work/fill/.agents/p.md" "$work/r/.agents/p.md"; fail "the stamp differs from plans fill"; }

# Tick `c` now: what `plans tick` writes.
out=$(run_nvim "$work/nvim-tick" "Tick" "- [ ] c") || { echo "$out"; fail "nvim: tick"; }
echo "$out"
grep -qx -- '- \[x\] (2025-10-10 12:00Z) c' "$work/nvim-tick/.agents/p.md" || { cat "$work/nvim-tick/.agents/p.md"; fail "c is not ticked"; }
cmp "$work/nvim-tick/.agents/p.md" "$work/tick/.agents/p.md" || { diff "$work/tick/.agents/p.md" "$work/nvim-tick/.agents/p.md"; fail "the tick differs from plans tick"; }
echo "plans lsp in Neovim $(nvim --version | head -1 | cut -d' ' -f2): the stamp is what plans fill writes, the tick what plans tick writes"
