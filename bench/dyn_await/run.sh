#!/usr/bin/env bash
# run.sh [RUNS] — an await through a pointer to an async function, side by
# side with a direct await of the same callee and with the C++20 peer,
# `co_await obj->inner(i)` through a virtual call on a heap-allocated
# coroutine (cpp_dyn_await.cpp, g++ -O2), for both callees of dyn_await
# (one that yields once, one that completes on its first poll).
#
# Builds dyn_await_pinion and dyn_await_cpp_gcc into build-bench/
# (Release), runs each program RUNS (5) times, interleaved and pinned to
# one core (the last, or $PINION_BENCH_CPU), N ($DYN_N, 10000000) awaits
# per run, prints every run and then a table of the medians, with the
# instructions per await from one run of each under callgrind
# ($CG_N, 200000 awaits, counting inside main) and the ratios.  The table
# goes into docs/performance.md by hand, between the dyn-cpp-results
# markers (tools/bench keeps that block).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${1:-5}
DYN_N=${DYN_N:-10000000}
CG_N=${CG_N:-200000}
BUILD=${PINION_BENCH_BUILD_DIR:-$ROOT/build-bench}
CPU=${PINION_BENCH_CPU:-$(($(nproc) - 1))}

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DPINION_BUILD_BENCH=ON -DBUILD_TESTING=OFF -DPINION_BUILD_SAMPLES=OFF >/dev/null
cmake --build "$BUILD" --target dyn_await_pinion dyn_await_cpp_gcc >/dev/null
BIN=$BUILD/bench/bin
PIN=()
command -v taskset >/dev/null && taskset -c "$CPU" true 2>/dev/null && PIN=(taskset -c "$CPU")

OUT=$(mktemp)
trap 'rm -f "$OUT" "$OUT.cg"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= RUNS; r++)); do
    for shape in yield ready; do
        "${PIN[@]}" "$BIN/dyn_await_pinion" "$shape" "$DYN_N" | tee -a "$OUT"
        "${PIN[@]}" "$BIN/dyn_await_cpp_gcc" "$shape" "$DYN_N" | tee -a "$OUT"
    done
done

# instructions NAME BIN ARGS...: instructions per await inside main.
instructions() {
    local name=$1 ir
    shift
    ir=$(valgrind --tool=callgrind --callgrind-out-file="$OUT.cg" --toggle-collect=main "$@" \
        2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9][0-9]*\).*/\1/p' | tail -n 1)
    [ -n "$ir" ] && awk -v n="$CG_N" -v ir="$ir" -v name="$name" \
        'BEGIN { printf "%s\tinstr_per_await\t%.6g\n", name, ir / n }' >>"$OUT"
}
if command -v valgrind >/dev/null; then
    for shape in yield ready; do
        instructions "dyn_await_$shape/direct" "$BIN/dyn_await_pinion" "$shape" "$CG_N" direct
        instructions "dyn_await_$shape/pointer" "$BIN/dyn_await_pinion" "$shape" "$CG_N" pointer
        instructions "dyn_await_$shape/cpp_direct" "$BIN/dyn_await_cpp_gcc" "$shape" "$CG_N" direct
        instructions "dyn_await_$shape/cpp_virtual" "$BIN/dyn_await_cpp_gcc" "$shape" "$CG_N" virtual
    done
fi

# med NAME METRIC: the median of the runs ("" when none).
med() {
    awk -F'\t' -v n="$1" -v m="$2" '$1 == n && $2 == m { print $3 }' "$OUT" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.2f×", a / b }'; }
fmt() { awk -v v="$1" -v d="$2" 'BEGIN { if (v != "") printf "%.*f", d, v }'; }

echo
echo "| callee | Pinion, direct await: ns (instructions) | Pinion, through a pointer: ns (instructions) | pointer vs direct: time (instructions) | C++20, \`co_await obj->inner(i)\`, virtual: ns (instructions) | C++ virtual vs Pinion pointer: time (instructions) | heap allocations per await: Pinion pointer, C++ virtual |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for shape in yield ready; do
    case $shape in
        yield) what="yields once" ;;
        ready) what="completes on its first poll" ;;
    esac
    d=$(med "dyn_await_$shape/direct" ns_per_await)
    p=$(med "dyn_await_$shape/pointer" ns_per_await)
    c=$(med "dyn_await_$shape/cpp_virtual" ns_per_await)
    di=$(med "dyn_await_$shape/direct" instr_per_await)
    pi=$(med "dyn_await_$shape/pointer" instr_per_await)
    ci=$(med "dyn_await_$shape/cpp_virtual" instr_per_await)
    echo "| $what | $(fmt "$d" 2) ($(fmt "$di" 0)) | $(fmt "$p" 2) ($(fmt "$pi" 0)) |" \
        "$(ratio "$p" "$d") ($(ratio "$pi" "$di")) | $(fmt "$c" 2) ($(fmt "$ci" 0)) |" \
        "$(ratio "$c" "$p") ($(ratio "$ci" "$pi")) |" \
        "$(fmt "$(med "dyn_await_$shape/pointer" allocs_per_await)" 2)," \
        "$(fmt "$(med "dyn_await_$shape/cpp_virtual" allocs_per_await)" 2) |"
done
