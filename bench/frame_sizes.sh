#!/usr/bin/env bash
# frame_sizes.sh — the frame of every async function of the samples and the
# benchmarks, with the transformer's liveness analysis and storage sharing
# (the default) and without them (--no-frame-packing: every local whose
# scope has an await after it, each in a field of its own), as a Markdown
# table on stdout.
#
#   bench/frame_sizes.sh PINION [WORK_DIR]
#
# PINION is the transformer to measure; WORK_DIR (a temporary directory by
# default) receives the transformed files, which target mode needs to
# write: netdemo's program embeds the frames of its library.  The last row
# sums up the transformer benchmark's generated file (gen_big_async.sh),
# whose hundreds of frames would not fit in the table.  Sizes are
# those --print-frame-layout reports, which the compiler's own layout
# matches (tests/integration: target_mode.corpus_layouts).
set -euo pipefail

PINION=${1:?usage: frame_sizes.sh PINION [WORK_DIR]}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${2:-}
if [ -z "$WORK" ]; then
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
INC=(-D_GNU_SOURCE -I"$ROOT/runtime/include")
BENCH=(-DNDEBUG -DBENCH_VARIANT='"pinion"' -I"$ROOT/bench/common")

# layouts MODE: every frame as "source<TAB>function<TAB>bytes", MODE being
# "before" (--no-frame-packing) or "after".
layouts() {
    local mode=$1 flag=() out=$WORK/$1 src d
    [ "$mode" = before ] && flag=(--no-frame-packing)
    mkdir -p "$out"
    {
        for src in bench/yield_chain/pinion_chain.c bench/timers_memory/timers_async.c \
            bench/spawn/spawn_async.c; do
            d=$(dirname "$src")
            "$PINION" "${flag[@]}" --print-frame-layout "$ROOT/$src" -- "${INC[@]}" \
                "${BENCH[@]}" -I"$ROOT/$d"
        done
        for src in samples/hello/hello.c samples/servers/http_server.c \
            samples/servers/kv_server.c samples/servers/fetch.c samples/servers/echo_server.c \
            samples/servers/echo_client.c; do
            "$PINION" "${flag[@]}" --print-frame-layout "$ROOT/$src" -- "${INC[@]}" \
                -I"$ROOT/samples/servers"
        done
        # netdemo: two targets, the program embedding the library's frames.
        local nd=$ROOT/samples/netdemo
        "$PINION" "${flag[@]}" --print-frame-layout --target netlib \
            --frames-header "$out/netlib/pinion_frames/netlib.frames.h" \
            "$nd/netlib/conn.c" -o "$out/netlib/conn.pn.c" \
            "$nd/netlib/server.c" -o "$out/netlib/server.pn.c" \
            -- "${INC[@]}" -I"$nd/netlib/include" -I"$nd/netlib"
        "$PINION" "${flag[@]}" --print-frame-layout --target netdemo \
            --frames-header "$out/app/pinion_frames/netdemo.frames.h" \
            "$nd/app/main.c" -o "$out/app/main.pn.c" \
            "$nd/app/session.c" -o "$out/app/session.pn.c" \
            -- "${INC[@]}" -I"$nd/netlib/include" -I"$nd/app" -I"$out/netlib"
    } | sed -n 's|^frame of \([A-Za-z_0-9]*\) (\(.*\):[0-9]*): \([0-9]*\) bytes.*|\2\t\1\t\3|p' |
        sed "s|$ROOT/||"
}

layouts before >"$WORK/before.tsv"
layouts after >"$WORK/after.tsv"
"$ROOT/bench/gen_big_async.sh" 2000 >"$WORK/big_async.c"
big() { # MODE FLAG...: the total frame bytes and the frame count of the generated file
    shift
    "$PINION" "$@" --print-frame-layout "$WORK/big_async.c" -- "${INC[@]}" |
        sed -n 's|^frame of .*: \([0-9]*\) bytes.*|\1|p' | awk '{ t += $1; n++ } END { print t, n }'
}
read -r big_before big_n < <(big before --no-frame-packing)
read -r big_after _ < <(big after)

echo "| source | async function | frame bytes, scope rule | frame bytes, liveness and sharing | saved |"
echo "|---|---|---:|---:|---:|"
paste "$WORK/before.tsv" "$WORK/after.tsv" | awk -F '\t' '
    $1 != $4 || $2 != $5 { print "frame_sizes.sh: the two runs list different frames" > "/dev/stderr"; exit 1 }
    {
        saved = $3 - $6
        printf "| `%s` | `%s` | %d | %d | %s |\n", $1, $2, $3, $6,
            saved ? sprintf("%d (%.1f%%)", saved, 100 * saved / $3) : "—"
        tb += $3; ta += $6; n++
    }
    END {
        if (n) printf "| all %d frames above | | %d | %d | %d (%.1f%%) |\n", n, tb, ta, tb - ta, 100 * (tb - ta) / tb
    }'
awk -v b="$big_before" -v a="$big_after" -v n="$big_n" 'BEGIN {
    printf "| `gen_big_async.sh 2000` (generated) | all %d frames | %d | %d | %d (%.1f%%) |\n", n, b, a, b - a, 100 * (b - a) / b
}'
