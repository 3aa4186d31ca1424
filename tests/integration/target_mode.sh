#!/usr/bin/env bash
# target_mode.sh — `pinion --target` on its own, without a build system.
#
# usage: target_mode.sh --pinion EXE --runtime LIB --include DIR --cc CC
#                       --source DIR --work DIR [--corpus DIR] SCENARIO
#
# --source is tests/integration/targetmode: lib/ (twice.c and sum.c, sum.c
# awaiting twice.c), app/ (main.c and run.c awaiting each other and the
# library) and cycle/ (a.c, b.c, c.c awaiting each other in a ring).
#
#   recursion_across_files  a.c -> b.c -> c.c -> a.c is refused: exit status
#                           1, the cycle spelled out at the await in a.c
#                           that enters it, and no file written at all
#   duplicate_definition    two files defining fa() are refused, naming both
#   library_frames          the library is transformed, then the program
#                           with the library's output directory as -I: the
#                           program's files include the library's frames
#                           header (which its depfile lists); everything
#                           compiles warning-free with -Werror and prints
#                           what the synchronous reading (-DPINION_ERASE)
#                           prints
#   overflowing_layout      a library's frames header whose layout line has
#                           a size or an alignment too large for a long
#                           long is refused as malformed, not read as some
#                           other number
#   unchanged_outputs_kept  a second run rewrites no output; after an edit
#                           of twice()'s body only twice.pn.c is rewritten
#   deterministic           two runs write the same bytes
#   corpus_layouts          every case of --corpus (tests/transform/cases),
#                           transformed with --check-layouts, compiles: the
#                           layouts target mode computes (layout.c) are the
#                           compiler's, for every frame of the corpus
set -u

pinion='' runtime='' include='' cc='' source='' work='' corpus=''
while [ $# -gt 1 ]; do
    case "$1" in
    --pinion) pinion=$2; shift 2 ;;
    --runtime) runtime=$2; shift 2 ;;
    --include) include=$2; shift 2 ;;
    --cc) cc=$2; shift 2 ;;
    --source) source=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    *) echo "target_mode.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
scenario=${1:?usage: target_mode.sh OPTIONS SCENARIO}
if [ -z "$pinion" ] || [ -z "$runtime" ] || [ -z "$include" ] || [ -z "$cc" ] ||
   [ -z "$source" ] || [ -z "$work" ]; then
    echo "target_mode.sh: --pinion, --runtime, --include, --cc, --source and --work are required" >&2
    exit 2
fi
: "${SANITIZE_FLAGS:=}"

rm -rf "$work"
mkdir -p "$work" || exit 2
cp -R "$source" "$work/src" || exit 2
s=$work/src

failed=0
fail() {
    echo "FAIL: $*"
    failed=1
}

# transform_lib OUT: the library's two files into OUT.
transform_lib() {
    "$pinion" --target lib --frames-header "$1/pinion_frames/lib.frames.h" \
        -MF "$1/lib.d" "$s/lib/twice.c" -o "$1/twice.pn.c" "$s/lib/sum.c" -o "$1/sum.pn.c" \
        -- -I"$s/lib" 2>"$work/pinion.err"
}

# inodes FILE...: a rewrite gives a file a new inode.
inodes() {
    stat -c '%n %i' "$@"
}

case "$scenario" in
recursion_across_files)
    out=$work/out
    "$pinion" --target ring --frames-header "$out/pinion_frames/ring.frames.h" -MF "$out/ring.d" \
        "$s/cycle/a.c" -o "$out/a.pn.c" "$s/cycle/b.c" -o "$out/b.pn.c" \
        "$s/cycle/c.c" -o "$out/c.pn.c" 2>"$work/pinion.err"
    status=$?
    [ "$status" = 1 ] || fail "pinion exited with status $status, expected 1"
    line=$(grep -n 'await(fb(n - 1))' "$s/cycle/a.c" | cut -d: -f1)
    want="$s/cycle/a.c:$line:12: error: recursive async call without boxing: fa -> fb -> relay -> fc -> fa"
    grep -Fxq "$want" "$work/pinion.err" || fail "missing diagnostic: $want"
    [ "$(grep -c error "$work/pinion.err")" = 1 ] ||
        fail "the cycle is reported more than once: $(cat "$work/pinion.err")"
    if [ -e "$out" ]; then
        fail "files were written despite the error: $(find "$out" | tr '\n' ' ')"
    fi
    ;;
