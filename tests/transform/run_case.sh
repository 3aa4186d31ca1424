#!/usr/bin/env bash
# run_case.sh — the erasure oracle for one async program.
#
# A case is an async C program.  Read with -DPINION_ERASE it is an
# ordinary synchronous program (pinion.h erases `async`, turns await(E)
# into (E), and libpinion provides blocking versions of every runtime
# leaf).  The transformed program must print the same stdout and exit
# with the same status.  This script:
#   1. builds the synchronous reading with every compiler given, runs each
#      and checks they agree (a case whose output depends on unspecified
#      behaviour is a broken case, not a transformer bug);
#   2. runs pinion twice and checks the output is byte-identical;
#   3. compiles the output with every compiler (-std=c11 -Wall -Wextra
#      -Werror) and once more with the first one (-std=gnu11 -O2), links
#      each against the runtime, runs it and compares with step 1.
# A case may come with NAME.expected: its transformed runs must print
# exactly that file (for multi-task programs whose interleaving differs
# from the synchronous reading by design); the exit status is still
# compared with the synchronous run.
#
# usage: run_case.sh --pinion EXE --runtime LIB --include DIR --work DIR
#                    --cc CC [--cc CC...] [--sanitize "FLAGS"]
#                    [--expected FILE] CASE.c
set -u

pinion='' runtime='' include='' work='' sanitize='' expected=''
compilers=()
while [ $# -gt 1 ]; do
    case "$1" in
    --pinion) pinion=$2; shift 2 ;;
    --runtime) runtime=$2; shift 2 ;;
    --include) include=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --cc) compilers+=("$2"); shift 2 ;;
    --sanitize) sanitize=$2; shift 2 ;;
    --expected) expected=$2; shift 2 ;;
    *) echo "run_case.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
src=${1:?usage: run_case.sh OPTIONS CASE.c}
if [ -z "$pinion" ] || [ -z "$runtime" ] || [ -z "$include" ] || [ -z "$work" ] ||
   [ ${#compilers[@]} -eq 0 ]; then
    echo "run_case.sh: --pinion, --runtime, --include, --work and --cc are required" >&2
    exit 2
fi

name=$(basename "$src" .c)
rm -rf "$work"
mkdir -p "$work" || exit 2

# Sanitizer flags arrive as one string; split it on purpose.
# shellcheck disable=SC2206
san=($sanitize)
libs=("$runtime" -lpthread "-Wl,-rpath,$(dirname "$runtime")")
run_timeout=120
failed=0

fail() {
    echo "FAIL: $*"
    failed=1
}

# run BIN TAG: runs a program, leaves TAG.out, TAG.err and TAG.status.
run() {
    local bin=$1 tag=$2
    timeout "$run_timeout" "$bin" >"$work/$tag.out" 2>"$work/$tag.err"
    echo $? >"$work/$tag.status"
    if [ "$(cat "$work/$tag.status")" = 124 ]; then
        echo "note: $tag timed out after ${run_timeout}s"
    fi
}

show_stderr() {
    if [ -s "$work/$1.err" ]; then
        echo "--- stderr of $1 (first 40 lines) ---"
        head -n 40 "$work/$1.err"
    fi
}

# compare TAG: compares a transformed run with the reference.
compare() {
    local tag=$1 ok=1
    if ! cmp -s "$ref_out" "$work/$tag.out"; then
        fail "$tag: stdout differs from $ref_name"
        diff -u --label "$ref_name" --label "$tag" "$ref_out" "$work/$tag.out" | head -n 80
        ok=0
    fi
    local want got
    want=$(cat "$work/erased.status")
    got=$(cat "$work/$tag.status")
    if [ "$want" != "$got" ]; then
        fail "$tag: exit status $got, the synchronous reading exits with $want"
        ok=0
    fi
    [ $ok = 1 ] || show_stderr "$tag"
}

# 1. The synchronous reading, with every compiler.
first_cc=${compilers[0]}
for cc in "${compilers[@]}"; do
    tag=erased-$(basename "$cc")
    if ! "$cc" -std=c11 -O2 -Wall -Wextra -Werror -DPINION_ERASE "${san[@]}" -I"$include" \
        "$src" "${libs[@]}" -o "$work/$tag" 2>"$work/$tag.cc.err"; then
        echo "BROKEN CASE: the synchronous reading does not compile cleanly with $cc"
        cat "$work/$tag.cc.err"
        exit 1
    fi
    run "$work/$tag" "$tag"
done
first_tag=erased-$(basename "$first_cc")
for cc in "${compilers[@]:1}"; do
    tag=erased-$(basename "$cc")
    if ! cmp -s "$work/$first_tag.out" "$work/$tag.out" ||
        ! cmp -s "$work/$first_tag.status" "$work/$tag.status"; then
        echo "BROKEN CASE: the synchronous reading behaves differently under $first_cc and $cc"
        diff -u "$work/$first_tag.out" "$work/$tag.out" | head -n 40
        exit 1
    fi
done
cp "$work/$first_tag.out" "$work/erased.out"
cp "$work/$first_tag.status" "$work/erased.status"
if [ "$(cat "$work/erased.status")" = 124 ]; then
    echo "BROKEN CASE: the synchronous reading does not terminate"
    exit 1
fi
if [ -n "$expected" ]; then
    ref_out=$expected
    ref_name=$(basename "$expected")
else
    ref_out=$work/erased.out
    ref_name="synchronous reading"
fi

# 2. Transform, twice: the output must be deterministic.
out=$work/$name.pn.c
if ! "$pinion" "$src" -o "$out" -- -I"$include" 2>"$work/pinion.err"; then
    fail "pinion rejected the case"
    cat "$work/pinion.err"
    exit 1
fi
if [ ! -f "$out" ]; then
    fail "pinion exited with status 0 but wrote no output file"
    exit 1
fi
if [ -s "$work/pinion.err" ]; then
    echo "note: pinion wrote to stderr:"
    cat "$work/pinion.err"
fi
# The output names itself in #line directives, so the second run must
# write to the same path.
mv "$out" "$work/$name.pn1.c"
if ! "$pinion" "$src" -o "$out" -- -I"$include" 2>/dev/null ||
    ! cmp -s "$work/$name.pn1.c" "$out"; then
    fail "pinion's output is not deterministic (two runs differ)"
    diff -u "$work/$name.pn1.c" "$out" | head -n 40
fi

# 3. Compile the output with every compiler, run, compare.
build_and_compare() {
    local tag=$1 cc=$2
    shift 2
    if ! "$cc" "$@" -Wall -Wextra -Werror "${san[@]}" -I"$include" "$out" "${libs[@]}" \
        -o "$work/$tag" 2>"$work/$tag.cc.err"; then
        fail "$tag: the transformed program does not compile cleanly ($cc $*)"
        head -n 60 "$work/$tag.cc.err"
        return
    fi
    run "$work/$tag" "$tag"
    compare "$tag"
}
for cc in "${compilers[@]}"; do
    build_and_compare "pinion-$(basename "$cc")-c11" "$cc" -std=c11 -g
done
build_and_compare "pinion-$(basename "$first_cc")-gnu11-O2" "$first_cc" -std=gnu11 -O2

if [ $failed = 0 ]; then
    echo "PASS: $name (transformed output matches the $ref_name)"
    exit 0
fi
echo "output kept in $work"
exit 1
