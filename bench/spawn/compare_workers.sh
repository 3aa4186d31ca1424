#!/usr/bin/env bash
# compare_workers.sh — spawn/join throughput on 1 and 2 workers, side by
# side: Pinion's pool (PINION_BENCH_WORKERS), tokio's multi-threaded
# runtime (worker_threads) and Go (GOMAXPROCS), flat and skynet, in one
# run, interleaved; each figure is the median of RUNS runs (3), with the
# fastest and the slowest run beside it.
#
#   bench/spawn/compare_workers.sh BUILD_BENCH_DIR
#
# BUILD_BENCH_DIR is a build with -DPINION_BUILD_BENCH=ON and
# CMAKE_BUILD_TYPE=Release (tools/bench makes build-bench/).  tokio is
# built offline from Debian's librust-tokio-dev (bench/spawn/tokio/.cargo
# points cargo at /usr/share/cargo/registry), Go with golang-go.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:?usage: compare_workers.sh BUILD_BENCH_DIR}
RUNS=${RUNS:-3}
N=${N:-1000000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$ROOT/bench/spawn/tokio" && CARGO_TARGET_DIR=$WORK/tokio cargo build --release -q)
(cd "$ROOT/bench/spawn/go" && GOCACHE=$WORK/gocache go build -o "$WORK/spawn_go" spawn_go.go)
PN=$BUILD/bench/bin/spawn_pinion

# "median (fastest-slowest)" of a file of numbers, one per line.
spread() { sort -n "$1" | awk '{a[NR]=$1} END {printf "%.1f (%.1f-%.1f)", a[int((NR+1)/2)], a[1], a[NR]}'; }
ns() { awk '$2 == "ns_per_task" {print $3}'; }

echo "| runtime | workers | flat: ns per task, median (fastest-slowest) | skynet: ns per task, median (fastest-slowest) |"
echo "|---|---:|---:|---:|"
for w in 1 2; do
    for rt in pinion tokio go; do
        for mode in flat skynet; do
            : >"$WORK/$rt.$w.$mode"
        done
    done
done
for _ in $(seq "$RUNS"); do
    for w in 1 2; do
        for mode in flat skynet; do
            PINION_BENCH_WORKERS=$w "$PN" $mode "$N" | ns >>"$WORK/pinion.$w.$mode"
            "$WORK/tokio/release/spawn_tokio" $w $mode "$N" | ns >>"$WORK/tokio.$w.$mode"
            GOMAXPROCS=$w "$WORK/spawn_go" $mode "$N" | ns >>"$WORK/go.$w.$mode"
        done
    done
done
for rt in pinion tokio go; do
    for w in 1 2; do
        printf '| %s | %s | %s | %s |\n' "$rt" "$w" \
            "$(spread "$WORK/$rt.$w.flat")" "$(spread "$WORK/$rt.$w.skynet")"
    done
done
