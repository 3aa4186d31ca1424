#!/usr/bin/env bash
# tls.sh — HTTPS: http_server --tls-cert/--tls-key against nginx with TLS,
# the same certificate and the same cipher, side by side in one run.
#
#   bench/servers/tls.sh [BUILD_DIR]      (default: build-servers-bench)
#
# A certificate (RSA 2048) is made for the run.  Both servers speak TLS
# 1.3 with TLS_AES_128_GCM_SHA256 (nginx: ssl_conf_command Ciphersuites;
# http_server: OpenSSL's default for TLS 1.3 servers, checked with
# `openssl s_client` below), keep-alive, GET / answering the same 14-byte
# body.  Each server is pinned to core 0 (taskset -c 0), wrk to core 1:
# wrk -t1 -c64 -d10s, interleaved runs, each figure the median of RUNS
# (default 3), with the server's own CPU time per request, which the
# machine's other load disturbs less than throughput.  Not part of the
# test suite.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build-servers-bench}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=tools/lib/common.sh
source "$ROOT/tools/lib/common.sh"
# shellcheck source=tools/lib/deps.sh
source "$ROOT/tools/lib/deps.sh"
pn_ensure_packages "${PINION_BUILD_PACKAGES[@]}" "${PINION_SERVER_BENCH_PACKAGES[@]}" openssl
for tool in wrk nginx openssl taskset; do
    command -v "$tool" >/dev/null || { echo "tls.sh: $tool is not installed" >&2; exit 1; }
done

echo "building (Release) in $BUILD ..." >&2
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
ninja -C "$BUILD" -j2 http_server >/dev/null
BIN=$BUILD/samples/servers

# shellcheck source=bench/servers/lib.sh
source "$ROOT/bench/servers/lib.sh"

serve() {
    local name=$1
    shift
    taskset -c 0 "$@" >"$WORK/$name.out" 2>&1 &
    PIDS+=($!)
    SERVER_PID=$!
}

wrk_run() { # port pid label
    local before after out
    before=$(cpu_ticks "$2")
    out=$(taskset -c 1 wrk -t1 -c64 -d"$DURATION" "https://127.0.0.1:$1/")
    after=$(cpu_ticks "$2")
    awk '/^Requests\/sec:/ { print $2 }' <<<"$out" >>"$WORK/$3"
    awk -v t=$((after - before)) -v us="$TICK_US" '/ requests in / { printf "%.2f\n", t * us / $1 }' \
        <<<"$out" >>"$WORK/$3.cpu"
}

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

p_http=$(free_port 18443)
p_nginx=$(free_port $((p_http + 1)))
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
        listen 127.0.0.1:$p_nginx ssl;
        ssl_certificate $WORK/cert.pem;
        ssl_certificate_key $WORK/key.pem;
        ssl_protocols TLSv1.3;
        ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256;
        location = / { default_type "text/plain; charset=utf-8"; return 200 "Hello, World!\n"; }
    }
}
CONF
serve http_server "$BIN/http_server" --port "$p_http" --tls-cert "$WORK/cert.pem" \
    --tls-key "$WORK/key.pem"
pid_http=$SERVER_PID
serve nginx nginx -c "$WORK/nginx.conf" -p "$WORK"
pid_nginx=$SERVER_PID
wait_port "$p_http"
wait_port "$p_nginx"

# The same protocol and cipher on both.
for p in "$p_http" "$p_nginx"; do
    c=$(openssl s_client -connect "127.0.0.1:$p" -ciphersuites TLS_AES_128_GCM_SHA256 \
        </dev/null 2>/dev/null | awk '/^New, / { print $2, $NF }')
    echo "port $p: $c" >&2
done

for run in $(seq "$RUNS"); do
    echo "run $run of $RUNS ..." >&2
    wrk_run "$p_http" "$pid_http" pinion
    wrk_run "$p_nginx" "$pid_nginx" nginx
done

r_p=$(median <"$WORK/pinion")
r_n=$(median <"$WORK/nginx")
c_p=$(median <"$WORK/pinion.cpu")
c_n=$(median <"$WORK/nginx.cpu")
echo
echo "| HTTPS, keep-alive, wrk -t1 -c64 | requests/s | server CPU µs per request |"
echo "|---|---:|---:|"
echo "| http_server --tls-cert/--tls-key | $r_p | $c_p |"
echo "| nginx (1 worker, TLS) | $r_n | $c_n |"
awk -v a="$r_p" -v b="$r_n" 'BEGIN { printf "\nhttp_server / nginx: %.2fx the requests per second\n", a / b }'
