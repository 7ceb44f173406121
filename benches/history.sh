#!/usr/bin/env bash
# Writing a 100,000-system run to the history: SQLite against PostgreSQL
# (BENCHMARKS.md, "The shared history"). Alternates the stores night by
# night, each a fresh store, and prints wall time and peak RSS per night
# and what each store grew by. Starts its own PostgreSQL server
# (benches/pg.sh: Debian's, default settings, fsync on) and stops it at
# the end.
#
#   cargo build --release --bin cloudcensus --example gen_inventory
#   benches/history.sh [NIGHTS] [SYSTEMS]
set -euo pipefail
cd "$(dirname "$0")/.."
nights=${1:-3}
systems=${2:-100000}
bin=${CLOUDCENSUS:-target/release/cloudcensus}
gen=${GEN_INVENTORY:-target/release/examples/gen_inventory}
work=$(mktemp -d /tmp/cloudcensus-history-bench.XXXXXX)
source benches/pg.sh
trap 'pg_stop; rm -rf "$work"' EXIT

"$gen" --agencies 1000 --systems "$systems" "$work/inventory" >/dev/null
pg_start
psql() { "$pg/psql" -qAt -h 127.0.0.1 -p "$port" -U cloudcensus "$@"; }
url=$pg_url
pg_size() {
    psql -d bench -c "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm')"
}

night() { # STORE NIGHT
    local history=$work/history.sqlite
    [[ $1 == postgres ]] && history=$url
    local before after
    if [[ $1 == postgres ]]; then before=$(pg_size); else before=$(sqlite_size); fi
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" scan --offline "$work/inventory" \
        --policies policies --as-of "2026-11-$(printf %02d "$2")" --history "$history" \
        --format summary >/dev/null || [[ $? == 1 ]]
    if [[ $1 == postgres ]]; then after=$(pg_size); else after=$(sqlite_size); fi
    read -r wall kib < <(tail -1 "$work/time")
    awk -v s="$1" -v n="$2" -v w="$wall" -v k="$kib" -v d=$((after - before)) \
        'BEGIN { printf "%-8s night %d: %6.2f s  %5d MiB  +%.1f MB\n", s, n, w, k / 1024, d / 1e6 }'
}
sqlite_size() { # the file and its write-ahead log
    { cat "$work/history.sqlite" "$work/history.sqlite-wal" 2>/dev/null || true; } | wc -c
}

for n in $(seq 1 "$nights"); do
    night sqlite "$n"
    night postgres "$n"
done
