#!/usr/bin/env bash
# The national view (BENCHMARKS.md, "The national view"): ORGS
# organisations of SYSTEMS systems each (gen_inventory, the offline
# benchmark's generator, a seed per organisation so their figures
# differ) scan NIGHTS nights each into one SQLite history, then
# `national` and `trend --national` are timed over it (wall time and
# peak RSS, /usr/bin/time). With PG=1 the same runs go to a throwaway
# PostgreSQL server too (Debian's postgresql, as benches/history.sh
# starts it) and the same commands are timed there.
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
pg=
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }
# pg_ctl stops the server itself (a signal to the background job would
# reach runuser, not the postmaster).
trap '[[ -n $pg ]] && as_pg "$pg/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null; rm -rf "$work"' EXIT

histories=("$work/history.sqlite")
if [[ ${PG:-0} == 1 ]]; then
    pg=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    [[ $(id -u) == 0 ]] && chown nobody "$work"
    echo bench >"$work/pw"
    as_pg "$pg/initdb" -D "$work/data" -U cloudcensus --auth=scram-sha-256 \
        --pwfile="$work/pw" -E UTF8 --no-locale >/dev/null
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg "$pg/postgres" -D "$work/data" -p "$port" -c listen_addresses=127.0.0.1 \
        -c unix_socket_directories= >"$work/pg.log" 2>&1 &
    export PGPASSWORD=bench
    until "$pg/pg_isready" -q -h 127.0.0.1 -p "$port"; do sleep 0.2; done
    "$pg/psql" -qAt -h 127.0.0.1 -p "$port" -U cloudcensus -d postgres -c "CREATE DATABASE bench"
    histories+=("postgres://cloudcensus@127.0.0.1:$port/bench?sslmode=disable")
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

timed() { # LABEL ARGS...
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" "$@" >"$work/out"
    read -r wall kib <"$work/time"
    awk -v l="$label" -v w="$wall" -v k="$kib" \
        'BEGIN { printf "%-34s %6.2f s  %5d MiB\n", l, w, k / 1024 }'
}
for history in "${histories[@]}"; do
    store=sqlite
    [[ $history == postgres* ]] && store=postgres
    for format in table json; do
        timed "$store national --format $format" national --history "$history" \
            --as-of 2026-11-25 --format "$format"
    done
    timed "$store trend --national" trend --national --history "$history"
done
"$bin" national --history "${histories[0]}" --as-of 2026-11-25 --format summary | head -3
