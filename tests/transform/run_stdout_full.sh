#!/usr/bin/env bash
# run_stdout_full.sh — a report that cannot be written is an error.
#
# `pinion --print-frame-layout` and `--print-states` (text and JSON) with
# their standard output on /dev/full, where every write fails with ENOSPC:
# each must exit 1, say so on stderr ("pinion: error: writing standard
# output: ...") and, with -o, leave no output file behind.  A transformer
# that ignores the write error exits 0 with a report nobody received.
#
# usage: run_stdout_full.sh --pinion EXE --include DIR --work DIR CASE.c
set -u

pinion='' include='' work=''
while [ $# -gt 1 ]; do
    case "$1" in
    --pinion) pinion=$2; shift 2 ;;
    --include) include=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "run_stdout_full.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
src=${1:?usage: run_stdout_full.sh OPTIONS CASE.c}
if [ -z "$pinion" ] || [ -z "$include" ] || [ -z "$work" ]; then
    echo "run_stdout_full.sh: --pinion, --include and --work are required" >&2
    exit 2
fi
if [ ! -w /dev/full ]; then
    echo "SKIP: no /dev/full"
    exit 0
fi
rm -rf "$work"
mkdir -p "$work"

fails=0
for report in --print-frame-layout --print-states; do
    for format in --format=text --format=json; do
        for out in none file; do
            args=("$report" "$format" "$src")
            [ $out = file ] && args+=(-o "$work/out.c")
            rm -f "$work/out.c"
            "$pinion" "${args[@]}" -- -I"$include" >/dev/full 2>"$work/err"
            status=$?
            what="pinion ${args[*]} >/dev/full"
            if [ $status != 1 ]; then
                echo "FAIL: $what exited $status, expected 1"
                fails=$((fails + 1))
            elif ! grep -q '^pinion: error: writing standard output: ' "$work/err"; then
                echo "FAIL: $what did not report the write error; stderr:"
                sed 's/^/    /' "$work/err"
                fails=$((fails + 1))
            elif [ -e "$work/out.c" ]; then
                echo "FAIL: $what wrote $work/out.c although it failed"
                fails=$((fails + 1))
            fi
        done
    done
done
# The same report to a working stdout still succeeds.
if ! "$pinion" --print-frame-layout "$src" -- -I"$include" >"$work/layout.txt" 2>"$work/err" ||
    ! grep -q '^frame of ' "$work/layout.txt"; then
    echo "FAIL: pinion --print-frame-layout $src to a file"
    fails=$((fails + 1))
fi
[ $fails = 0 ] && echo "ok"
[ $fails = 0 ]
