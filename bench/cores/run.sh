#!/usr/bin/env bash
# run.sh — what a second worker buys, side by side: Pinion's pool
# (PINION_BENCH_WORKERS, i.e. pn_set_workers), tokio's multi-threaded
# runtime (worker_threads) and Go (GOMAXPROCS), on 1 and 2 workers, for
# the three workloads of bench/cores/cores.c:
#
#   coarse    TASKS tasks of about 10 ms of integer computation each,
#             spawned and joined: wall ms, speedup of 2 workers over 1
#   channel   N 64-bit integers from a producer task to a consumer task
#             through a bounded channel of capacity CAP: messages/s
#   mutex     MTASKS tasks doing K lock/increment/unlock pairs each on
#             one async mutex, yielding after every 16th: pairs/s
#
#   bench/cores/run.sh BUILD_BENCH_DIR
#
# BUILD_BENCH_DIR is a build with -DPINION_BUILD_BENCH=ON and
# CMAKE_BUILD_TYPE=Release (tools/bench makes build-bench/); cores_pinion
# is built there if it is not up to date.  tokio is built offline from
# Debian's librust-tokio-dev (bench/cores/tokio/.cargo points cargo at
# /usr/share/cargo/registry), Go with golang-go.  Every run of every
# program is interleaved with the others'; each figure is the median of
# RUNS runs (3).  Prints markdown tables, with the load average before and
# after; every program's checksum must agree with Pinion's or the script
# fails.  Sizes: TASKS (64), ITERS (3200000), N (1000000), CAP (1024),
# MTASKS (1000), K (1000).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:?usage: run.sh BUILD_BENCH_DIR}
RUNS=${RUNS:-3}
TASKS=${TASKS:-64}
ITERS=${ITERS:-3200000}
N=${N:-1000000}
CAP=${CAP:-1024}
MTASKS=${MTASKS:-1000}
K=${K:-1000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cmake --build "$BUILD" --target cores_pinion >/dev/null
PN=$BUILD/bench/bin/cores_pinion
(cd "$ROOT/bench/cores/tokio" && CARGO_TARGET_DIR=$WORK/tokio cargo build --release -q)
TK=$WORK/tokio/release/cores_tokio
(cd "$ROOT/bench/cores/go" && GOCACHE=$WORK/gocache go build -o "$WORK/cores_go" cores_go.go)
GO=$WORK/cores_go

args() {
    case $1 in
    coarse) echo "$TASKS $ITERS" ;;
    channel) echo "$N $CAP" ;;
    mutex) echo "$MTASKS $K" ;;
    esac
}

# run RUNTIME WORKERS WORKLOAD: one run, its lines appended to
# $WORK/RUNTIME.WORKERS.WORKLOAD.
run() {
    local rt=$1 w=$2 load=$3 out
    # shellcheck disable=SC2046 # the sizes are two words
    case $rt in
    pinion) out=$(PINION_BENCH_WORKERS=$w "$PN" "$load" $(args "$load")) ;;
    tokio) out=$("$TK" "$w" "$load" $(args "$load")) ;;
    go) out=$(GOMAXPROCS=$w "$GO" "$load" $(args "$load")) ;;
    esac
    printf '%s\n' "$out" >>"$WORK/$rt.$w.$load"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "nan"}'; }
