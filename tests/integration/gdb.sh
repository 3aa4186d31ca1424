#!/usr/bin/env bash
# gdb.sh — debugging a transformed program with gdb, in batch mode.
#
# usage: gdb.sh --gdb GDB --source FILE.c --work DIR SCENARIO
#
# FILE.c (tests/integration/gdb/waiter.c) is transformed by the staged
# pinion ($STAGE) and compiled with -g -O0 against the staged runtime.
# Lines are located through their "GDB: ..." marker comments.
#
#   break_after_await        `break waiter.c:LINE` on a line of inner() after
#                            its await stops there, at the original file and
#                            line, and the backtrace shows outer() at its
#                            await of inner() and main()
#   step_in_async_function   `next` from there goes to the next line of the
#                            original source
#   frame_printer            share/pinion/pinion-gdb.py shows outer()'s frame
#                            parked at its await (line and text), its locals
#                            and inner()'s frame in flight
#   task_printer             pn-task shows the pn_block_on task from its
#                            handle: outer() parked, inner() in flight
#   pointer_await            stopped in leaf(), awaited by via_pointer()
#                            through a pointer: pn-task shows via_pointer()
#                            parked at that await and leaf()'s frame (from
#                            the runtime's pools) in flight "through a
#                            pointer"; pn-frame in via_pointer__poll and
#                            `print` of its frame show the same
#   stepping_stays_in_source step from main() through pn_block_on into
#                            outer(), step at an await into inner()'s init
#                            and body, finish, next over a suspension and
#                            after a resumption: every line gdb shows is
#                            a line of waiter.c (or of the runtime), never
#                            one of the generated file
set -u

gdb='' source='' work=''
while [ $# -gt 1 ]; do
    case "$1" in
    --gdb) gdb=$2; shift 2 ;;
    --source) source=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "gdb.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
scenario=${1:?usage: gdb.sh --gdb GDB --source FILE.c --work DIR SCENARIO}
: "${CC:=cc}" "${SANITIZE_FLAGS:=}" "${STAGE:?}" "${LIBDIR:=lib}"

rm -rf "$work"
mkdir -p "$work" || exit 2
name=$(basename "$source" .c)
file=$(basename "$source")

line_of() {
    grep -n "GDB: $1" "$source" | head -n 1 | cut -d: -f1
}
after_await=$(line_of "after the await")
next_line=$(line_of "next line")
outer_await=$(line_of "outer awaits inner")
leaf_after=$(line_of "leaf after its await")
ptr_await=$(line_of "awaits through a pointer")
if [ -z "$after_await" ] || [ -z "$next_line" ] || [ -z "$outer_await" ] ||
   [ -z "$leaf_after" ] || [ -z "$ptr_await" ]; then
    echo "gdb.sh: a marker comment is missing from $source" >&2
    exit 2
fi

failed=0
fail() {
    echo "FAIL: $*"
    failed=1
}

# shellcheck disable=SC2206  # the flags are one string on purpose
san=($SANITIZE_FLAGS)
if ! "$STAGE/bin/pinion" "$source" -o "$work/$name.pn.c" -- -I"$STAGE/include" \
        >"$work/pinion.log" 2>&1; then
    cat "$work/pinion.log"
    echo "FAIL: pinion refused $source"
    exit 1
fi
# The staged runtime: static, or shared (BUILD_SHARED_LIBS) found at run time through rpath.
runtime=("$STAGE/$LIBDIR/libpinion.a")
[ -e "${runtime[0]}" ] || runtime=(-L"$STAGE/$LIBDIR" -lpinion -Wl,-rpath,"$STAGE/$LIBDIR")
if ! "$CC" "${san[@]}" -std=c11 -g -O0 -I"$STAGE/include" "$work/$name.pn.c" \
        "${runtime[@]}" -lpthread -o "$work/$name" >"$work/cc.log" 2>&1; then
    cat "$work/cc.log"
    echo "FAIL: the transformed program does not compile"
    exit 1
fi

# run_gdb OUT COMMAND...: batch gdb on the program, output in OUT.
run_gdb() {
    local out=$1
    shift
    local args=()
    for c in "$@"; do
        args+=(-ex "$c")
    done
    "$gdb" -nx -batch -ex 'set debuginfod enabled off' -ex 'set confirm off' \
        "${args[@]}" "$work/$name" >"$work/$out" 2>&1
}

case "$scenario" in
break_after_await)
    run_gdb gdb.out "break $file:$after_await" run bt
    cat "$work/gdb.out"
    grep -Eq "^Breakpoint 1, .* at .*/$file:$after_await\$" "$work/gdb.out" ||
        fail "gdb did not stop at $file:$after_await"
    grep -Eq "^#0 .* at .*/$file:$after_await\$" "$work/gdb.out" ||
        fail "frame #0 of the backtrace is not $file:$after_await"
    grep -Eq "^#[1-9].* at .*/$file:$outer_await\$" "$work/gdb.out" ||
        fail "the backtrace does not show outer() at its await, $file:$outer_await"
    grep -Eq "^#[1-9].* main \(\) at .*/$file:[0-9]+\$" "$work/gdb.out" ||
        fail "the backtrace does not reach main() in $file"
    grep -q "$name.pn.c" "$work/gdb.out" &&
        fail "gdb names the generated file instead of $file"
    ;;
step_in_async_function)
    run_gdb gdb.out "break $file:$after_await" run next
    cat "$work/gdb.out"
    grep -Eq "^$next_line[[:space:]]+return doubled;" "$work/gdb.out" ||
        fail "next from line $after_await did not go to line $next_line (return doubled;)"
    ;;
