#!/usr/bin/env bash
# run_error.sh — a misuse of the dialect must be refused properly.
#
# Each file in errors/ states what pinion must report, one line each:
#     // expect: LINE:COL: error: MESSAGE
# LINE:COL is the position in the original source.  The check: pinion
# exits with status 1; for every expectation some line of its stderr
# contains "FILE:LINE:COL: error: MESSAGE" (FILE as given on the command
# line, MESSAGE a prefix of the message text); and nothing is left behind
# in the (initially empty) output directory: no output file, no partial
# or temporary file.
#
# With --keep-existing the output file exists before the run (a previous
# good output); after the failed run it must be byte-identical or absent,
# never truncated or partly overwritten.
#
# usage: run_error.sh --pinion EXE --include DIR --work DIR
#                     [--keep-existing] CASE.c
set -u

pinion='' include='' work='' keep_existing=0
while [ $# -gt 1 ]; do
    case "$1" in
    --pinion) pinion=$2; shift 2 ;;
    --include) include=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep-existing) keep_existing=1; shift ;;
    *) echo "run_error.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
src=${1:?usage: run_error.sh OPTIONS CASE.c}
if [ -z "$pinion" ] || [ -z "$include" ] || [ -z "$work" ]; then
    echo "run_error.sh: --pinion, --include and --work are required" >&2
    exit 2
fi

mapfile -t expects < <(sed -n 's|^// expect: ||p' "$src")
if [ ${#expects[@]} -eq 0 ]; then
    echo "BROKEN CASE: $src has no '// expect: LINE:COL: error: MESSAGE' line"
    exit 2
fi

rm -rf "$work"
mkdir -p "$work/out" || exit 2
out=$work/out/result.c
if [ $keep_existing = 1 ]; then
    {
        echo "/* output of an earlier, successful run */"
        for i in $(seq 1 2000); do echo "int previous_$i = $i;"; done
    } >"$out"
    cp "$out" "$work/previous.c"
fi

"$pinion" "$src" -o "$out" -- -I"$include" >"$work/stdout" 2>"$work/stderr"
status=$?
failed=0
fail() {
    echo "FAIL: $*"
    failed=1
}

if [ $status != 1 ]; then
    fail "pinion exited with status $status, expected 1"
fi
for e in "${expects[@]}"; do
    want="$src:$e"
    if ! grep -qF -- "$want" "$work/stderr"; then
        fail "missing diagnostic: $want"
    fi
done

if [ $keep_existing = 1 ]; then
    if [ -e "$out" ] && ! cmp -s "$out" "$work/previous.c"; then
        fail "the existing output file was modified by a failed run ($(wc -c <"$out") bytes now)"
    fi
else
    if [ -e "$out" ]; then
        fail "an output file was written despite the error ($(wc -c <"$out") bytes)"
    fi
fi
leftovers=$(find "$work/out" -mindepth 1 ! -name result.c -printf '%f\n')
if [ -n "$leftovers" ]; then
    fail "files left behind in the output directory: $(echo "$leftovers" | tr '\n' ' ')"
fi

if [ $failed = 1 ]; then
    echo "--- pinion stderr ---"
    cat "$work/stderr"
    exit 1
fi
echo "PASS: $(basename "$src") refused with: $(head -n 1 "$work/stderr")"
exit 0
