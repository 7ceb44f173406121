#!/usr/bin/env bash
# The long fuzz campaign (FUZZING.md): runs libFuzzer on one target, or on
# every target in turn, and appends what it reached to fuzz/campaign.tsv.
#
#   scripts/fuzz-campaign.sh TARGET SECONDS     one target
#   scripts/fuzz-campaign.sh all SECONDS        every target, SECONDS each
#   scripts/fuzz-campaign.sh minimise TARGET    the campaign's corpus merged
#                                               into fuzz/corpus/TARGET, minimised
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# One job at a time, at the lowest priority: it takes one core. The
# growing corpus is kept in fuzz/campaign/TARGET (not committed); a crash,
# hang (-timeout) or memory blow-up (-rss_limit_mb, -malloc_limit_mb) is
# saved in fuzz/artifacts/TARGET/ and ends the run with a non-zero status.
# CARGO_TARGET_DIR, when set, is where the instrumented build goes.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

targets() { sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^cloudcensus-fuzz$'; }
target_dir=()
if [[ -n "${CARGO_TARGET_DIR:-}" ]]; then target_dir=(--target-dir "$CARGO_TARGET_DIR"); fi

run_one() {
    local target=$1 seconds=$2
    mkdir -p "campaign/$target" "artifacts/$target" logs
    local log dict=()
    log="logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"
    if [[ -f "dict/$target.dict" ]]; then dict=(-dict="dict/$target.dict"); fi
    local status=0
    nice -n 19 cargo +nightly fuzz run "${target_dir[@]}" "$target" \
        "campaign/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
        -print_final_stats=1 "${dict[@]}" >"$log" 2>&1 || status=$?
    # The last progress line: "#EXECS ... cov: N ft: N corp: N/SIZE ...".
    local last execs cov ft corp
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || true)
    cov=$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*$' || true)
    ft=$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*$' || true)
    corp=$(grep -o 'corp: [0-9]*' <<<"$last" | grep -o '[0-9]*$' || true)
    local found=none
    if [[ $status -ne 0 ]]; then
        found=$(grep -oE 'ERROR: libFuzzer: [a-z-]+|ERROR: AddressSanitizer: [a-z-]+|panicked at [^ ]+' "$log" | head -1 || true)
        found=${found:-"exit $status"}
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$target" \
        "$seconds" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$found" >>campaign.tsv
    tail -1 campaign.tsv
    return "$status"
}

case "${1:-}" in
all)
    status=0
    for target in $(targets); do run_one "$target" "${2:?SECONDS}" || status=$?; done
    exit "$status"
    ;;
minimise)
    target=${2:?TARGET}
    merged=$(mktemp -d)
    nice -n 19 cargo +nightly fuzz run "${target_dir[@]}" "$target" "$merged" \
        "corpus/$target" "campaign/$target" -- -merge=1 -timeout=10
    rm -rf "corpus/$target" && mv "$merged" "corpus/$target"
    du -sh "corpus/$target"
    ;;
"" | -h | --help)
    sed -n '2,17p' "$0"
    ;;
*)
    targets | grep -qx "$1" || { echo "no target $1; the targets: $(targets | xargs)" >&2; exit 2; }
    run_one "$1" "${2:?SECONDS}"
    ;;
esac
