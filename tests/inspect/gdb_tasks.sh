#!/usr/bin/env bash
# gdb_tasks.sh — `pn-tasks` (tools/pinion-gdb.py) on a stopped process and
# on a core file of it.
#
# usage: gdb_tasks.sh --gdb GDB --program EXE --source FILE.c --tool PY --work DIR
#
# EXE is inspect_dump_tasks (dump_tasks.c): its second call of
# pn_dump_tasks happens while five spawned tasks are parked on a timer, a
# pipe, a channel, a join and a pn_all.  gdb stops there, runs pn-tasks,
# writes a core file, and pn-tasks runs again on the core alone.  Both
# must show every chain with the lines of FILE.c's "DUMP:" markers.
set -u

gdb='' program='' source='' tool='' work=''
while [ $# -gt 0 ]; do
    case "$1" in
    --gdb) gdb=$2; shift 2 ;;
    --program) program=$2; shift 2 ;;
    --source) source=$2; shift 2 ;;
    --tool) tool=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "gdb_tasks.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$gdb" ] && [ -n "$program" ] && [ -n "$source" ] && [ -n "$tool" ] && [ -n "$work" ] || {
    echo "usage: gdb_tasks.sh --gdb GDB --program EXE --source FILE.c --tool PY --work DIR" >&2
    exit 2
}
rm -rf "$work"
mkdir -p "$work" || exit 2

line_of() {
    grep -n "DUMP: $1 \*/" "$source" | head -n 1 | cut -d: -f1
}

failed=0
fail() {
    echo "FAIL: $*"
    failed=1
}

run_gdb() {
    local out=$1
    shift
    local args=()
    for c in "$@"; do
        args+=(-ex "$c")
    done
    "$gdb" -nx -batch -ex 'set debuginfod enabled off' -ex 'set confirm off' \
        -ex "source $tool" "${args[@]}" >"$work/$out" 2>&1
}

# check OUT WHAT: the chains pn-tasks printed into OUT.
check() {
    local out=$work/$1 what=$2
    cat "$out"
    expect() {
        grep -Eq -- "$1" "$out" || fail "$what: pn-tasks did not show $2"
    }
    expect "^pinion: 6 tasks\$" "six tasks"
    expect "^task 0x[0-9a-f]+: scenario \\(pn_block_on\\), running\$" "the root task running"
    expect "^task 0x[0-9a-f]+: sleeper, parked\$" "the sleeper parked"
    expect "^    sleeper: parked at await on line $(line_of sleeper) \\(await\\(nap\\(60000\\)\\)\\)\$" \
        "sleeper at its await of nap"
    expect "^    nap: parked at await on line $(line_of nap) \\(await\\(pn_sleep_ms\\(ms\\)\\)\\)\$" \
        "nap at its await of pn_sleep_ms"
    expect "^    pn_sleep_ms: timer, deadline [0-9]+ ms\$" "the sleeper's timer"
    expect "^    reader: parked at await on line $(line_of reader) " "reader at its await"
    expect "^    pn_read: fd [0-9]+, readable\$" "the reader's fd"
    expect "^    receiver: parked at await on line $(line_of receiver) " "receiver at its await"
    expect "^    pn_chan_recv: channel 0x[0-9a-f]+, receive\$" "the receiver's channel"
    expect "^    joiner: parked at await on line $(line_of joiner) " "joiner at its await"
    expect "^    pn_join: join of task 0x[0-9a-f]+ \\(sleeper\\)\$" "the join of the sleeper"
    expect "^    both: parked at await on line $(line_of both) \\(pn_all\\(" "both at its pn_all"
    expect "^        \\[0\\]\$" "the first branch of the pn_all"
    expect "^            nap: parked at await on line $(line_of nap) " "the branch in nap"
    expect "^            pn_chan_recv: channel 0x[0-9a-f]+, receive\$" "the branch's channel"
}

run_gdb live.out "file $program" 'break pn_dump_tasks' run continue pn-tasks \
    "gcore $work/core" kill
check live.out "stopped process"
if [ -s "$work/core" ]; then
    run_gdb core.out "file $program" "core-file $work/core" pn-tasks
    check core.out "core file"
else
    fail "gdb wrote no core file"
fi
[ "$failed" -eq 0 ] || exit 1
echo "ok: pn-tasks"
