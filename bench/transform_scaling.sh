#!/usr/bin/env bash
# transform_scaling.sh — how the transformer's time grows with its input,
# against `clang -fsyntax-only` on the same file with the same flags.
#
#   bench/transform_scaling.sh [--doc] [--instructions] [PINION [RUNS]]
#
# PINION defaults to a Release build of the transformer in build-bench/
# (or $PINION_BENCH_BUILD_DIR), configured and built as tools/bench does;
# RUNS (runs per median) defaults to $PINION_BENCH_RUNS, else 5.  Every
# input is generated at run time:
#   - one async function with 1,000, 2,000, 4,000 and 8,000 awaits (half
#     of them statements `await(g(s));`, half `s += await(g(s));`);
#   - csmith programs of about 3,000, 6,000 and 13,000 lines made async as
#     tools/csmith-soak does (tests/transform/csmith/asyncify.c: every
#     function async, every call of one awaited), generated with seed 1 and
#     --max-funcs 18, 40 and 112 with the soak's options for large programs
#     (csmith 2.3.0; another csmith version writes other programs);
#   - bench/gen_big_async.sh 2000 (many async functions) and the same file
#     with --sync (no async function at all);
#   - nested awaits, await(g(await(g(... n + (struct s){0} ...)))), which
#     clang refuses: 500 deep for the type error at the innermost (with
#     -fbracket-depth=2048 for both; 1,000 deep, clang 14 runs out of
#     stack), 1,000 deep for nesting past its default bracket depth.
# Each run of `pinion FILE -o OUT -- FLAGS` is followed by a run of
# `clang FLAGS -fsyntax-only FILE`, so both see the same load; the table
# gives the median wall time and the median CPU time (user + system:
# steadier on a shared machine) of each, and their ratios, then the
# targets with a verdict each (judged on CPU time).  FLAGS are -std=c11
# -D_GNU_SOURCE -w -I runtime/include (-w: the csmith programs make clang
# print megabytes of warnings, which pinion does not print).  Runs are
# pinned to one core with taskset when it exists.  csmith (and its
# headers) is installed like the other benchmark tools when missing
# (tools/lib/deps.sh).  With --instructions each input is also run once
# under `valgrind --tool=callgrind` through pinion and through clang, and
# the table gives both instruction counts (all threads, process start-up
# included) and their ratio: exact, where the times move with the load of
# a shared machine, at the price of a few minutes.  With --doc the tables
# also replace the ones between the scaling-results markers of
# docs/performance.md.  Not a test: nothing here fails on a slow result.
set -euo pipefail
# shellcheck source=tools/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib/common.sh"
# shellcheck source=tools/lib/deps.sh
source "$PINION_ROOT/tools/lib/deps.sh"

ROOT=$PINION_ROOT
write_doc=0 instructions=0
while [ $# -gt 0 ]; do
    case $1 in
        --doc) write_doc=1 ;;
        --instructions) instructions=1 ;;
        *) break ;;
    esac
    shift
done
RUNS=${2:-${PINION_BENCH_RUNS:-5}}
case $RUNS in
    '' | *[!0-9]* | 0) pn_die "RUNS is a positive integer" ;;
esac
if ! command -v csmith >/dev/null || [ ! -e /usr/include/csmith/csmith.h ]; then
    pn_ensure_packages csmith libcsmith-dev
fi
if [ "$instructions" = 1 ] && ! command -v valgrind >/dev/null; then
    pn_ensure_packages valgrind
fi
if [ -n "${1:-}" ]; then
    PINION=$1
else
    BENCH_DIR=${PINION_BENCH_BUILD_DIR:-$ROOT/build-bench}
    cmake -S "$ROOT" -B "$BENCH_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DPINION_BUILD_BENCH=ON -DBUILD_TESTING=OFF -DPINION_BUILD_SAMPLES=OFF >/dev/null
    ninja -C "$BENCH_DIR" -j "$PINION_JOBS" pinion >/dev/null
    PINION=$BENCH_DIR/transformer/pinion
fi
CLANG=/usr/lib/llvm-14/bin/clang
[ -x "$CLANG" ] || CLANG=$(command -v clang)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FLAGS=(-std=c11 -D_GNU_SOURCE -w -I"$ROOT/runtime/include")
PIN=()
PIN_DESC="not pinned"
if command -v taskset >/dev/null && taskset -c "$(($(nproc) - 1))" true 2>/dev/null; then
    PIN=(taskset -c "$(($(nproc) - 1))")
    PIN_DESC="pinned to CPU $(($(nproc) - 1))"
fi

