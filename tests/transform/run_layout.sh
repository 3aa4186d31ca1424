#!/usr/bin/env bash
# run_layout.sh — what a frame holds, as `pinion --print-frame-layout` says.
#
# A case states facts about its frames in lines (of a comment: after
# leading spaces, '/' and '*') of the form
#     layout: FUNC frame NAME...     the frame fields of FUNC's parameters
#                                    and locals are exactly these
#     layout: FUNC shared A B        A and B share storage (same offset)
#     layout: FUNC smaller           FUNC's frame is smaller than with
#                                    --no-frame-packing (the scope rule)
#     layout: FUNC pointers N        exactly N of FUNC's child slots are
#                                    awaits through a pointer, in the text
#                                    report and in --format=json
# and this script checks each against pinion's text report.
#
# usage: run_layout.sh --pinion EXE --include DIR CASE.c
set -u

pinion='' include=''
while [ $# -gt 1 ]; do
    case "$1" in
    --pinion) pinion=$2; shift 2 ;;
    --include) include=$2; shift 2 ;;
    *) echo "run_layout.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
src=${1:?usage: run_layout.sh OPTIONS CASE.c}
if [ -z "$pinion" ] || [ -z "$include" ]; then
    echo "run_layout.sh: --pinion and --include are required" >&2
    exit 2
fi

mapfile -t facts < <(sed -n 's|^[[:space:]/*]*layout: \(.*\)$|\1|p' "$src" | sed 's/[[:space:]]*\*\/.*$//')
if [ ${#facts[@]} -eq 0 ]; then
    echo "BROKEN CASE: $src has no 'layout: FUNC ...' line"
    exit 2
fi

packed=$("$pinion" --print-frame-layout "$src" -- -I"$include") || {
    echo "FAIL: pinion --print-frame-layout $src"
    exit 1
}
unpacked=$("$pinion" --no-frame-packing --print-frame-layout "$src" -- -I"$include") || {
    echo "FAIL: pinion --no-frame-packing --print-frame-layout $src"
    exit 1
}

# fields REPORT FUNC: "OFFSET NAME" for each parameter and local of FUNC.
fields() {
    awk -v fn="$2" '
        /^frame of / { inside = ($3 == fn) ; next }
        inside && ($5 == "parameter" || $5 == "local") { print $1, $4 }
        inside && /^$/ { inside = 0 }' <<<"$1"
}

# size REPORT FUNC: the frame's size in bytes.
size() {
    awk -v fn="$2" '$1 == "frame" && $3 == fn { for (i = 4; i <= NF; i++) if ($(i + 1) ~ /^bytes/) { print $i; exit } }' <<<"$1"
}

# json FUNC: how many child slots of FUNC the JSON report says are awaits
# through a pointer.
json() {
    "$pinion" --print-frame-layout --format=json "$src" -- -I"$include" | python3 -c '
import json, sys
frames = json.load(sys.stdin)
frames = frames["frames"] if isinstance(frames, dict) else frames
print(sum(1 for f in frames if f["function"] == sys.argv[1]
          for field in f["fields"] for c in field.get("children", [])
          if c.get("callee") == "through a pointer"))' "$1"
}

failed=0
for fact in "${facts[@]}"; do
    read -r fn what names <<<"$fact"
    got=$(fields "$packed" "$fn")
    if [ -z "$(size "$packed" "$fn")" ]; then
        echo "FAIL: no frame of $fn in the report"
        failed=1
        continue
    fi
    case $what in
    frame)
        want=$(tr ' ' '\n' <<<"$names" | sed '/^$/d' | sort | tr '\n' ' ')
        have=$(awk '{ print $2 }' <<<"$got" | sort | tr '\n' ' ')
        [ "$want" = "$have" ] ||
            { echo "FAIL: $fn's frame holds '$have', expected '$want'"; failed=1; }
        ;;
    shared)
        read -r a b <<<"$names"
        oa=$(awk -v n="$a" '$2 == n { print $1 }' <<<"$got")
        ob=$(awk -v n="$b" '$2 == n { print $1 }' <<<"$got")
        [ -n "$oa" ] && [ "$oa" = "$ob" ] ||
            { echo "FAIL: $fn: $a (offset ${oa:-none}) and $b (offset ${ob:-none}) do not share storage"; failed=1; }
        ;;
    smaller)
        p=$(size "$packed" "$fn") u=$(size "$unpacked" "$fn")
        [ "$p" -lt "$u" ] ||
            { echo "FAIL: $fn's frame is $p bytes, not smaller than $u without packing"; failed=1; }
        ;;
    pointers)
        t=$(awk -v fn="$fn" '
            /^frame of / { inside = ($3 == fn); next }
            inside && /^$/ { inside = 0 }
            inside && /^ +pn__a[0-9]+: through a pointer \([0-9]+ bytes: / { c++ }
            END { print c + 0 }' <<<"$packed")
        j=$(json "$fn")
        [ "$t" = "$names" ] && [ "$j" = "$names" ] ||
            { echo "FAIL: $fn awaits through a pointer in $t slots (JSON: $j), expected $names"; failed=1; }
        ;;
    *)
        echo "BROKEN CASE: unknown fact '$fact'"
        exit 2
        ;;
    esac
done
if [ "$failed" -ne 0 ]; then
    echo "--- pinion --print-frame-layout"
    echo "$packed"
    exit 1
fi
echo "ok: ${#facts[@]} layout facts of $(basename "$src")"