# metric RUNTIME WORKERS WORKLOAD METRIC: the median over the runs.
metric() { awk -v m="$4" '$2 == m {print $3}' "$WORK/$1.$2.$3" | median; }
# split_metric RUNTIME: the median messages/s on 2 workers over the runs
# whose producer and consumer ran on two threads ("-" when none did).
split_metric() {
    local f=$WORK/$1.2.channel
    if [ "$(count "$1" 2 channel split 1)" -gt 0 ]; then
        awk '$2 == "msgs_per_sec" {v = $3} $2 == "split" && $3 == 1 {print v}' "$f" | median
    else
        echo "-"
    fi
}
# count RUNTIME WORKERS WORKLOAD METRIC VALUE: in how many runs METRIC was VALUE.
count() { awk -v m="$4" -v v="$5" '$2 == m && $3 == v {n++} END {print n+0}' "$WORK/$1.$2.$3"; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
for _ in $(seq "$RUNS"); do
    for load in coarse channel mutex; do
        for w in 1 2; do
            for rt in pinion tokio go; do
                run "$rt" "$w" "$load"
            done
        done
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

for load in coarse channel mutex; do
    want=$(awk '$2 == "checksum" {print $3; exit}' "$WORK/pinion.1.$load")
    for rt in pinion tokio go; do
        for w in 1 2; do
            if awk -v c="$want" '$2 == "checksum" && $3 != c {bad = 1} END {exit !bad}' \
                "$WORK/$rt.$w.$load"; then
                echo "run.sh: $rt on $w workers, $load: checksum differs from Pinion's" >&2
                exit 1
            fi
        done
    done
done

echo
echo "coarse: $TASKS tasks of $ITERS grind steps each (median of $RUNS)"
echo
echo "| runtime | 1 worker: ms | 2 workers: ms | speedup | 2 workers: threads, tasks on the busiest |"
echo "|---|---:|---:|---:|---:|"
for rt in pinion tokio go; do
    one=$(metric "$rt" 1 coarse ms)
    two=$(metric "$rt" 2 coarse ms)
    threads=$(metric "$rt" 2 coarse threads)
    most=$(metric "$rt" 2 coarse most_on_a_thread)
    placed="$threads, $most of $TASKS"
    [ "$threads" = nan ] && placed="-"
    awk -v rt="$rt" -v a="$one" -v b="$two" -v t="$placed" \
        'BEGIN {printf "| %s | %.1f | %.1f | %.2fx | %s |\n", rt, a, b, a / b, t}'
done

echo
echo "channel: $N messages of 8 bytes, capacity $CAP, producer and consumer tasks (median of $RUNS)"
echo
echo "| runtime | 1 worker: msgs/s | 2 workers: msgs/s | 2 workers, split runs: msgs/s | 2 workers: runs split over two threads |"
echo "|---|---:|---:|---:|---:|"
for rt in pinion tokio go; do
    split="-" on_two="-"
    if [ "$rt" != go ]; then
        split="$(count "$rt" 2 channel split 1) of $RUNS"
        on_two=$(split_metric "$rt")
    fi
    awk -v rt="$rt" -v a="$(metric "$rt" 1 channel msgs_per_sec)" \
        -v b="$(metric "$rt" 2 channel msgs_per_sec)" -v t="$on_two" -v s="$split" \
        'BEGIN {printf "| %s | %.0f | %.0f | %s | %s |\n", rt, a, b, t == "-" ? "-" : sprintf("%.0f", t), s}'
done

echo
echo "mutex: $MTASKS tasks x $K lock/increment/unlock pairs, a yield every 16 (median of $RUNS)"
echo
echo "| runtime | 1 worker: pairs/s | 2 workers: pairs/s | 2 workers: slowest run | 2 workers: tasks on the busiest thread |"
echo "|---|---:|---:|---:|---:|"
for rt in pinion tokio go; do
    most="-"
    [ "$rt" = pinion ] && most="$(metric "$rt" 2 mutex most_on_a_thread) of $MTASKS"
    awk -v rt="$rt" -v a="$(metric "$rt" 1 mutex pairs_per_sec)" \
        -v b="$(metric "$rt" 2 mutex pairs_per_sec)" \
        -v c="$(awk '$2 == "pairs_per_sec" {print $3}' "$WORK/$rt.2.mutex" | sort -g | head -1)" \
        -v m="$most" 'BEGIN {printf "| %s | %.0f | %.0f | %.0f | %s |\n", rt, a, b, c, m}'
done