duplicate_definition)
    out=$work/out
    "$pinion" --target twins --frames-header "$out/pinion_frames/twins.frames.h" \
        "$s/cycle/a.c" -o "$out/a.pn.c" "$s/cycle/twin.c" -o "$out/twin.pn.c" 2>"$work/pinion.err"
    status=$?
    [ "$status" = 1 ] || fail "pinion exited with status $status, expected 1"
    grep -Eq "twin\.c:[0-9]+:[0-9]+: error: async function 'fa' is also defined in .*/a\.c\$" \
        "$work/pinion.err" || fail "no diagnostic naming both definitions: $(cat "$work/pinion.err")"
    [ -e "$out" ] && fail "files were written despite the error"
    ;;
library_frames)
    lib=$work/lib
    app=$work/app
    transform_lib "$lib" || { cat "$work/pinion.err"; fail "pinion refused the library"; }
    "$pinion" --target app --frames-header "$app/pinion_frames/app.frames.h" \
        -MF "$app/app.d" -MT app.stamp \
        "$s/app/main.c" -o "$app/main.pn.c" "$s/app/run.c" -o "$app/run.pn.c" \
        -- -I"$s/lib" -I"$s/app" -I"$lib" 2>"$work/pinion.err" ||
        { cat "$work/pinion.err"; fail "pinion refused the program"; }
    grep -Fxq '#include "pinion_frames/lib.frames.h"' "$app/run.pn.c" ||
        fail "run.pn.c does not include the library's frames header"
    grep -Fxq '#define PN__WANT_acc_sum' "$app/run.pn.c" ||
        fail "run.pn.c does not ask for acc_sum's frame"
    grep -Fxq '#include "pinion_frames/app.frames.h"' "$app/main.pn.c" ||
        fail "main.pn.c does not include its own target's frames header (for run's frame)"
    grep -Fq "$lib/pinion_frames/lib.frames.h" "$app/app.d" ||
        fail "the program's depfile does not list the library's frames header"
    grep -q '^app.stamp:' "$app/app.d" || fail "the depfile does not name its target (-MT)"
    # shellcheck disable=SC2206  # the flags are one string on purpose
    san=($SANITIZE_FLAGS)
    # -rpath: the runtime may be a shared library in the build tree.
    libs=("$runtime" -Wl,-rpath,"$(dirname "$runtime")" -lpthread)
    if ! "$cc" -std=c11 -Wall -Wextra -Werror "${san[@]}" -I"$include" -I"$s/lib" -I"$s/app" \
            -I"$lib" -I"$app" "$lib/twice.pn.c" "$lib/sum.pn.c" "$app/main.pn.c" \
            "$app/run.pn.c" "${libs[@]}" -o "$work/prog" 2>"$work/cc.err"; then
        head -n 40 "$work/cc.err"
        fail "the transformed files do not compile together"
    elif ! "$cc" -std=c11 -Wall -Wextra -Werror -DPINION_ERASE "${san[@]}" -I"$include" \
            -I"$s/lib" -I"$s/app" "$s/lib/twice.c" "$s/lib/sum.c" "$s/app/main.c" \
            "$s/app/run.c" "${libs[@]}" -o "$work/erased" 2>"$work/cc.err"; then
        head -n 40 "$work/cc.err"
        fail "the synchronous reading does not compile"
    else
        want=$("$work/erased")
        got=$("$work/prog")
        [ -n "$want" ] && [ "$got" = "$want" ] ||
            fail "the program printed '$got', its synchronous reading '$want'"
    fi
    ;;
