#!/usr/bin/env bash
# logtail_test.sh LOGTAIL — follows a file, forwarding to a local
# collector: lines appended after the start are copied with their
# timestamps and forwarded, the ones before are not; SIGTERM stops it
# with status 0 and the count; SIGINT likewise.
set -uo pipefail
LOGTAIL=${1:?usage: logtail_test.sh LOGTAIL}
WORK=$(mktemp -d)
PID=
COLL=
cleanup() {
    [ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null
    [ -n "$COLL" ] && kill "$COLL" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; cat "$WORK"/*.err >&2 2>/dev/null; exit 1; }
wait_for() { # file regex
    for _ in $(seq 100); do grep -Eq "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
    fail "no '$2' in $1: $(cat "$1" 2>/dev/null)"
}

# A collector: accepts one connection and keeps what it receives.
python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
print(s.getsockname()[1], flush=True)
c, _ = s.accept()
with open(sys.argv[1], "wb") as f:
    while True:
        b = c.recv(65536)
        if not b: break
        f.write(b); f.flush()
' "$WORK/collected" >"$WORK/port" &
COLL=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
port=$(cat "$WORK/port")
[ -n "$port" ] || fail "no collector"

echo "old line" >"$WORK/in.log"
"$LOGTAIL" --interval-ms 20 --forward "localhost:$port" "$WORK/in.log" "$WORK/out.log" \
    >"$WORK/logtail.out" 2>"$WORK/logtail.err" &
PID=$!
wait_for "$WORK/logtail.out" '^logtail: following'
for i in 1 2 3; do echo "line $i" >>"$WORK/in.log"; done
printf 'partial' >>"$WORK/in.log"
wait_for "$WORK/out.log" 'line 3$'
wait_for "$WORK/collected" 'line 3$'
grep -q 'old line' "$WORK/out.log" && fail "a line from before the start was copied"
grep -q 'partial' "$WORK/out.log" && fail "an unfinished line was copied"
[ "$(grep -Ec '^\[[0-9]+\] line [123]$' "$WORK/out.log")" = 3 ] || fail "bad copy: $(cat "$WORK/out.log")"

kill -TERM "$PID"
for _ in $(seq 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
kill -0 "$PID" 2>/dev/null && fail "still running after SIGTERM"
wait "$PID"; rc=$?; PID=
[ "$rc" = 0 ] || fail "exit status $rc after SIGTERM"
grep -q '^logtail: 3 lines$' "$WORK/logtail.out" || fail "summary: $(cat "$WORK/logtail.out")"

# SIGINT too, without a collector; the output is appended to.
"$LOGTAIL" --interval-ms 20 "$WORK/in.log" "$WORK/out.log" >"$WORK/logtail2.out" 2>"$WORK/logtail2.err" &
PID=$!
wait_for "$WORK/logtail2.out" '^logtail: following'
echo " and the rest" >>"$WORK/in.log"
wait_for "$WORK/out.log" 'and the rest$'
kill -INT "$PID"
for _ in $(seq 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
wait "$PID"; rc=$?; PID=
[ "$rc" = 0 ] || fail "exit status $rc after SIGINT"
[ "$(wc -l <"$WORK/out.log")" = 4 ] || fail "output: $(cat "$WORK/out.log")"
echo "logtail: ok"
