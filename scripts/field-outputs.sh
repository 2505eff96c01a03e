#!/usr/bin/env bash
# Record what every read verb prints on a real repository, so that two builds
# can be compared byte for byte (a refactor must not change any output):
#
#   scripts/field-outputs.sh BIN REPO PLANS_DIR OUT_DIR
#   diff -r OUT_BEFORE OUT_AFTER
#
# BIN is a `cargo-plans` binary, REPO a clone with history, PLANS_DIR its plans
# folder. Nothing in REPO changes: an untracked execplan.toml naming PLANS_DIR is
# written for the run when the repository has none (and listed in
# .git/info/exclude), then removed. The clock is fixed and the caches are off,
# so two runs of one build print the same bytes.
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 BIN REPO PLANS_DIR OUT_DIR" >&2; exit 2; }
bin=$(realpath "$1"); repo=$(realpath "$2"); dir=$3; out=$4
mkdir -p "$out"; out=$(realpath "$out")
export EXECPLAN_NOW=2026-12-01T00:00:00Z EXECPLAN_NO_CACHE=1 NO_COLOR=1
wrote_config=
if [ ! -e "$repo/execplan.toml" ]; then
  printf 'plans = ["%s"]\n' "$dir" >"$repo/execplan.toml"
  grep -qx 'execplan.toml' "$repo/.git/info/exclude" 2>/dev/null \
    || echo execplan.toml >>"$repo/.git/info/exclude"
  wrote_config=1
fi
cleanup() { [ -z "$wrote_config" ] || rm -f "$repo/execplan.toml"; }
trap cleanup EXIT

# One output file per command: stdout, then stderr, then the exit code.
run() {
  local name=$1; shift
  (cd "$repo" && "$bin" plans --color never "$@") >"$out/$name.out" 2>"$out/$name.err" \
    && echo 0 >"$out/$name.code" || echo $? >"$out/$name.code"
}

run check-human check
run check-json check --format json
run check-github check --format github
run check-sarif check --format sarif
run check-static check --no-history --format json
run list-human list
run list-json list --format json
run timeline-json timeline --format json
run timeline-human timeline
run fill-dry-run fill --dry-run
run fill-check fill --check
run rules-json rules --format json
run report-json report --format json --from HEAD~40 --to HEAD
run report-md report --format markdown --from HEAD~40 --to HEAD

# Per plan: the first, the middle and the last plan in path order.
mapfile -t plans < <(cd "$repo" && git ls-files -- "$dir" | grep '\.md$' | sort)
n=${#plans[@]}
if [ "$n" -gt 0 ]; then
  for i in 0 $((n / 2)) $((n - 1)); do
    p=${plans[$i]}
    tag=$(basename "$p" .md)
    run "evidence-$tag" evidence "$p" --format json
    run "evidence-human-$tag" evidence "$p"
    run "log-$tag" log "$p" --format json
    run "log-p-$tag" log -p "$p"
    first=$(cd "$repo" && git log --follow --format=%h -- "$p" | tail -1)
    run "diff-$tag" diff "$p" "$first" HEAD --format json
    run "diff-md-$tag" diff "$p" "$first" HEAD --format markdown
  done
fi
echo "$n plans; $(ls "$out" | wc -l) files in $out"
