#!/usr/bin/env bash
# run.sh — the server benchmarks: http_server against nginx and a libuv
# server, kv_server against redis-server, side by side in one run.
#
#   bench/servers/run.sh [BUILD_DIR]      (default: build-servers-bench)
#
# Builds http_server and kv_server in a Release build of their own, and
# uv_hello.c with the system libuv.  Each server is pinned to core 0
# (taskset -c 0), its client to core 1, so the two never compete for a
# core.  All five servers run at once, each on its own port, and the
# measurements are interleaved; each figure is the median of RUNS runs
# (default 3).
#
#   HTTP:  wrk -t1 -c64 -d10s, keep-alive, GET / answering the same
#          14-byte body everywhere (nginx: `return 200`, one worker,
#          no access log, no limit on requests per connection).
#   RESP:  redis-benchmark -t set,get -c50 -n 200000 (and again with -P 16),
#          redis-server without persistence.
#
# Needs: wrk, nginx, redis-server, redis-tools, libuv1-dev, taskset
# (apt-get install wrk nginx redis-server redis-tools libuv1-dev util-linux).
# Not part of the test suite.  Prints a Markdown table: throughput, and
# the server's own CPU time per request, which other load on the machine
# disturbs far less than throughput.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build-servers-bench}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
REQUESTS=${REQUESTS:-200000}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# Install what is missing (as tools/test does), then check.
# shellcheck source=tools/lib/common.sh
source "$ROOT/tools/lib/common.sh"
# shellcheck source=tools/lib/deps.sh
source "$ROOT/tools/lib/deps.sh"
pn_ensure_packages "${PINION_BUILD_PACKAGES[@]}" "${PINION_SERVER_BENCH_PACKAGES[@]}"
for tool in wrk nginx redis-server redis-benchmark taskset cc; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 1; }
done

echo "building (Release) in $BUILD ..." >&2
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
ninja -C "$BUILD" -j2 http_server kv_server >/dev/null
cc -std=gnu11 -O2 "$ROOT/bench/servers/uv_hello.c" -luv -o "$WORK/uv_hello"
BIN=$BUILD/samples/servers

# shellcheck source=bench/servers/lib.sh
source "$ROOT/bench/servers/lib.sh"

# serve NAME COMMAND...: starts a server on core 0, stopped at exit;
# its pid (taskset execs the server) is left in SERVER_PID.
serve() {
    local name=$1
    shift
    taskset -c 0 "$@" >"$WORK/$name.out" 2>&1 &
    PIDS+=($!)
    SERVER_PID=$!
}

# wrk_run port pid label: appends requests per second to $WORK/label and
# the server's CPU time per request (microseconds) to $WORK/label.cpu.
wrk_run() {
    local before after out
    before=$(cpu_ticks "$2")
    out=$(taskset -c 1 wrk -t1 -c64 -d"$DURATION" "http://127.0.0.1:$1/")
    after=$(cpu_ticks "$2")
    awk '/^Requests\/sec:/ { print $2 }' <<<"$out" >>"$WORK/$3"
    awk -v t=$((after - before)) -v us="$TICK_US" '/ requests in / { printf "%.2f\n", t * us / $1 }' \
        <<<"$out" >>"$WORK/$3.cpu"
}

# redis_run port pid label test [extra args]: as wrk_run, for one
# redis-benchmark test.
redis_run() {
    local port=$1 pid=$2 label=$3 test=$4 before after
    shift 4
    before=$(cpu_ticks "$pid")
    taskset -c 1 redis-benchmark -p "$port" -t "$test" -c 50 -n "$REQUESTS" -q "$@" 2>/dev/null |
        tr '\r' '\n' | awk -v t="${test^^}" '$1 == t":" && /requests per second/ { print $2 }' |
        tail -1 >>"$WORK/$label"
    after=$(cpu_ticks "$pid")
    awk -v t=$((after - before)) -v us="$TICK_US" -v n="$REQUESTS" \
        'BEGIN { printf "%.2f\n", t * us / n }' >>"$WORK/$label.cpu"
}

