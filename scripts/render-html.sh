#!/usr/bin/env bash
# Renders the HTML report of the shipped data (inventories/, policies/) in
# headless Chromium, once per language, so that a person can look at the
# screenshots: target/html-check/report-LANG.html and .png.
#
# Usage: scripts/render-html.sh [LANG...]      (default: en vi)
# The binary is $CLOUDCENSUS, else the newer of target/release/cloudcensus
# and target/debug/cloudcensus (an old release build may predate --format
# html). Installs Debian's chromium when /usr/bin/chromium is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

binary=${CLOUDCENSUS:-}
if [[ -z $binary ]]; then
    for candidate in target/release/cloudcensus target/debug/cloudcensus; do
        if [[ -x $candidate && ( -z $binary || $candidate -nt $binary ) ]]; then
            binary=$candidate
        fi
    done
fi
if [[ -z $binary || ! -x $binary ]]; then
    echo "render-html: no cloudcensus binary; run cargo build or set CLOUDCENSUS" >&2
    exit 2
fi

chromium=/usr/bin/chromium
if [[ ! -x $chromium ]]; then
    apt-get install -y chromium >&2
fi

out_dir=$root/target/html-check
mkdir -p "$out_dir"

langs=("$@")
if [[ ${#langs[@]} -eq 0 ]]; then
    langs=(en vi)
fi

for lang in "${langs[@]}"; do
    html=$out_dir/report-$lang.html
    png=$out_dir/report-$lang.png
    rm -f "$png"
    # Exit codes 0-2 mean the scan ran (2: targets or rules failing); the
    # report is written either way.
    status=0
    "$binary" scan inventories --policies policies --offline --no-history --as-of 2026-11-25 \
        --format html --lang "$lang" >"$html" || status=$?
    if [[ $status -gt 2 || ! -s $html ]]; then
        echo "render-html: cloudcensus failed for $lang (exit $status)" >&2
        exit 1
    fi
    profile=$(mktemp -d)
    if ! "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --screenshot="$png" --window-size=1280,4000 \
        "file://$html" >"$out_dir/chromium-$lang.log" 2>&1; then
        rm -rf "$profile"
        echo "render-html: chromium failed for $lang, see $out_dir/chromium-$lang.log" >&2
        exit 1
    fi
    rm -rf "$profile"
    if [[ ! -s $png ]]; then
        echo "render-html: chromium wrote no screenshot for $lang" >&2
        exit 1
    fi
    echo "$png"
done
