#!/usr/bin/env bash
# threads.sh — http_server and kv_server with --threads 1 and 2, side by
# side in one run, the client on the same machine (wrk -t1 -c64 -d5s,
# keep-alive GET /; redis-benchmark -t set,get -c 50 -n 200000 -P 16).
# Each figure is the median of RUNS runs (3), interleaved.  On a 2-core
# machine the client takes a core of its own, so --threads 2 shares the
# second core with it: the figures say what a second thread buys when
# the load generator competes for the same cores.
#
#   bench/servers/threads.sh BUILD_DIR     (a Release build with the samples)
set -euo pipefail
BUILD=${1:?usage: threads.sh BUILD_DIR}
RUNS=${RUNS:-3}
SRV=$BUILD/samples/servers
WORK=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT

start() { # prog port args...
    local prog=$1 port=$2
    shift 2
    "$SRV/$prog" --port "$port" "$@" >"$WORK/out" 2>&1 &
    PID=$!
    for _ in $(seq 100); do
        grep -q listening "$WORK/out" && return 0
        sleep 0.05
    done
    echo "$prog did not start" >&2
    exit 1
}
stop() {
    kill "$PID"
    wait "$PID" || true
    PID=
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for t in 1 2; do : >"$WORK/http.$t"; : >"$WORK/set.$t"; : >"$WORK/get.$t"; done
for _ in $(seq "$RUNS"); do
    for t in 1 2; do
        start http_server 18080 --threads "$t"
        wrk -t1 -c64 -d5s http://127.0.0.1:18080/ | awk '/Requests\/sec/ {print $2}' >>"$WORK/http.$t"
        stop
        start kv_server 16390 --threads "$t"
        out=$(redis-benchmark -p 16390 -t set,get -c 50 -n 200000 -P 16 -q 2>/dev/null | tr '\r' '\n')
        awk '/^SET/ {print $2}' <<<"$out" | tail -1 >>"$WORK/set.$t"
        awk '/^GET/ {print $2}' <<<"$out" | tail -1 >>"$WORK/get.$t"
        stop
    done
done
echo "| server | --threads 1 | --threads 2 |"
echo "|---|---:|---:|"
printf '| http_server, wrk requests/s | %s | %s |\n' "$(median <"$WORK/http.1")" "$(median <"$WORK/http.2")"
printf '| kv_server SET -P 16, requests/s | %s | %s |\n' "$(median <"$WORK/set.1")" "$(median <"$WORK/set.2")"
printf '| kv_server GET -P 16, requests/s | %s | %s |\n' "$(median <"$WORK/get.1")" "$(median <"$WORK/get.2")"
