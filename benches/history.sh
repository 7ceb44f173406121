#!/usr/bin/env bash
# Writing a 100,000-system run to the history: SQLite against PostgreSQL
# (BENCHMARKS.md, "The shared history"). Alternates the stores night by
# night, each a fresh store, and prints wall time and peak RSS per night
# and what each store grew by. Starts its own PostgreSQL server (Debian's
# postgresql: initdb into a temporary folder, a free port, as `nobody`
# when run as root; default settings, fsync on) and stops it at the end.
#
#   cargo build --release --bin cloudcensus --example gen_inventory
#   benches/history.sh [NIGHTS] [SYSTEMS]
set -euo pipefail
cd "$(dirname "$0")/.."
nights=${1:-3}
systems=${2:-100000}
bin=${CLOUDCENSUS:-target/release/cloudcensus}
gen=${GEN_INVENTORY:-target/release/examples/gen_inventory}
pg=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/cloudcensus-history-bench.XXXXXX)
trap 'kill -INT "$pg_pid" 2>/dev/null; wait "$pg_pid" 2>/dev/null; rm -rf "$work"' EXIT

"$gen" --agencies 1000 --systems "$systems" "$work/inventory" >/dev/null
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }
[[ $(id -u) == 0 ]] && chown nobody "$work"
echo bench >"$work/pw"
as_pg "$pg/initdb" -D "$work/data" -U cloudcensus --auth=scram-sha-256 \
    --pwfile="$work/pw" -E UTF8 --no-locale >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$pg/postgres" -D "$work/data" -p "$port" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories= >"$work/pg.log" 2>&1 &
pg_pid=$!
export PGPASSWORD=bench
until "$pg/pg_isready" -q -h 127.0.0.1 -p "$port"; do sleep 0.2; done
psql() { "$pg/psql" -qAt -h 127.0.0.1 -p "$port" -U cloudcensus "$@"; }
psql -d postgres -c "CREATE DATABASE bench"
url="postgres://cloudcensus@127.0.0.1:$port/bench?sslmode=disable"
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
