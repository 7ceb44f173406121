# Sourced by benches/history.sh and benches/national.sh: a throwaway
# PostgreSQL server (Debian's postgresql, the newest installed): initdb
# into "$work/data" (role cloudcensus, password "bench", SCRAM), a free
# port on 127.0.0.1, run as `nobody` when the script runs as root
# (PostgreSQL refuses root), default settings (fsync on), and a database
# `bench`. pg_start sets pg (its bin folder), port and pg_url and exports
# PGPASSWORD; pg_stop stops it with pg_ctl (a signal to the background
# job would reach runuser, not the postmaster). The caller sets work.

as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }

pg=
pg_start() {
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
    pg_url="postgres://cloudcensus@127.0.0.1:$port/bench?sslmode=disable"
}

pg_stop() {
    if [[ -n $pg ]]; then as_pg "$pg/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null; fi
}
