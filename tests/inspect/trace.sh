#!/usr/bin/env bash
# trace.sh — PINION_TRACE and tools/pinion-trace on tests/inspect/traced.c.
#
# usage: trace.sh --python PY --program EXE --source traced.c --tool pinion-trace
#                 --work DIR SCENARIO
#
#   events    the trace is one closed JSON array: every task of the program
#             named, spawned and ended (done, or cancelled for the one the
#             program cancels), polls stopped at the awaits of traced.c's
#             "TRACE:" lines with the right leaves, yields, and a wake from
#             the producer to the consumer
#   summary   pinion-trace's table has a row per function with its tasks
#             and polls, and reads a trace cut short as a crash leaves it
#   unwritable  PINION_TRACE naming a file that cannot be created: the
#             program says so on stderr once, runs untraced and succeeds
#   html      the timeline page renders in headless Chromium without a
#             script error, one row per task and a bar per poll (exit 77,
#             skipped, without chromium)
set -u

python='' program='' source='' tool='' work=''
while [ $# -gt 1 ]; do
    case "$1" in
    --python) python=$2; shift 2 ;;
    --program) program=$2; shift 2 ;;
    --source) source=$2; shift 2 ;;
    --tool) tool=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "trace.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
scenario=${1:?usage: trace.sh ... SCENARIO}
rm -rf "$work"
mkdir -p "$work" || exit 2

line_of() {
    grep -n "TRACE: $1 \*/" "$source" | head -n 1 | cut -d: -f1
}

trace=$work/trace.json
[ "$scenario" = unwritable ] && trace=$work/no-such-directory/trace.json
if ! PINION_TRACE="$trace" "$program" >"$work/run.out" 2>"$work/run.err"; then
    cat "$work/run.out" "$work/run.err"
    echo "FAIL: the traced program failed"
    exit 1
fi

case "$scenario" in
unwritable)
    cat "$work/run.err"
    rc=0
    [ "$(grep -c "^pinion: PINION_TRACE=$trace: cannot open the file: .*; not tracing\$" "$work/run.err")" -eq 1 ] ||
        { echo "FAIL: no single warning about the trace file"; rc=1; }
    [ -e "$trace" ] && { echo "FAIL: a trace was written"; rc=1; }
    grep -q "^sum 15, rounds 5\$" "$work/run.out" || { echo "FAIL: the program's output"; rc=1; }
    ;;
events)
    "$python" - "$work/trace.json" "$(basename "$source")" \
        "$(line_of 'producer sleeps')" "$(line_of 'consumer receives')" \
        "$(line_of 'worker naps')" "$(line_of 'worker yields')" \
        "$(line_of 'root joins the producer')" "$(line_of nap)" <<'PY'
import json, sys
path, src = sys.argv[1], sys.argv[2]
l_sleep, l_recv, l_nap_call, l_yield, l_join, l_nap = sys.argv[3:9]
events = json.load(open(path))  # a closed array: json.load fails otherwise
fails = []
def check(cond, what):
    if not cond:
        fails.append(what)
names = {e["tid"]: e["args"]["name"].split(" ", 1)[1]
         for e in events if e.get("ph") == "M" and e.get("name") == "thread_name"}
tid = {}
for t, n in names.items():
    tid.setdefault(n, []).append(t)
check(sorted(names.values()) == ["consume", "nap", "produce", "run", "work", "work"],
      "tasks named %s" % sorted(names.values()))
spawned = {e["tid"] for e in events if e.get("name") == "spawn"}
check(spawned == set(names), "not every task has a spawn event")
done = {e["tid"] for e in events if e.get("name") == "done"}
cancelled = {e["tid"] for e in events if e.get("name") == "cancelled"}
check(cancelled == set(tid.get("nap", [])), "the cancelled task is %s" % cancelled)
check(done == set(names) - cancelled, "tasks done: %s" % done)
polls = [e for e in events if e.get("ph") == "X"]
def stops(fn, line, leaf, result="pending"):
    want = "%s (" % fn
    return any(e["args"].get("result") == result and
               e["args"].get("await", "").startswith(want) and
               e["args"]["await"].endswith("/%s:%s)" % (src, line)) and
               e["args"].get("leaf") == leaf for e in polls)