awaits() { # N: one async function with N awaits
    echo '#include <pinion.h>'
    printf 'async int g(int x)\n{\n    await(pn_yield());\n    return x + 1;\n}\n\n'
    printf 'async int f(int n)\n{\n    int s = n;\n'
    for ((i = 0; i < $1; i += 2)); do
        printf '    await(g(s));\n    s += await(g(s));\n'
    done
    printf '    return s;\n}\n'
}

nested() { # N: N nested awaits around a type error
    printf '#include <pinion.h>\nstruct s { int a; };\nasync int g(int x);\n'
    printf 'async int f(int n)\n{\n    return '
    for ((i = 0; i < $1; i++)); do printf 'await(g('; done
    printf 'n + (struct s){0}'
    for ((i = 0; i < $1; i++)); do printf '))'; done
    printf ';\n}\n'
}

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# one_run FILE CMD...: appends "WALL CPU" in seconds to FILE.  The exit
# status is not checked: the refused inputs exit 1 on purpose.
one_run() {
    local times=$1
    shift
    { TIMEFORMAT='%R %U %S'; time "${PIN[@]}" "$@" >/dev/null 2>&1 || true; } 2>>"$times"
}

# medians FILE: "WALL CPU", the median wall and CPU (user + system) times in ms
medians() {
    echo "$(awk '{ print $1 * 1000 }' "$1" | median) $(awk '{ print ($2 + $3) * 1000 }' "$1" | median)"
}

# instructions_of CMD...: the instructions CMD executes, in millions
instructions_of() {
    valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" "$@" >/dev/null 2>"$WORK/cg.log" || true
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p; s/.*refs: *\([0-9,]*\).*/\1/p' "$WORK/cg.log" | tr -d , |
        awk 'NR == 1 { printf "%.0f", $1 / 1e6 }'
}

RESULTS=$WORK/results.tsv
: >"$RESULTS"
row() { # KEY LABEL FILE EXTRA_FLAGS...
    local key=$1 label=$2 file=$3 r pw pc cw cc
    shift 3
    : >"$WORK/p.times"
    : >"$WORK/c.times"
    # One warm-up run of each (file cache, dynamic loader), then pinion and
    # clang alternately.
    "$PINION" "$file" -o "$WORK/out.c" -- "${FLAGS[@]}" "$@" >/dev/null 2>&1 || true
    "$CLANG" "${FLAGS[@]}" "$@" -fsyntax-only "$file" >/dev/null 2>&1 || true
    for ((r = 0; r < RUNS; r++)); do
        one_run "$WORK/p.times" "$PINION" "$file" -o "$WORK/out.c" -- "${FLAGS[@]}" "$@"
        one_run "$WORK/c.times" "$CLANG" "${FLAGS[@]}" "$@" -fsyntax-only "$file"
    done
    read -r pw pc < <(medians "$WORK/p.times")
    read -r cw cc < <(medians "$WORK/c.times")
    local pi=0 ci=0
    if [ "$instructions" = 1 ]; then
        pi=$(instructions_of "$PINION" "$file" -o "$WORK/out.c" -- "${FLAGS[@]}" "$@")
        ci=$(instructions_of "$CLANG" "${FLAGS[@]}" "$@" -fsyntax-only "$file")
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$label" "$(wc -l <"$file")" "$pw" "$cw" "$pc" "$cc" \
        "$pi" "$ci" >>"$RESULTS"
    echo "  $label: pinion $pc ms CPU, clang $cc ms CPU" >&2
}

echo "measuring (${RUNS} runs per median, $PIN_DESC) ..." >&2
for n in 1000 2000 4000 8000; do
    awaits "$n" >"$WORK/awaits_$n.c"
    row "awaits_$n" "one function, $n awaits" "$WORK/awaits_$n.c"
done
cc -std=c11 -O2 -o "$WORK/asyncify" "$ROOT/tests/transform/csmith/asyncify.c"
for mf in 18 40 112; do
    # The options of tools/csmith-soak --large.
    csmith --seed 1 --no-argc --no-volatiles --no-volatile-pointers --no-packed-struct \
        --max-funcs "$mf" -o "$WORK/csmith_$mf.c" >/dev/null
    "$WORK/asyncify" "$WORK/csmith_$mf.c" >"$WORK/async_$mf.c"
    row "csmith_$mf" "csmith seed 1, --max-funcs $mf, made async" "$WORK/async_$mf.c" \
        -I/usr/include/csmith
done
"$ROOT/bench/gen_big_async.sh" 2000 >"$WORK/big_async.c"
"$ROOT/bench/gen_big_async.sh" --sync 2000 >"$WORK/big_sync.c"
row big_async "gen_big_async.sh 2000 (async functions)" "$WORK/big_async.c"
row big_sync "gen_big_async.sh --sync 2000 (no async function)" "$WORK/big_sync.c"
nested 500 >"$WORK/nested_500.c"
row nested_500 "500 nested awaits, refused (the type error)" "$WORK/nested_500.c" \
    -fbracket-depth=2048
