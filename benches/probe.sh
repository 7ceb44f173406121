#!/usr/bin/env bash
# Probe benchmark: `cloudcensus scan` against lychee on N slow loopback
# endpoints served by examples/probe_bench.rs.
#
#   benches/probe.sh                  # all cases, both tools, one run each
#   CASES="tls-10k" RUNS=3 benches/probe.sh
#   TOOLS=cloudcensus benches/probe.sh
#
# Cases (name: endpoints, concurrency, scheme), each endpoint answering after
# LATENCY_MS (default 50):
#   http-10k   10,000  C=256   http
#   tls-10k    10,000  C=256   https (certificates from a private CA)
#   http-30k   30,000  C=1024  http
#
# The bound is what perfect scheduling allows: N*L/C + L seconds.
# cloudcensus exits 1 here: the minimal benchmark systems fail CLOUD-001
# (on-premises, severity high). A run is complete when asked=N/N (distinct
# endpoints that answered a request, counted by the server).
# Every run gets a fresh server, so counters start at zero. For each run the
# script prints one line
#   RESULT case=... tool=... run=... wall_s=... bound_s=... ratio=... peak_rss_mib=... ...
# (key=value, space-separated) and at the end a table of them all. Raw
# outputs stay in $OUT/<case>-<tool>-<run>/ (time.txt, stdout, stderr,
# server-stats.json).
#
# Both tools get the same settings: concurrency C, no retries, a timeout of
# TIMEOUT_S per URL, one request at a time per host. lychee reads urls.txt,
# with no cache (its default) and no interval between requests to a host
# (there is only one URL per host anyway).
# For HTTPS it trusts the benchmark CA through SSL_CERT_FILE (its TLS stack
# reads it), so both tools verify certificates; LYCHEE_INSECURE=1 uses
# `--insecure` instead.
#
# SECOND_NIGHT=1 (cloudcensus only) measures the night after: an untimed
# scan dated yesterday fills a history store first, then the timed scan,
# against the same server, keeps the TLS version sweeps that still stand
# (probe::sweep_memory); the server's counts are the timed scan's alone.
#
# Environment: CASES, TOOLS ("cloudcensus lychee"), RUNS (1), LATENCY_MS (50),
# TIMEOUT_S (10, per request), OUT (bench-data/probe), CLOUDCENSUS
# (target/release-lto/cloudcensus), LYCHEE (lychee), SERVER
# (target/release-lto/examples/probe_bench, built if missing), CLOUDCENSUS_ARGS
# and LYCHEE_ARGS (extra flags), LYCHEE_INSECURE.

set -euo pipefail
cd "$(dirname "$0")/.."

CASES=${CASES:-"http-10k tls-10k http-30k"}
TOOLS=${TOOLS:-"cloudcensus lychee"}
RUNS=${RUNS:-1}
LATENCY_MS=${LATENCY_MS:-50}
TIMEOUT_S=${TIMEOUT_S:-10}
OUT=${OUT:-bench-data/probe}
CLOUDCENSUS=${CLOUDCENSUS:-target/release-lto/cloudcensus}
LYCHEE=${LYCHEE:-lychee}
SERVER=${SERVER:-target/release-lto/examples/probe_bench}
CLOUDCENSUS_ARGS=${CLOUDCENSUS_ARGS:-}
LYCHEE_ARGS=${LYCHEE_ARGS:-}
LYCHEE_INSECURE=${LYCHEE_INSECURE:-0}
SECOND_NIGHT=${SECOND_NIGHT:-0}

# As many descriptors as allowed: 30,000 endpoints mean 30,000 sockets.
ulimit -n "$(ulimit -Hn)"

if [[ ! -x /usr/bin/time ]]; then
    echo "probe.sh: /usr/bin/time is missing (apt-get install -y time)" >&2
    exit 2
fi
if [[ ! -x $SERVER ]]; then
    cargo build --profile release-lto --example probe_bench
fi

case_params() { # name -> "count concurrency tls"
    case $1 in
        http-10k) echo "10000 256 0" ;;
        tls-10k) echo "10000 256 1" ;;
        http-30k) echo "30000 1024 0" ;;
        *)
            echo "probe.sh: unknown case $1" >&2
            return 1
            ;;
    esac
}

server_pid=
stop_server() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}
trap stop_server EXIT

start_server() { # dir count tls
    local dir=$1 count=$2 tls=$3
    local flags=(serve --count "$count" --latency-ms "$LATENCY_MS" --out "$dir")
    [[ $tls == 1 ]] && flags+=(--tls)
    "$SERVER" "${flags[@]}" >"$dir.server.out" 2>"$dir.server.err" &
    server_pid=$!
    for _ in $(seq 600); do
        grep -qx ready "$dir.server.out" 2>/dev/null && return 0
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "probe.sh: server failed:" >&2
            cat "$dir.server.err" >&2
            server_pid=
            return 1
        fi
        sleep 0.1
    done
    echo "probe.sh: server not ready after 60 s" >&2
    return 1
}

# The value of a field of `time -v` output, e.g. "Maximum resident set size".
time_field() {
    grep -F "$2" "$1" | head -1 | awk -F': ' '{print $NF}'
}

# "h:mm:ss" or "m:ss.ss" to seconds.
to_seconds() {
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"
}

# CPU seconds (user + system) a process has used so far.
cpu_seconds() {
    awk -v tick="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / tick }' "/proc/$1/stat"
}

stat_field() { # stats.json name
    grep -o "\"$2\": *[0-9]*" "$1" | grep -o '[0-9]*$' || echo NA
}