# ---- servers ------------------------------------------------------------
# All five run at once on core 0, each on its own port; an idle one costs
# nothing.  The measurements are interleaved (A, B, C, A, B, C, ...) so
# that a change in the machine's background load hits every server alike
# instead of whichever happened to run at that moment.
p_http=$(free_port 18080)
p_nginx=$(free_port $((p_http + 1)))
p_uv=$(free_port $((p_nginx + 1)))
p_kv=$(free_port 16380)
p_redis=$(free_port $((p_kv + 1)))
cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
daemon off;
master_process off;
pid $WORK/nginx.pid;
error_log $WORK/nginx.err warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 60s;
    server {
        listen 127.0.0.1:$p_nginx;
        location = / { default_type "text/plain; charset=utf-8"; return 200 "Hello, World!\n"; }
    }
}
CONF
serve http_server "$BIN/http_server" --port "$p_http"
pid_http=$SERVER_PID
serve nginx nginx -c "$WORK/nginx.conf" -p "$WORK"
pid_nginx=$SERVER_PID
serve uv_hello "$WORK/uv_hello" "$p_uv"
pid_uv=$SERVER_PID
serve kv_server "$BIN/kv_server" --port "$p_kv"
pid_kv=$SERVER_PID
serve redis redis-server --port "$p_redis" --bind 127.0.0.1 --save '' --appendonly no
pid_redis=$SERVER_PID
for p in "$p_http" "$p_nginx" "$p_uv" "$p_kv" "$p_redis"; do wait_port "$p"; done

for run in $(seq "$RUNS"); do
    echo "run $run of $RUNS ..." >&2
    wrk_run "$p_http" "$pid_http" http_pinion
    wrk_run "$p_nginx" "$pid_nginx" http_nginx
    wrk_run "$p_uv" "$pid_uv" http_uv
    for t in set get; do
        redis_run "$p_kv" "$pid_kv" "kv_$t" "$t"
        redis_run "$p_redis" "$pid_redis" "rd_$t" "$t"
        redis_run "$p_kv" "$pid_kv" "kv_${t}_p" "$t" -P 16
        redis_run "$p_redis" "$pid_redis" "rd_${t}_p" "$t" -P 16
    done
done

m() { median <"$WORK/$1"; }
ratio() { awk -v a="$(m "$1")" -v b="$(m "$2")" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
row() { # description pinion-label baseline-label
    printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$(m "$2")" "$(m "$3")" "$(ratio "$2" "$3")" \
        "$(m "$2.cpu")" "$(m "$3.cpu")"
}

echo "| benchmark | Pinion req/s | baseline req/s | ratio | Pinion CPU µs/req | baseline CPU µs/req |"
echo "|---|---:|---:|---:|---:|---:|"
row "HTTP GET /, wrk -t1 -c64 -d$DURATION: http_server vs nginx" http_pinion http_nginx
row "HTTP GET /, same: http_server vs libuv (uv_hello)" http_pinion http_uv
row "SET, redis-benchmark -c50 -n $REQUESTS: kv_server vs redis-server" kv_set rd_set
row "GET, redis-benchmark -c50" kv_get rd_get
row "SET, redis-benchmark -c50 -P 16" kv_set_p rd_set_p
row "GET, redis-benchmark -c50 -P 16" kv_get_p rd_get_p
echo
echo "Medians of $RUNS interleaved runs; servers on core 0, clients on core 1."
echo "CPU µs/req: the server process's user + system time divided by the requests served."
echo
echo "Every run (requests per second; CPU µs per request):"
echo
for f in http_pinion http_nginx http_uv kv_set rd_set kv_get rd_get kv_set_p rd_set_p kv_get_p rd_get_p; do
    printf '    %-12s %-36s %s\n' "$f" "$(xargs <"$WORK/$f")" "$(xargs <"$WORK/$f.cpu")"
done