check(stops("produce", l_sleep, "pn_sleep_ms"), "no poll of produce stopped at its sleep")
check(stops("consume", l_recv, "pn_chan_recv"), "no poll of consume stopped at its receive")
check(stops("nap", l_nap, "pn_sleep_ms"), "no poll of a worker stopped in nap's sleep")
check(stops("work", l_yield, "pn_yield", "yield"), "no poll of a worker yielded at its yield")
check(stops("run", l_join, "pn_join"), "no poll of run stopped at its join")
check(any(e["args"].get("result") == "ready" for e in polls), "no poll completed")
check(all(e.get("dur", -1) >= 0 and e.get("ts", -1) >= 0 for e in polls), "bad times")
starts = {e["id"]: e["tid"] for e in events if e.get("ph") == "s"}
ends = {e["id"]: e["tid"] for e in events if e.get("ph") == "f"}
check(starts.keys() == ends.keys(), "flow starts without ends")
pairs = {(starts[i], ends[i]) for i in starts if i in ends}
prod, cons = tid.get("produce", [None])[0], tid.get("consume", [None])[0]
check((prod, cons) in pairs, "no wake from the producer to the consumer: %s" % pairs)
check(any(e.get("name") == "wake" and e.get("ph") == "i" for e in events),
      "no wake by a timer")
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
    rc=$?
    ;;
summary)
    "$python" "$tool" "$work/trace.json" >"$work/summary.txt"
    rc=$?
    cat "$work/summary.txt"
    row() { grep -E "^$1 +$2 +[1-9][0-9]* " "$work/summary.txt" >/dev/null || {
        echo "FAIL: no summary row for $1 with $2 task(s) and some polls"; rc=1; }; }
    head -n 1 "$work/summary.txt" | grep -q "function  *tasks  *polls  *polled  *parked  *longest poll  *stopped at" ||
        { echo "FAIL: the summary's header"; rc=1; }
    row run 1; row produce 1; row consume 1; row work 2; row nap 1
    # A crash leaves the array unclosed, and maybe a line cut short.
    head -n -1 "$work/trace.json" >"$work/cut.json"
    printf '{"name":"wo' >>"$work/cut.json"
    "$python" "$tool" "$work/cut.json" >"$work/cut.txt" || { echo "FAIL: unclosed trace"; rc=1; }
    grep -q "^consume " "$work/cut.txt" || { echo "FAIL: unclosed trace not summarized"; rc=1; }
    ;;
html)
    chromium=$(command -v chromium || command -v chromium-browser || true)
    if [ -z "$chromium" ]; then
        echo "skipped: chromium is not installed"
        exit 77
    fi
    "$python" "$tool" --no-summary "$work/trace.json" -o "$work/timeline.html" || exit 1
    polls=$(grep -c '"ph":"X"' "$work/trace.json")
    browse() {
        timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
            --user-data-dir="$work/profile" --window-size=1200,400 "$@" \
            "file://$work/timeline.html" 2>>"$work/chromium.err"
    }
    browse --dump-dom >"$work/dom.html"
    browse --screenshot="$work/timeline.png" >/dev/null
    rc=0
    grep -q 'data-rendered="yes"' "$work/dom.html" || { echo "FAIL: the page did not finish"; rc=1; }
    grep -q 'id="status">script error' "$work/dom.html" && { echo "FAIL: a script error"; rc=1; }
    grep -q "id=\"status\">6 tasks, $polls polls" "$work/dom.html" ||
        { echo "FAIL: the status line: $(grep -o 'id="status">[^<]*' "$work/dom.html")"; rc=1; }
    [ "$(grep -o 'class="label"' "$work/dom.html" | wc -l)" -eq 6 ] ||
        { echo "FAIL: not one row label per task"; rc=1; }
    [ "$(grep -o 'class="poll [a-z]*"' "$work/dom.html" | wc -l)" -eq "$polls" ] ||
        { echo "FAIL: not one bar per poll ($polls)"; rc=1; }
    grep -q "data-await=\"consume ([^\"]*traced.c:$(line_of 'consumer receives'))\"" "$work/dom.html" ||
        { echo "FAIL: a bar does not carry the consumer's await"; rc=1; }
    [ -s "$work/timeline.png" ] || { echo "FAIL: no screenshot"; rc=1; }
    ;;
*)
    echo "trace.sh: unknown scenario $scenario" >&2
    exit 2
    ;;
esac
[ "$rc" -eq 0 ] || exit 1
echo "ok: $scenario"
