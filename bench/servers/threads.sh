#!/usr/bin/env bash
# threads.sh — the servers on every core, side by side with their peers in
# one run: http_server --threads N against nginx with worker_processes N,
# kv_server --threads N against redis-server (N = 2: --io-threads 2
# --io-threads-do-reads yes), for N = 1 and 2.
#
#   bench/servers/threads.sh [BUILD_DIR]   (default: build-servers-bench)
#
# Builds http_server and kv_server in a Release build of their own.  All
# eight servers run at once, each on its own port (an idle one costs
# nothing), unpinned; the client runs on the same two cores, so with N = 2
# every server shares its second core with the load generator, alike for
# Pinion and its peer.  The measurements are interleaved; each figure is
# the median of RUNS runs (default 3).
#
#   HTTP:  wrk -t1 -c64 -d$DURATION (5s), keep-alive, GET / answering the
#          same 14-byte body everywhere (nginx: `return 200`, no access
#          log, no limit on requests per connection).
#   RESP:  redis-benchmark -t set,get -c 50 -n $REQUESTS (200000) -P 16,
#          redis-server without persistence.
#
# Prints a Markdown table: throughput, the ratio, and the server's CPU time
# per request (all its threads and, for nginx, its worker processes).
# Needs what run.sh needs; installs what is missing.  Not part of the
# test suite.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build-servers-bench}
RUNS=${RUNS:-3}
DURATION=${DURATION:-5s}
REQUESTS=${REQUESTS:-200000}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=tools/lib/common.sh
source "$ROOT/tools/lib/common.sh"
# shellcheck source=tools/lib/deps.sh
source "$ROOT/tools/lib/deps.sh"
pn_ensure_packages "${PINION_BUILD_PACKAGES[@]}" "${PINION_SERVER_BENCH_PACKAGES[@]}"
for tool in wrk nginx redis-server redis-benchmark; do
    command -v "$tool" >/dev/null || { echo "threads.sh: $tool is not installed" >&2; exit 1; }
done

echo "building (Release) in $BUILD ..." >&2
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
ninja -C "$BUILD" -j2 http_server kv_server >/dev/null
BIN=$BUILD/samples/servers

# shellcheck source=bench/servers/lib.sh
source "$ROOT/bench/servers/lib.sh"

serve() { # name command...: its pid in SERVER_PID
    local name=$1
    shift
    "$@" >"$WORK/$name.out" 2>&1 &
    PIDS+=($!)
    SERVER_PID=$!
}

wrk_run() { # port pid label
    local before after out
    before=$(cpu_ticks "$2")
    out=$(wrk -t1 -c64 -d"$DURATION" "http://127.0.0.1:$1/")
    after=$(cpu_ticks "$2")
    awk '/^Requests\/sec:/ { print $2 }' <<<"$out" >>"$WORK/$3"
    awk -v t=$((after - before)) -v us="$TICK_US" '/ requests in / { printf "%.2f\n", t * us / $1 }' \
        <<<"$out" >>"$WORK/$3.cpu"
}

redis_run() { # port pid label test
    local before after
    before=$(cpu_ticks "$2")
    redis-benchmark -p "$1" -t "$4" -c 50 -n "$REQUESTS" -P 16 -q 2>/dev/null |
        tr '\r' '\n' | awk -v t="${4^^}" '$1 == t":" && /requests per second/ { print $2 }' |
        tail -1 >>"$WORK/$3"
    after=$(cpu_ticks "$2")
    awk -v t=$((after - before)) -v us="$TICK_US" -v n="$REQUESTS" \
        'BEGIN { printf "%.2f\n", t * us / n }' >>"$WORK/$3.cpu"
}

port=18180
for n in 1 2; do
    p=$(free_port $port); port=$((p + 1)); eval "p_http$n=$p"
    serve "http$n" "$BIN/http_server" --port "$p" --threads "$n"; eval "pid_http$n=$SERVER_PID"
    p=$(free_port $port); port=$((p + 1)); eval "p_nginx$n=$p"
    mkdir -p "$WORK/ngx$n"
    cat >"$WORK/ngx$n/nginx.conf" <<CONF
worker_processes $n;
daemon off;
pid $WORK/ngx$n/nginx.pid;
error_log $WORK/ngx$n/nginx.err warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 60s;
    server {
        listen 127.0.0.1:$p;
        location = / { default_type "text/plain; charset=utf-8"; return 200 "Hello, World!\n"; }
    }
}
CONF
    serve "nginx$n" nginx -c "$WORK/ngx$n/nginx.conf" -p "$WORK/ngx$n"; eval "pid_nginx$n=$SERVER_PID"
    p=$(free_port $port); port=$((p + 1)); eval "p_kv$n=$p"
    serve "kv$n" "$BIN/kv_server" --port "$p" --threads "$n"; eval "pid_kv$n=$SERVER_PID"
    p=$(free_port $port); port=$((p + 1)); eval "p_redis$n=$p"
    io=()
    [ "$n" -gt 1 ] && io=(--io-threads "$n" --io-threads-do-reads yes)
    serve "redis$n" redis-server --port "$p" --bind 127.0.0.1 --save '' --appendonly no "${io[@]}"
    eval "pid_redis$n=$SERVER_PID"
done
for n in 1 2; do
    for s in http nginx kv redis; do
        v="p_$s$n"
        wait_port "${!v}"
    done
done

for run in $(seq "$RUNS"); do
    echo "run $run of $RUNS ..." >&2
    for n in 1 2; do
        for s in http nginx; do
            p="p_$s$n"; pid="pid_$s$n"
            wrk_run "${!p}" "${!pid}" "$s$n"
        done
        for t in set get; do
            for s in kv redis; do
                p="p_$s$n"; pid="pid_$s$n"
                redis_run "${!p}" "${!pid}" "$s${n}_$t" "$t"
            done
        done
    done
done

m() { median <"$WORK/$1"; }
ratio() { awk -v a="$(m "$1")" -v b="$(m "$2")" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
row() { # description pinion-label peer-label
    printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$(m "$2")" "$(m "$3")" "$(ratio "$2" "$3")" \
        "$(m "$2.cpu")" "$(m "$3.cpu")"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| benchmark | Pinion req/s | peer req/s | ratio | Pinion CPU µs/req | peer CPU µs/req |"
echo "|---|---:|---:|---:|---:|---:|"
for n in 1 2; do
    row "HTTP GET /, wrk -t1 -c64 -d$DURATION: http_server --threads $n vs nginx, $n worker(s)" \
        "http$n" "nginx$n"
    row "SET -P 16, redis-benchmark -c 50: kv_server --threads $n vs redis-server$([ $n -gt 1 ] && echo ", --io-threads $n")" \
        "kv${n}_set" "redis${n}_set"
    row "GET -P 16: kv_server --threads $n vs redis-server$([ $n -gt 1 ] && echo ", --io-threads $n")" \
        "kv${n}_get" "redis${n}_get"
done
echo
echo "Medians of $RUNS interleaved runs; servers and clients share the machine's cores."
echo
echo "Every run (requests per second; CPU µs per request):"
echo
for n in 1 2; do
    for f in "http$n" "nginx$n" "kv${n}_set" "redis${n}_set" "kv${n}_get" "redis${n}_get"; do
        printf '    %-12s %-36s %s\n' "$f" "$(xargs <"$WORK/$f")" "$(xargs <"$WORK/$f.cpu")"
    done
done
