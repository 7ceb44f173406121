#!/usr/bin/env bash
# The national view (BENCHMARKS.md, "The national view"): ORGS
# organisations of SYSTEMS systems each (gen_inventory, the offline
# benchmark's generator, a seed per organisation so their figures
# differ) scan NIGHTS nights each into one SQLite history, then
# `national` and `trend --national` are timed over it (wall time and
# peak RSS, /usr/bin/time). With PG=1 the same runs go to a throwaway
# PostgreSQL server too (benches/pg.sh) and the same commands are timed
# there. With BASELINE=OTHER_BINARY each command is timed ROUNDS times
# (default 3) alternating that binary and this one, over the same
# stores, to compare two builds.
#
#   cargo build --release --bin cloudcensus --example gen_inventory
#   benches/national.sh [ORGS] [SYSTEMS] [NIGHTS]
set -euo pipefail
cd "$(dirname "$0")/.."
orgs=${1:-34}
systems=${2:-3000}
nights=${3:-1}
bin=${CLOUDCENSUS:-target/release/cloudcensus}
gen=${GEN_INVENTORY:-target/release/examples/gen_inventory}
work=$(mktemp -d /tmp/cloudcensus-national-bench.XXXXXX)
source benches/pg.sh
trap 'pg_stop; rm -rf "$work"' EXIT

histories=("$work/history.sqlite")
if [[ ${PG:-0} == 1 ]]; then
    pg_start
    histories+=("$pg_url")
fi

for i in $(seq 1 "$orgs"); do
    "$gen" --agencies 30 --systems "$systems" --seed "$i" "$work/org-$i" >/dev/null
done
for n in $(seq 1 "$nights"); do
    day=2026-11-$(printf %02d $((25 - nights + n)))
    for i in $(seq 1 "$orgs"); do
        for history in "${histories[@]}"; do
            "$bin" scan --offline "$work/org-$i" --policies policies --as-of "$day" \
                --org "org-$i" --org-kind province --history "$history" \
                --format summary >/dev/null || [[ $? == 1 ]]
        done
    done
done

timed() { # BINARY LABEL ARGS...
    local binary=$1 label=$2
    shift 2
    /usr/bin/time -f "%e %M" -o "$work/time" "$binary" "$@" >"$work/out"
    read -r wall kib <"$work/time"
    awk -v l="$label" -v w="$wall" -v k="$kib" \
        'BEGIN { printf "%-44s %6.2f s  %5d MiB\n", l, w, k / 1024 }'
}
# Each command by this binary, or alternately by the baseline and it.
compare() { # LABEL ARGS...
    local label=$1
    shift
    if [[ -z ${BASELINE:-} ]]; then
        timed "$bin" "$label" "$@"
        return
    fi
    for _ in $(seq 1 "${ROUNDS:-3}"); do
        timed "$BASELINE" "$label (baseline)" "$@"
        timed "$bin" "$label" "$@"
    done
}
for history in "${histories[@]}"; do
    store=sqlite
    [[ $history == postgres* ]] && store=postgres
    for format in table json; do
        compare "$store national --format $format" national --history "$history" \
            --as-of 2026-11-25 --format "$format"
    done
    compare "$store trend --national" trend --national --history "$history"
done
"$bin" national --history "${histories[0]}" --as-of 2026-11-25 --format summary | head -3
