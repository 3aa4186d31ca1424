#!/usr/bin/env bash
# frame_sizes.sh — the frame of every async function of the samples, the
# benchmarks and the transformer's test cases, as --print-frame-layout
# reports it (which the compiler's own layout matches: tests/integration,
# target_mode.corpus_layouts).
#
#   bench/frame_sizes.sh PINION [WORK_DIR]         Markdown table
#   bench/frame_sizes.sh PINION --list             every frame, one a line
#   bench/frame_sizes.sh PINION --save FILE        the same, into FILE
#   bench/frame_sizes.sh PINION --compare FILE     against a saved list
#
# PINION is the transformer to measure.
#
# The Markdown table (what tools/bench puts in docs/performance.md) lays
# out every async function of the samples and the benchmarks with the
# transformer's liveness analysis and storage sharing (the default) and
# without them (--no-frame-packing: every local whose scope has an await
# after it, each in a field of its own); two last rows sum up the frames
# of tests/transform/cases and of the transformer benchmark's generated
# file (gen_big_async.sh), too many for the table.  WORK_DIR (a temporary
# directory by default) receives the transformed files, which target mode
# needs to write: netdemo's program embeds the frames of its library.
#
# --list prints every frame of the samples, the benchmarks and every
# tests/transform/cases/*.c as "SOURCE<TAB>FUNCTION<TAB>BYTES" (SOURCE
# relative to the source tree), laid out as the transformer does by
# default; --save writes that list to FILE.  --compare FILE prints each
# frame whose size differs from FILE's (grown or shrunk, with both sizes),
# each frame only one of them has, and a summary; it exits 1 when a frame
# grew, 0 otherwise.  bench/frame_sizes.baseline.tsv is such a list, saved
# when the transformer first reported every frame, so that a change can be
# checked with
#     bench/frame_sizes.sh build/transformer/pinion --compare bench/frame_sizes.baseline.tsv
# and a deliberate change of sizes saves a new one.  A file the transformer
# refuses stops every mode with status 2 rather than leave its frames out.
set -euo pipefail

usage='usage: frame_sizes.sh PINION [WORK_DIR | --list | --save FILE | --compare FILE]'
PINION=${1:?$usage}
shift
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=table WORK='' FILE=''
case "${1:-}" in
    --list) mode=list ;;
    --save | --compare)
        mode=${1#--}
        FILE=${2:?$usage}
        ;;
    -*) echo "$usage" >&2; exit 2 ;;
    *) WORK=${1:-} ;;
esac
if [ "$mode" = compare ] && [ ! -r "$FILE" ]; then
    echo "frame_sizes.sh: cannot read $FILE" >&2
    exit 2
fi
if [ -z "$WORK" ]; then
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
INC=(-D_GNU_SOURCE -I"$ROOT/runtime/include")
BENCH=(-DNDEBUG -DBENCH_VARIANT='"pinion"' -I"$ROOT/bench/common")

# lay OUT FLAG... -- PINION_ARGS...: pinion --print-frame-layout into OUT;
# a refused file stops the script.
lay() {
    local out=$1 flags=()
    shift
    while [ "$1" != -- ]; do
        flags+=("$1")
        shift
    done
    shift
    if ! "$PINION" "${flags[@]}" --print-frame-layout "$@" >"$out" 2>"$out.err"; then
        echo "frame_sizes.sh: pinion failed: ${flags[*]} --print-frame-layout $*" >&2
        head -n 5 "$out.err" >&2
        : >"$out.failed"
        return 2
    fi
}

# frames: the report on stdin as "source<TAB>function<TAB>bytes".
frames() {
    sed -n 's|^frame of \([A-Za-z_0-9]*\) (\(.*\):[0-9]*): \([0-9]*\) bytes.*|\2\t\1\t\3|p' |
        sed "s|^$ROOT/||"
}

