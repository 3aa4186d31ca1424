#!/usr/bin/env bash
# incremental.sh — what a rebuild redoes after one edit, with
# pinion_target_sources().
#
# usage: incremental.sh --source DIR --work DIR --generator GEN SCENARIO
#
# The project in --source (tests/integration/incremental) is copied, built
# against the staged Pinion ($STAGE) and rebuilt once at once, which must
# redo nothing.  Then SCENARIO makes one edit and rebuilds:
#
#   edit_async_body       main.c's async body changes: main.c alone is
#                         transformed again and the program prints the new sum
#   touch_unrelated_file  plain.c, then ticks.c, are touched: the first
#                         transforms nothing, the second only ticks.c
#   edit_included_header  step.h (included by main.c) changes: main.c is
#                         transformed again, ticks.c is not, and the
#                         program prints the new sum
#   rebuilt_transformer   bin/pinion of a private copy of the stage is
#                         replaced: every async source is transformed again
#
# What was transformed is read from the build's own log (one "Transforming
# async source X.pn.c" line per transform run, with either generator).
set -u

source='' work='' generator=''
while [ $# -gt 1 ]; do
    case "$1" in
    --source) source=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --generator) generator=$2; shift 2 ;;
    *) echo "incremental.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
scenario=${1:?usage: incremental.sh --source DIR --work DIR --generator GEN SCENARIO}
if [ -z "$source" ] || [ -z "$work" ] || [ -z "$generator" ]; then
    echo "incremental.sh: --source, --work and --generator are required" >&2
    exit 2
fi
: "${CMAKE:=cmake}" "${CC:=cc}" "${BUILD_TYPE:=Debug}" "${SANITIZE_FLAGS:=}" "${STAGE:?}"

rm -rf "$work"
mkdir -p "$work" || exit 2
src=$work/src
build=$work/build
cp -R "$source" "$src" || exit 2
stage=$STAGE
if [ "$scenario" = rebuilt_transformer ]; then
    # Replacing the shared stage's transformer would make the other tests'
    # builds redo their transforms while they run.
    cp -R "$STAGE" "$work/stage" || exit 2
    stage=$work/stage
fi

failed=0
fail() {
    echo "FAIL: $*"
    failed=1
}

n=0
# build: builds, leaves the log in $log, fails the test if the build fails.
build() {
    n=$((n + 1))
    log=$work/build.$n.log
    if ! "$CMAKE" --build "$build" --parallel 2 >"$log" 2>&1; then
        tail -n 40 "$log"
        echo "FAIL: build $n failed"
        exit 1
    fi
}

# transformed FILE: did the last build transform FILE?
transformed() {
    grep -Eq "Transforming async source .*/$1\.pn\.c\$" "$log"
}

# expect_transforms NAME...: the last build transformed exactly these files.
expect_transforms() {
    local want=" $* " f
    for f in main ticks; do
        if [[ $want == *" $f "* ]]; then
            transformed "$f" || fail "build $n did not transform $f.c"
        else
            transformed "$f" && fail "build $n transformed $f.c again"
        fi
    done
    if grep -E "Transforming async source" "$log" | grep -Evq "/(main|ticks)\.pn\.c\$"; then
        fail "build $n transformed something else: $(grep 'Transforming' "$log")"
    fi
}

# expect_output TEXT: what the program prints now.
expect_output() {
    local out
    out=$("$build/incremental" 2>&1)
    [ "$out" = "$1" ] || fail "after build $n the program printed '$out', expected '$1'"
}

# A changed file must look newer than everything built before it, even
# on a file system with coarse timestamps.
edit_pause() {
    sleep 1
}

echo "== configure ($generator) against $stage"
if ! "$CMAKE" -S "$src" -B "$build" -G "$generator" \
        -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" \
        -DCMAKE_C_FLAGS="$SANITIZE_FLAGS" -DCMAKE_EXE_LINKER_FLAGS="$SANITIZE_FLAGS" \
        -DCMAKE_PREFIX_PATH="$stage" >"$work/configure.log" 2>&1; then
    cat "$work/configure.log"
    echo "FAIL: the project does not configure"
    exit 1
fi

echo "== first build"
build
expect_transforms main ticks
expect_output "incremental: total 10, ticks 3"

echo "== rebuild without a change"
build
expect_transforms
if grep -Eq "Building C object|Linking C executable" "$log"; then
    fail "a rebuild without a change compiled or linked: $(grep -E 'Building|Linking' "$log")"
fi

case "$scenario" in
edit_async_body)
    edit_pause
    sed -i 's|sum += i \* STEP; /\* EDIT \*/|sum += i * STEP * 100; /* EDIT */|' "$src/main.c"
    grep -q 'STEP \* 100' "$src/main.c" || { echo "FAIL: the edit did not apply"; exit 1; }
    echo "== build after editing total()'s body in main.c"
    build
    expect_transforms main
    expect_output "incremental: total 1000, ticks 3"
    ;;
touch_unrelated_file)
    edit_pause
    touch "$src/plain.c"
    echo "== build after touching plain.c"
    build
    expect_transforms
    grep -Eq "Building C object .*plain\.c\.o" "$log" || fail "plain.c was not recompiled"
    edit_pause
    touch "$src/ticks.c"
    echo "== build after touching ticks.c"
    build
    expect_transforms ticks
    expect_output "incremental: total 10, ticks 3"
    ;;
edit_included_header)
    edit_pause
    sed -i 's|#define STEP 1|#define STEP 3|' "$src/step.h"
    grep -q 'STEP 3' "$src/step.h" || { echo "FAIL: the edit did not apply"; exit 1; }
    echo "== build after editing step.h"
    build
    expect_transforms main
    expect_output "incremental: total 30, ticks 3"
    ;;
rebuilt_transformer)
    edit_pause
    cp -p "$stage/bin/pinion" "$work/pinion.new" && touch "$work/pinion.new" &&
        mv "$work/pinion.new" "$stage/bin/pinion" || exit 2
    echo "== build after replacing bin/pinion"
    build
    expect_transforms main ticks
    expect_output "incremental: total 10, ticks 3"
    ;;
*)
    echo "incremental.sh: unknown scenario $scenario" >&2
    exit 2
    ;;
esac

[ "$failed" -eq 0 ] || exit 1
echo "ok: $scenario"