frame_printer)
    # Second stop: outer's loop is at i == 1, and inner(1) has resumed.
    run_gdb gdb.out "source $STAGE/share/pinion/pinion-gdb.py" \
        "break $file:$after_await" run continue up pn-frame
    cat "$work/gdb.out"
    expect() {
        grep -Eq -- "$1" "$work/gdb.out" || fail "pn-frame did not show: $2"
    }
    expect "^outer: parked at await on line $outer_await \\(await\\(inner\\(i\\)\\)\\)" \
        "outer parked at line $outer_await with its await text"
    expect "^  n = 3\$" "outer's parameter n = 3"
    expect "^  acc = 1\$" "outer's local acc = 1"
    expect "^  i = 1\$" "outer's local i = 1"
    expect "^  awaiting:\$" "outer's child in flight"
    expect "^    inner: parked at await on line $((after_await - 1)) \\(await\\(pn_sleep_ms\\(1\\)\\)\\)" \
        "inner at its await of pn_sleep_ms"
    expect "^      x = 1\$" "inner's parameter x = 1"
    expect "^      doubled = 2\$" "inner's local doubled = 2"
    ;;
task_printer)
    # The root task of pn_block_on, seen through its handle while inner()
    # is polled for the first time.
    run_gdb gdb.out "source $STAGE/share/pinion/pinion-gdb.py" \
        "break inner__poll" run "pn-task (pn_task *)pn__tls_runtime.cx.pn__waker"
    cat "$work/gdb.out"
    grep -Eq "^outer: parked at await on line $outer_await \(await\(inner\(i\)\)\)" \
        "$work/gdb.out" || fail "pn-task did not show the root task parked in outer()"
    grep -Eq "^    inner: not started" "$work/gdb.out" ||
        fail "pn-task did not show inner() in flight, not started"
    ;;
pointer_await)
    run_gdb gdb.out "source $STAGE/share/pinion/pinion-gdb.py" \
        "break $file:$leaf_after" run bt \
        "pn-task (pn_task *)pn__tls_runtime.cx.pn__waker" \
        "frame function via_pointer__poll" pn-frame "print *pn__self"
    cat "$work/gdb.out"
    expect() {
        [ "$(grep -Ec -- "$1" "$work/gdb.out")" -ge "$3" ] ||
            fail "pn-task, pn-frame and print did not show (${3}x): $2"
    }
    expect "^#[1-9].* at .*/$file:$ptr_await\$" "via_pointer() at its await in the backtrace" 1
    expect "^via_pointer: parked at await on line $ptr_await \\(await\\(f\\(x\\)\\)\\)" \
        "via_pointer parked at its await through the pointer" 2
    expect "^  base = 400\$" "via_pointer's local base = 400" 2
    expect "^  awaiting \\(through a pointer\\):\$" "the callee in flight through a pointer" 2
    expect "^    leaf: parked at await on line $((leaf_after - 1)) \\(await\\(pn_sleep_ms\\(1\\)\\)\\)" \
        "leaf at its await of pn_sleep_ms" 2
    expect "^      tripled = 12\$" "leaf's local tripled = 12" 2
    expect "= via_pointer: parked at await on line $ptr_await" "print of via_pointer's frame" 1
    expect "awaiting \\(through a pointer\\) = leaf: parked at await on line $((leaf_after - 1))" \
        "print following the pointer to leaf's frame" 1
    ;;
stepping_stays_in_source)
    steps=()
    for _ in 1 2 3 4 5 6 7; do steps+=(step); done
    run_gdb gdb.out "break main" run step step step step "break $file:$outer_await" continue \
        "${steps[@]}" finish next next "break $file:$after_await" continue next next next
    cat "$work/gdb.out"
    grep -q "$name.pn.c" "$work/gdb.out" && fail "gdb names the generated file"
    # A source line gdb shows is "LINE<tab>text", of the file the last
    # location named; outside the runtime's own files none may be
    # generated code.
    awk '/ at .*:[0-9]+$/ { file = $NF } /^[0-9]+\t/ && file !~ /runtime\// && /pn__|PN_PENDING|PN_READY/' \
        "$work/gdb.out" | grep . && fail "gdb showed a line of the generated code"
    inner_line=$(grep -n 'static async int inner' "$source" | cut -d: -f1)
    grep -Eq "^inner__init \(.*\) at .*/$file:$inner_line\$" "$work/gdb.out" ||
        fail "step at the await did not enter inner's init at inner's line"
    grep -Eq "^inner__poll \(.*\) at .*/$file:$inner_line\$" "$work/gdb.out" ||
        fail "step did not enter inner's poll at inner's line"
    grep -Eq "^$((after_await - 2))[[:space:]]+int doubled = x \* 2;" "$work/gdb.out" ||
        fail "step did not reach the first line of inner's body"
    grep -Eq "^outer__poll \(.*\) at .*/$file:[0-9]+\$" "$work/gdb.out" ||
        fail "next over the suspension did not come back through outer in $file"
    grep -Eq "^$next_line[[:space:]]+return doubled;" "$work/gdb.out" ||
        fail "next after the resumption did not go to line $next_line"
    ;;
*)
    echo "gdb.sh: unknown scenario $scenario" >&2
    exit 2
    ;;
esac

[ "$failed" -eq 0 ] || exit 1
echo "ok: $scenario"