# A counter's growth during the timed run (the server starts at zero; with
# SECOND_NIGHT the first night's scan came before).
stat_delta() { # dir name
    local after before
    after=$(stat_field "$1/server-stats.final.json" "$2")
    before=$(stat_field "$1/server-stats.before.json" "$2")
    if [[ $after == NA ]]; then echo NA; else echo $((after - ${before/NA/0})); fi
}

results=()

run_one() { # case tool run
    local name=$1 tool=$2 run=$3
    local count concurrency tls
    read -r count concurrency tls <<<"$(case_params "$name")"
    local dir=$OUT/$name-$tool-$run
    rm -rf "$dir" "$dir".server.*
    mkdir -p "$dir"
    start_server "$dir" "$count" "$tls"

    local -a cmd env_vars=()
    case $tool in
        cloudcensus)
            cmd=("$CLOUDCENSUS" scan "$dir/inventory" --policies policies
                --concurrency "$concurrency" --per-host 1
                --timeout "$TIMEOUT_S" --retries 0)
            [[ $tls == 1 ]] && cmd+=(--ca-file "$dir/ca.pem")
            cmd+=(--format json --output /dev/null)
            # shellcheck disable=SC2206 # split on purpose
            cmd+=($CLOUDCENSUS_ARGS)
            if [[ $SECOND_NIGHT == 1 ]]; then
                cmd+=(--history "$dir/history.sqlite")
                "${cmd[@]}" --as-of "$(date -u -d yesterday +%F)" \
                    >"$dir/first-night.stdout" 2>"$dir/first-night.stderr" || true
                sleep 1.2
            else
                cmd+=(--no-history)
            fi
            ;;
        lychee)
            cmd=("$LYCHEE" --max-concurrency "$concurrency" --no-progress
                --max-retries 0 --timeout "$TIMEOUT_S"
                --host-concurrency 1 --host-request-interval 0ms)
            if [[ $tls == 1 ]]; then
                if [[ $LYCHEE_INSECURE == 1 ]]; then
                    cmd+=(--insecure)
                else
                    env_vars=("SSL_CERT_FILE=$dir/ca.pem")
                fi
            fi
            # shellcheck disable=SC2206
            cmd+=($LYCHEE_ARGS)
            cmd+=("$dir/urls.txt")
            ;;
    esac
    cp "$dir/server-stats.json" "$dir/server-stats.before.json" 2>/dev/null || echo "{}" >"$dir/server-stats.before.json"
    printf '%q ' "${env_vars[@]}" "${cmd[@]}" >"$dir/command"
    echo >>"$dir/command"

    # The server's start-up (certificates) is not part of the run.
    local server_cpu_before
    server_cpu_before=$(cpu_seconds "$server_pid")
    local status=0
    env "${env_vars[@]}" /usr/bin/time -v -o "$dir/time.txt" "${cmd[@]}" \
        >"$dir/stdout" 2>"$dir/stderr" || status=$?
    # The server rewrites its counters every half second.
    sleep 1.2
    cp "$dir/server-stats.json" "$dir/server-stats.final.json"
    local server_cpu
    server_cpu=$(awk -v a="$server_cpu_before" -v b="$(cpu_seconds "$server_pid")" \
        'BEGIN { printf "%.2f", b - a }')
    stop_server

    local wall rss_kib user sys bound ratio rss_mib
    wall=$(to_seconds "$(time_field "$dir/time.txt" "Elapsed (wall clock) time")")
    rss_kib=$(time_field "$dir/time.txt" "Maximum resident set size")
    user=$(time_field "$dir/time.txt" "User time (seconds)")
    sys=$(time_field "$dir/time.txt" "System time (seconds)")
    bound=$(awk -v n="$count" -v l="$LATENCY_MS" -v c="$concurrency" \
        'BEGIN { printf "%.3f", n * l / c / 1000 + l / 1000 }')
    ratio=$(awk -v w="$wall" -v b="$bound" 'BEGIN { printf "%.2f", w / b }')
    rss_mib=$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }')
    local stats=$dir/server-stats.final.json
    local line
    line="case=$name tool=$tool run=$run n=$count concurrency=$concurrency"
    line+=" latency_ms=$LATENCY_MS wall_s=$wall bound_s=$bound ratio=$ratio"
    line+=" peak_rss_mib=$rss_mib user_s=$user sys_s=$sys exit=$status"
    line+=" server_cpu_s=$server_cpu"
    line+=" endpoints_asked=$(stat_field "$stats" endpoints_asked)"
    line+=" requests=$(stat_delta "$dir" requests)"
    line+=" connections=$(stat_delta "$dir" connections)"
    line+=" tls_handshakes=$(stat_delta "$dir" tls_handshakes)"
    line+=" tls_resumed=$(stat_delta "$dir" tls_resumed)"
    line+=" tls_failures=$(stat_delta "$dir" tls_failures)"
    echo "RESULT $line"
    results+=("$line")
}

for name in $CASES; do
    case_params "$name" >/dev/null
    for run in $(seq "$RUNS"); do
        for tool in $TOOLS; do
            run_one "$name" "$tool" "$run"
        done
    done
done

echo
{
    echo "case tool run wall_s bound_s ratio peak_rss_mib user_s sys_s exit asked server_cpu_s"
    for line in "${results[@]}"; do
        declare -A f=()
        for pair in $line; do f[${pair%%=*}]=${pair#*=}; done
        echo "${f[case]} ${f[tool]} ${f[run]} ${f[wall_s]} ${f[bound_s]} ${f[ratio]}" \
            "${f[peak_rss_mib]} ${f[user_s]} ${f[sys_s]} ${f[exit]}" \
            "${f[endpoints_asked]}/${f[n]} ${f[server_cpu_s]}"
        unset f
    done
} | column -t
