#!/usr/bin/env bash
# Renders the HTML report of the shipped data (inventories/, policies/) in
# headless Chromium, once per language, so that a person can look at the
# screenshots, and prints it to PDF, checking that it stays short:
# target/html-check/report-LANG.html, .png and .pdf.
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

# The shipped province printed on 14 A4 pages before the print stylesheet
# (issue 12, item 8), on 5 with it.
max_pages=8

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
        --enable-logging=stderr --v=0 \
        "file://$html" >"$out_dir/chromium-$lang.log" 2>&1; then
        rm -rf "$profile"
        echo "render-html: chromium failed for $lang, see $out_dir/chromium-$lang.log" >&2
        exit 1
    fi
    # The page's Content-Security-Policy (no script, nothing fetched) must
    # refuse nothing the page itself needs: Chromium logs each refusal.
    if grep -q "Content Security Policy" "$out_dir/chromium-$lang.log"; then
        rm -rf "$profile"
        echo "render-html: the $lang report breaks its own Content-Security-Policy:" >&2
        grep "Content Security Policy" "$out_dir/chromium-$lang.log" >&2
        exit 1
    fi
    if [[ ! -s $png ]]; then
        rm -rf "$profile"
        echo "render-html: chromium wrote no screenshot for $lang" >&2
        exit 1
    fi
    # Printed (the page's print stylesheet): the header and targets on the
    # first page, the rest short. The page count is the largest /Count of
    # the PDF's page tree (its root's).
    pdf=$out_dir/report-$lang.pdf
    rm -f "$pdf"
    if ! "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --no-pdf-header-footer --print-to-pdf="$pdf" \
        "file://$html" >>"$out_dir/chromium-$lang.log" 2>&1 || [[ ! -s $pdf ]]; then
        rm -rf "$profile"
        echo "render-html: chromium printed no PDF for $lang, see $out_dir/chromium-$lang.log" >&2
        exit 1
    fi
    rm -rf "$profile"
    pages=$(grep -a -o '/Count [0-9]*' "$pdf" | awk '{ if ($2 > n) n = $2 } END { print n + 0 }')
    if [[ $pages -lt 1 || $pages -gt $max_pages ]]; then
        echo "render-html: the $lang report prints on $pages pages (at most $max_pages expected)" >&2
        exit 1
    fi
    echo "$png"
    echo "$pdf ($pages A4 pages)"
done