overflowing_layout)
    lib=$work/lib
    transform_lib "$lib" || { cat "$work/pinion.err"; fail "pinion refused the library"; }
    header=$lib/pinion_frames/lib.frames.h
    cp "$header" "$work/lib.frames.h"
    for edit in 's|\(pinion frame acc_sum: size \)[0-9]*|\199999999999999999999|' \
        's|\(pinion frame acc_sum: size [0-9]*, align \)[0-9]*|\118446744073709551624|'; do
        sed "$edit" "$work/lib.frames.h" >"$header"
        cmp -s "$header" "$work/lib.frames.h" && { fail "the edit '$edit' changed nothing"; continue; }
        app=$work/app
        rm -rf "$app"
        "$pinion" --target app --frames-header "$app/pinion_frames/app.frames.h" \
            "$s/app/main.c" -o "$app/main.pn.c" "$s/app/run.c" -o "$app/run.pn.c" \
            -- -I"$s/lib" -I"$s/app" -I"$lib" 2>"$work/pinion.err"
        status=$?
        [ "$status" = 1 ] || fail "'$edit': pinion exited with status $status, expected 1"
        grep -Fq "$header: malformed frame layout line 'acc_sum: size " "$work/pinion.err" ||
            fail "'$edit': no malformed-layout error: $(cat "$work/pinion.err")"
        [ -e "$app" ] && fail "'$edit': files were written despite the error"
    done
    ;;
unchanged_outputs_kept)
    lib=$work/lib
    files=("$lib/twice.pn.c" "$lib/sum.pn.c" "$lib/pinion_frames/lib.frames.h" "$lib/lib.d")
    transform_lib "$lib" || { cat "$work/pinion.err"; fail "pinion refused the library"; }
    before=$(inodes "${files[@]}")
    transform_lib "$lib" || fail "the second run failed"
    [ "$(inodes "${files[@]}")" = "$before" ] || fail "a second run rewrote an output"
    sed -i 's|return pad\[0\] \* 2; /\* BODY \*/|return pad[0] * 3; /* BODY */|' "$s/lib/twice.c"
    transform_lib "$lib" || fail "the run after the edit failed"
    now=$(inodes "${files[@]}")
    changed=$(diff <(echo "$before") <(echo "$now") | sed -n 's|^> \([^ ]*\) .*|\1|p')
    [ "$changed" = "$lib/twice.pn.c" ] ||
        fail "after editing twice()'s body, rewritten: '${changed//$'\n'/ }' (expected twice.pn.c alone)"
    grep -q 'pad\[0\] \* 3' "$lib/twice.pn.c" || fail "twice.pn.c does not have the edit"
    ;;
deterministic)
    # The outputs name themselves in #line directives: same directory.
    transform_lib "$work/out" || { cat "$work/pinion.err"; fail "pinion refused the library"; }
    mv "$work/out" "$work/first"
    transform_lib "$work/out" || fail "the second run failed"
    for f in twice.pn.c sum.pn.c pinion_frames/lib.frames.h lib.d; do
        cmp -s "$work/first/$f" "$work/out/$f" || fail "$f differs between two runs"
    done
    ;;
corpus_layouts)
    [ -n "$corpus" ] || { echo "target_mode.sh: corpus_layouts needs --corpus" >&2; exit 2; }
    checked=0 refused=0
    for c in "$corpus"/*.c; do
        name=$(basename "$c" .c)
        out=$work/corpus/$name
        # A case the transformer refuses is the transform tests' business.
        if ! "$pinion" --target "$name" --check-layouts \
                --frames-header "$out/pinion_frames/$name.frames.h" "$c" -o "$out/$name.pn.c" \
                -- -I"$include" >/dev/null 2>&1; then
            refused=$((refused + 1))
            continue
        fi
        checked=$((checked + 1))
        if ! "$cc" -std=gnu11 -fsyntax-only -I"$include" -I"$out" "$out/$name.pn.c" \
                2>"$out/cc.err"; then
            fail "$name: $(grep -m 3 error "$out/cc.err")"
        fi
    done
    [ "$checked" -gt 0 ] || fail "no case of $corpus was transformed"
    echo "layouts checked in $checked cases ($refused refused by the transformer)"
    ;;
*)
    echo "target_mode.sh: unknown scenario $scenario" >&2
    exit 2
    ;;
esac

[ "$failed" -eq 0 ] || exit 1
echo "ok: $scenario"