# layouts MODE [cases]: every frame of the benchmarks and the samples (and
# of the test cases with "cases") as "source<TAB>function<TAB>bytes", MODE
# being "before" (--no-frame-packing) or "after".  Two files at a time;
# the list keeps the order of the files and, within one, of the frames.
layouts() {
    local mode=$1 with_cases=${2:-} flag=() out=$WORK/$1 src d i=0 pids=()
    [ "$mode" = before ] && flag=(--no-frame-packing)
    mkdir -p "$out"
    run() { # one job; waits for a free slot first
        if [ ${#pids[@]} -ge 2 ]; then
            wait "${pids[0]}" || true
            pids=("${pids[@]:1}")
        fi
        lay "$@" &
        pids+=($!)
    }
    for src in bench/yield_chain/pinion_chain.c bench/timers_memory/timers_async.c \
        bench/spawn/spawn_async.c; do
        d=$(dirname "$src")
        run "$out/$((i++)).txt" "${flag[@]}" -- "$ROOT/$src" -- "${INC[@]}" "${BENCH[@]}" -I"$ROOT/$d"
    done
    for src in samples/hello/hello.c samples/servers/http_server.c \
        samples/servers/kv_server.c samples/servers/fetch.c samples/servers/echo_server.c \
        samples/servers/echo_client.c; do
        run "$out/$((i++)).txt" "${flag[@]}" -- "$ROOT/$src" -- "${INC[@]}" -I"$ROOT/samples/servers"
    done
    # netdemo: two targets, the program embedding the library's frames.
    local nd=$ROOT/samples/netdemo
    run "$out/$((i++)).txt" "${flag[@]}" --target netlib \
        --frames-header "$out/netlib/pinion_frames/netlib.frames.h" \
        "$nd/netlib/conn.c" -o "$out/netlib/conn.pn.c" \
        "$nd/netlib/server.c" -o "$out/netlib/server.pn.c" \
        -- -- "${INC[@]}" -I"$nd/netlib/include" -I"$nd/netlib"
    for pid in "${pids[@]}"; do wait "$pid" || true; done
    pids=()
    run "$out/$((i++)).txt" "${flag[@]}" --target netdemo \
        --frames-header "$out/app/pinion_frames/netdemo.frames.h" \
        "$nd/app/main.c" -o "$out/app/main.pn.c" \
        "$nd/app/session.c" -o "$out/app/session.pn.c" \
        -- -- "${INC[@]}" -I"$nd/netlib/include" -I"$nd/app" -I"$out/netlib"
    if [ -n "$with_cases" ]; then
        for src in "$ROOT"/tests/transform/cases/*.c; do
            run "$out/$((i++)).txt" "${flag[@]}" -- "$src" -- -I"$ROOT/runtime/include"
        done
    fi
    for pid in "${pids[@]}"; do wait "$pid" || true; done
    if compgen -G "$out/*.failed" >/dev/null; then
        return 2
    fi
    local k
    for ((k = 0; k < i; k++)); do frames <"$out/$k.txt"; done
}

case $mode in
list)
    layouts after cases || exit 2
    exit 0
    ;;
save)
    layouts after cases >"$WORK/list.tsv" || exit 2
    mv "$WORK/list.tsv" "$FILE"
    echo "frame_sizes.sh: $(wc -l <"$FILE") frames saved in $FILE" >&2
    exit 0
    ;;
compare)
    layouts after cases >"$WORK/list.tsv" || exit 2
    # Old sizes first, then the new ones; a frame is SOURCE and FUNCTION.
    awk -F '\t' -v saved="$FILE" '
        NR == FNR { old[$1 "\t" $2] = $3; order[++n] = $1 "\t" $2; next }
        {
            k = $1 "\t" $2
            seen[k] = 1
            if (!(k in old)) { printf "new     %s\t%d bytes\n", k, $3; added++; next }
            if ($3 > old[k]) { printf "GREW    %s\t%d -> %d bytes (+%d)\n", k, old[k], $3, $3 - old[k]; grew++ }
            else if ($3 < old[k]) { printf "shrank  %s\t%d -> %d bytes (-%d)\n", k, old[k], $3, old[k] - $3; shrank++ }
            else same++
            to += old[k]; tn += $3
        }
        END {
            for (i = 1; i <= n; i++)
                if (!(order[i] in seen)) { printf "gone    %s\t%d bytes\n", order[i], old[order[i]]; gone++ }
            printf "frame_sizes.sh: %d frames compared with %s: %d grew, %d shrank, %d unchanged; %d new, %d gone; the compared frames hold %d bytes, %d before (%+d)\n",
                grew + shrank + same, saved, grew, shrank, same, added, gone, tn, to, tn - to
            exit grew ? 1 : 0
        }' "$FILE" "$WORK/list.tsv"
    exit $?
    ;;
esac

layouts before cases >"$WORK/before.tsv" || exit 2
layouts after cases >"$WORK/after.tsv" || exit 2
"$ROOT/bench/gen_big_async.sh" 2000 >"$WORK/big_async.c"
big() { # FLAG...: the total frame bytes and the frame count of the generated file
    lay "$WORK/big.txt" "$@" -- "$WORK/big_async.c" -- "${INC[@]}" || exit 2
    frames <"$WORK/big.txt" | awk -F '\t' '{ t += $3; n++ } END { print t, n }'
}
read -r big_before big_n < <(big --no-frame-packing)
read -r big_after _ < <(big)

echo "| source | async function | frame bytes, scope rule | frame bytes, liveness and sharing | saved |"
echo "|---|---|---:|---:|---:|"
paste "$WORK/before.tsv" "$WORK/after.tsv" | awk -F '\t' '
    function row(label, what, b, a) {
        printf "| %s | %s | %d | %d | %s |\n", label, what, b, a,
            b - a ? sprintf("%d (%.1f%%)", b - a, 100 * (b - a) / b) : "—"
    }
    $1 != $4 || $2 != $5 { print "frame_sizes.sh: the two runs list different frames" > "/dev/stderr"; exit 1 }
    $1 ~ /^tests\/transform\/cases\// { cb += $3; ca += $6; cn++; next }
    { row("`" $1 "`", "`" $2 "`", $3, $6); tb += $3; ta += $6; n++ }
    END {
        if (n) row("all " n " frames above", "", tb, ta)
        if (cn) row("`tests/transform/cases/*.c`", "all " cn " frames", cb, ca)
    }'
awk -v b="$big_before" -v a="$big_after" -v n="$big_n" 'BEGIN {
    printf "| `gen_big_async.sh 2000` (generated) | all %d frames | %d | %d | %d (%.1f%%) |\n", n, b, a, b - a, 100 * (b - a) / b
}'
