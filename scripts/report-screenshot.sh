#!/usr/bin/env bash
# Render `plans report --format html` of a repository (default: this one) and
# take a screenshot of it with headless Chromium, to check by eye that the
# self-contained HTML renders its charts. Installs Chromium when missing
# (Debian: apt-get, needs root). Not part of CI.
#
# usage: scripts/report-screenshot.sh [REPO] [OUT.png]
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
repo="${1:-$here}"
png="${2:-$here/target/report-screenshot/out.png}"
work="$(dirname "$png")"
mkdir -p "$work"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    echo "installing chromium (apt-get)…" >&2
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
    browser="$(command -v chromium)"
fi

cargo build -q -p execplan-cli --manifest-path "$here/Cargo.toml"
"$here/target/debug/cargo-plans" -C "$repo" report --format html --out "$work/report.html"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$profile" --screenshot="$png" --window-size=1200,1600 \
    "file://$work/report.html" 2>"$work/chromium.log" || {
    cat "$work/chromium.log" >&2
    exit 1
}
echo "screenshot: $png"