nested 1000 >"$WORK/nested_1000.c"
row nested_1000 "1,000 nested awaits, refused (nesting past clang's bracket depth)" \
    "$WORK/nested_1000.c"

TABLES=$WORK/tables.md
{
    cmd=bench/transform_scaling.sh
    [ "$instructions" = 1 ] && cmd="$cmd --instructions"
    [ "$RUNS" = 5 ] || cmd="PINION_BENCH_RUNS=$RUNS $cmd"
    echo "Measured $(date -u +%Y-%m-%d) with \`$cmd\`: $RUNS runs per median,"
    echo "$PIN_DESC, pinion and clang run alternately; load average when the run started:"
    echo "$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)."
    echo
    if [ "$instructions" = 1 ]; then
        echo "| input | lines | \`pinion\` ms | \`clang -fsyntax-only\` ms | ratio | \`pinion\` CPU ms | \`clang\` CPU ms | CPU ratio | \`pinion\` M instructions | \`clang\` M instructions | instructions ratio |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    else
        echo "| input | lines | \`pinion\` ms | \`clang -fsyntax-only\` ms | ratio | \`pinion\` CPU ms | \`clang\` CPU ms | CPU ratio |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    fi
    awk -F '\t' '{ printf "| %s | %d | %.0f | %.0f | %.2f× | %.0f | %.0f | %.2f× |", $2, $3, $4, $5, $4 / $5, $6, $7, $6 / $7
                   if ($8 > 0 && $9 > 0) printf " %d | %d | %.2f× |", $8, $9, $8 / $9
                   printf "\n" }' "$RESULTS"
    echo
    echo "| target (CPU time) | measured | |"
    echo "|---|---|---|"
    awk -F '\t' '
        { lines[$1] = $3; p[$1] = $6; c[$1] = $7; pi[$1] = $8; ci[$1] = $9 }
        function instr(key) { return pi[key] > 0 && ci[key] > 0 ? sprintf(" (instructions: %.2f×)", pi[key] / ci[key]) : "" }
        function verdict(ok) { return ok ? "met" : "**not met**" }
        function ratio_row(what, key, limit) {
            printf "| %s ≤ %.2f× `clang -fsyntax-only` | %.2f×%s | %s |\n", what, limit,
                p[key] / c[key], instr(key), verdict(p[key] / c[key] <= limit)
        }
        END {
            printf "| 8,000 awaits in one function in under 1 s | %.0f ms | %s |\n", p["awaits_8000"],
                verdict(p["awaits_8000"] < 1000)
            growth = ""
            if (pi["awaits_4000"] > 0)
                growth = sprintf(" (instructions: %.2f×)", pi["awaits_8000"] / pi["awaits_4000"])
            printf "| 8,000 awaits ≤ 2.3× the time of 4,000 | %.2f×%s | %s |\n",
                p["awaits_8000"] / p["awaits_4000"], growth, verdict(p["awaits_8000"] <= 2.3 * p["awaits_4000"])
            ratio_row("csmith, " lines["csmith_18"] " lines:", "csmith_18", 1.3)
            ratio_row("csmith, " lines["csmith_40"] " lines:", "csmith_40", 1.3)
            ratio_row("csmith, " lines["csmith_112"] " lines:", "csmith_112", 1.3)
            ratio_row("gen_big_async.sh 2000:", "big_async", 1.2)
            ratio_row("no async function:", "big_sync", 1.05)
            printf "| refused input reported in time proportional to its size: 500 and 1,000 nested awaits | %.0f ms and %.0f ms (clang alone: %.0f ms and %.0f ms) | %s |\n",
                p["nested_500"], p["nested_1000"], c["nested_500"], c["nested_1000"],
                verdict(p["nested_500"] <= 1.3 * c["nested_500"] && p["nested_1000"] <= 1.3 * c["nested_1000"])
        }' "$RESULTS"
} >"$TABLES"
cat "$TABLES"

if [ "$write_doc" = 1 ]; then
    DOC=$ROOT/docs/performance.md
    grep -q '^<!-- scaling-results -->$' "$DOC" || pn_die "no scaling-results markers in $DOC"
    awk -v tables="$TABLES" '
        /^<!-- scaling-results -->$/ { print; while ((getline l < tables) > 0) print l; skip = 1; next }
        /^<!-- \/scaling-results -->$/ { skip = 0 }
        !skip' "$DOC" >"$DOC.tmp"
    mv "$DOC.tmp" "$DOC"
    echo "wrote docs/performance.md" >&2
fi
