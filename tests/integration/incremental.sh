#!/usr/bin/env bash
# incremental.sh — what a rebuild redoes after one edit, with
# pinion_target_sources().
#
# usage: incremental.sh --source DIR --work DIR --generator GEN SCENARIO
#
# The project in --source (tests/integration/incremental: main.c and
# ticks.c async, transformed together; plain.c plain C) is copied, built
# against the staged Pinion ($STAGE) and rebuilt at once, which must redo
# nothing.  Then SCENARIO makes one edit and rebuilds:
#
#   edit_async_body       main.c's async body changes: the target's
#                         transform runs, main.pn.c alone is rewritten and
#                         the program prints the new sum
#   touch_unrelated_file  plain.c, then ticks.c, are touched: the first
#                         transforms nothing and compiles plain.c; the
#                         second transforms and rewrites nothing
#   edit_included_header  step.h (included by main.c) changes: the
#                         transform runs, main.c is compiled again, ticks.c
#                         is not, and the program prints the new sum
#   rebuilt_transformer   bin/pinion of a private copy of the stage is
#                         replaced: the transform runs again and, its
#                         outputs being the same, nothing is recompiled
#
# Ninja re-reads the time stamps of a command's outputs (restat), so the
# objects of outputs the transformer left alone are not compiled again.
# Make has no such thing: there, whenever the transform runs, every async
# source of the target is compiled again; the "not compiled" expectations
# apply to Ninja only.
set -u

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
rebuild_test_args "$@"

setup_project "$source"
stage=$STAGE
if [ "$scenario" = rebuilt_transformer ]; then
    # Replacing the shared stage's transformer would make the other tests'
    # builds redo their transforms while they run.
    cp -R "$STAGE" "$work/stage" || exit 2
    stage=$work/stage
fi

gen=$build/pinion/incremental
outputs=("$gen/main.pn.c" "$gen/ticks.pn.c" "$gen/pinion_frames/incremental.frames.h")
program=$build/incremental

# expect_nothing_redone: the last build ran the transform, which rewrote
# none of its outputs, so nothing is compiled again (with restat) and the
# program prints what it printed after the first build.
expect_nothing_redone() {
    expect_transform_runs incremental yes
    expect_none_rewritten "$before" "${outputs[@]}"
    expect_compiled "" "plain"
    not_compiled_with_restat "main ticks"
    expect_output "incremental: total 10, ticks 3"
}

configure -DCMAKE_PREFIX_PATH="$stage"

echo "== first build"
build
expect_transform_runs incremental yes
expect_compiled "main ticks plain" ""
expect_output "incremental: total 10, ticks 3"
expect_first_build_wrote "${outputs[@]}"

echo "== rebuild without a change"
build
expect_transform_runs incremental no
if grep -Eq "Building C object|Linking C executable" "$log"; then
    fail "a rebuild without a change compiled or linked: $(grep -E 'Building|Linking' "$log")"
fi

before=$(stamp "${outputs[@]}")
case "$scenario" in
edit_async_body)
    edit_pause
    sed -i 's|sum += i \* STEP; /\* EDIT \*/|sum += i * STEP * 100; /* EDIT */|' "$src/main.c"
    grep -q 'STEP \* 100' "$src/main.c" || { echo "FAIL: the edit did not apply"; exit 1; }
    echo "== build after editing total()'s body in main.c"
    build
    expect_transform_runs incremental yes
    expect_rewritten "$before" "$gen/main.pn.c" yes
    expect_rewritten "$before" "$gen/ticks.pn.c" no
    expect_rewritten "$before" "$gen/pinion_frames/incremental.frames.h" no
    expect_compiled "main" "plain"
    not_compiled_with_restat "ticks"
    expect_output "incremental: total 1000, ticks 3"
    ;;
touch_unrelated_file)
    edit_pause
    touch "$src/plain.c"
    echo "== build after touching plain.c"
    build
    expect_transform_runs incremental no
    expect_compiled "plain" "main ticks"
    edit_pause
    touch "$src/ticks.c"
    echo "== build after touching ticks.c"
    build
    expect_nothing_redone
    ;;
edit_included_header)
    edit_pause
    sed -i 's|#define STEP 1|#define STEP 3|' "$src/step.h"
    grep -q 'STEP 3' "$src/step.h" || { echo "FAIL: the edit did not apply"; exit 1; }
    echo "== build after editing step.h"
    build
    expect_transform_runs incremental yes
    expect_compiled "main" "plain"
    not_compiled_with_restat "ticks"
    expect_output "incremental: total 30, ticks 3"
    ;;
rebuilt_transformer)
    edit_pause
    cp -p "$stage/bin/pinion" "$work/pinion.new" && touch "$work/pinion.new" &&
        mv "$work/pinion.new" "$stage/bin/pinion" || exit 2
    echo "== build after replacing bin/pinion"
    build
    expect_nothing_redone
    ;;
*)
    echo "incremental.sh: unknown scenario $scenario" >&2
    exit 2
    ;;
esac

finish "$scenario"
