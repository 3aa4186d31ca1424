#!/usr/bin/env bash
# crossfile.sh — rebuilds of a library of async functions and a program
# that awaits them (tests/integration/layers), after one edit.
#
# usage: crossfile.sh --source DIR --work DIR --generator GEN SCENARIO
#
# The project is copied, built against the staged Pinion ($STAGE), run
# ("layers: total 140, other 2"), and then SCENARIO edits it:
#
#   callee_body        the body of layer_step() (lib/step.c, awaited from
#                      lib/sum.c and, inside layer_sum(), by the program)
#                      changes, its frame does not: one rebuild and the
#                      program prints the new total; only step.c is
#                      compiled again, the program's transform does not
#                      even run, and its objects are left alone
#   callee_layout      layer_step() gets a local that lives across its
#                      await: its frame grows, and with it layer_sum()'s
#                      and the program's app_total()'s.  The files that
#                      embed those frames are compiled again (step.c,
#                      sum.c, total.c, and main.c, which holds
#                      app_total()'s frame in pn_block_on), other.c and the
#                      plain files are not; the program still prints its
#                      total, computed in the bigger frames.  (step.c,
#                      sum.c and total.c are also rewritten: each checks
#                      the layout it publishes.)
#   recursion_refused  layer_base() (sum.c) awaits layer_sum(): a
#                      recursion through both library files.  The build
#                      fails with the cycle spelled out at its await, and
#                      the transform's previous outputs are left as they were
#
# With Make (no restat) a transform that runs compiles every async source
# of its target, and a changed frames header every file of the target
# that includes it: the "left alone" expectations apply to Ninja only.
set -u

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
rebuild_test_args "$@"

setup_project "$source"

lib=$build/pinion/layers
app=$build/pinion/layers_app
lib_header=$lib/pinion_frames/layers.frames.h
app_header=$app/pinion_frames/layers_app.frames.h
outputs=("$lib/lib/step.pn.c" "$lib/lib/sum.pn.c" "$lib_header"
         "$app/app/main.pn.c" "$app/app/total.pn.c" "$app/app/other.pn.c" "$app_header")
program=$build/layers_app

# frame_size HEADER FUNCTION: the size a frames header publishes.
frame_size() {
    sed -n "s|^/\* pinion frame $2: size \([0-9]*\),.*|\1|p" "$1"
}

# edit FILE MARKER NEW_LINE: replaces the line holding /* MARKER */.
edit() {
    edit_pause
    sed -i "s|^.*/\* $2 \*/.*\$|$3|" "$src/$1"
    grep -Fq "$3" "$src/$1" || { echo "FAIL: the edit of $1 did not apply"; exit 1; }
}

configure -DCMAKE_PREFIX_PATH="$STAGE"

echo "== first build"
build
expect_transform_runs layers yes
expect_transform_runs layers_app yes
expect_compiled "step sum name main total other text" ""
expect_output "layers: total 140, other 2"
expect_first_build_wrote "${outputs[@]}"
grep -q '^#include "pinion_frames/layers.frames.h"' "$app/app/total.pn.c" ||
    fail "total.pn.c does not include the library's frames header"
grep -q '^#include "pinion_frames' "$app/app/other.pn.c" &&
    fail "other.pn.c includes a frames header, though it embeds no other file's frame"

echo "== rebuild without a change"
build
if grep -Eq "Transforming|Building C object|Linking C" "$log"; then
    fail "a rebuild without a change did something: $(grep -E 'Transforming|Building|Linking' "$log")"
fi

before=$(stamp "${outputs[@]}")
case "$scenario" in
callee_body)
    edit lib/step.c BODY '    return v * 10 + base; /* BODY */'
    echo "== build after editing layer_step()'s body"
    build
    expect_transform_runs layers yes
    [ "$restat" = yes ] && expect_transform_runs layers_app no
    expect_rewritten "$before" "$lib/lib/step.pn.c" yes
    expect_rewritten "$before" "$lib/lib/sum.pn.c" no
    expect_rewritten "$before" "$lib_header" no
    expect_compiled "step" "name text"
    not_compiled_with_restat "sum main total other"
    expect_output "layers: total 1040, other 2"
    ;;
callee_layout)
    step_size=$(frame_size "$lib_header" layer_step)
    sum_size=$(frame_size "$lib_header" layer_sum)
    total_size=$(frame_size "$app_header" app_total)
    edit lib/step.c LAYOUT '    volatile char scratch[200]; scratch[0] = 1; /* LAYOUT */'
    echo "== build after growing layer_step()'s frame"
    build
    expect_transform_runs layers yes
    expect_transform_runs layers_app yes
    expect_rewritten "$before" "$lib_header" yes
    expect_rewritten "$before" "$app_header" yes
    # total.c defines app_total() and checks the layout published for it.
    expect_rewritten "$before" "$app/app/total.pn.c" yes
    expect_rewritten "$before" "$app/app/other.pn.c" no
    [ "$(frame_size "$lib_header" layer_step)" -ge $((step_size + 200)) ] ||
        fail "layer_step's frame did not grow: $step_size -> $(frame_size "$lib_header" layer_step)"
    [ "$(frame_size "$lib_header" layer_sum)" -ge $((sum_size + 200)) ] ||
        fail "layer_sum's frame did not grow with the frame it embeds"
    [ "$(frame_size "$app_header" app_total)" -ge $((total_size + 200)) ] ||
        fail "app_total's frame did not grow with the library's frame it embeds"
    expect_compiled "step sum total main" "name text"
    not_compiled_with_restat "other"
    expect_output "layers: total 140, other 2"
    ;;
recursion_refused)
    edit lib/sum.c RECURSE '    return await(layer_sum(0)) + 1; /* RECURSE */'
    echo "== build after making layer_base() await layer_sum()"
    if try_build; then
        fail "the build succeeded despite a recursion across files"
    fi
    # Reported where the cycle is entered: step.c comes first on the
    # transformer's command line, and layer_step first in it.
    line=$(grep -n 'await(layer_base())' "$src/lib/step.c" | cut -d: -f1)
    grep -Eq "lib/step\.c:$line:[0-9]+: error: recursive async call without boxing: layer_step -> layer_base -> layer_sum -> layer_step\$" "$log" ||
        fail "no diagnostic spelling out the cycle at step.c:$line: $(grep -i error "$log" | head -n 5)"
    expect_none_rewritten "$before" "${outputs[@]}"
    ;;
*)
    echo "crossfile.sh: unknown scenario $scenario" >&2
    exit 2
    ;;
esac

finish "$scenario"
