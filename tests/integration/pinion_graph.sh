#!/usr/bin/env bash
# pinion_graph.sh — tools/pinion-graph draws the state graph the
# transformer computes.
#
# usage: pinion_graph.sh --python PYTHON --tool tools/pinion-graph --pinion EXE
#                        --include DIR --work DIR graph/loop.c
#
# loop() in graph/loop.c is
#     while (s < n) {                 // from the start: into the loop, or done
#         s += await(step(s));        // state 1
#         if (s == 3)
#             break;                  // 1 -> end
#         await(pn_yield());          // state 2: 1 -> 2
#     }                               // 2 -> 1 (again), 2 -> end (condition)
#     return s;
# so its graph has the nodes start, 1, 2 and end and exactly the edges
# start->1, start->end, 1->2, 1->end, 2->1, 2->end.  The DOT must say so,
# with each await's line and text on its node; and Graphviz, when
# installed, must accept it.
set -u

python=python3 tool='' pinion='' include='' work=''
while [ $# -gt 1 ]; do
    case "$1" in
    --python) python=$2; shift 2 ;;
    --tool) tool=$2; shift 2 ;;
    --pinion) pinion=$2; shift 2 ;;
    --include) include=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "pinion_graph.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
src=${1:?usage: pinion_graph.sh OPTIONS FILE.c}
rm -rf "$work"
mkdir -p "$work" || exit 2

failed=0
fail() {
    echo "FAIL: $*"
    failed=1
}

dot=$work/loop.dot
if ! "$python" "$tool" --pinion "$pinion" --function loop -o "$dot" "$src" -- -I"$include" \
        2>"$work/err"; then
    cat "$work/err"
    echo "FAIL: pinion-graph failed"
    exit 1
fi

# line_of TEXT: the line of the last occurrence of TEXT (loop() comes
# after step(), which awaits pn_yield() too).
line_of() {
    grep -nF "$1" "$src" | tail -n 1 | cut -d: -f1
}
want_nodes=(
    "\"loop:0\" [label=\"start\\nline $(line_of 'static async int loop')\", shape=ellipse];"
    "\"loop:1\" [label=\"1: line $(line_of 'await(step(s))')\\nawait(step(s))\"];"
    "\"loop:2\" [label=\"2: line $(line_of 'await(pn_yield())')\\nawait(pn_yield())\"];"
    "\"loop:end\" [label=\"end\", shape=doublecircle];"
)
for node in "${want_nodes[@]}"; do
    grep -Fxq "    $node" "$dot" || fail "missing node: $node"
done

edges=$(grep -- '->' "$dot" | sed 's/^ *//' | sort)
want_edges=$(printf '%s\n' \
    '"loop:0" -> "loop:1";' '"loop:0" -> "loop:end";' \
    '"loop:1" -> "loop:2";' '"loop:1" -> "loop:end";' \
    '"loop:2" -> "loop:1";' '"loop:2" -> "loop:end";' | sort)
if [ "$edges" != "$want_edges" ]; then
    fail "the edges differ from the expected ones"
    diff <(echo "$want_edges") <(echo "$edges")
fi
grep -q '"step:' "$dot" && fail "--function loop drew step() as well"

if command -v dot >/dev/null 2>&1; then
    dot -Tsvg "$dot" -o "$work/loop.svg" 2>"$work/dot.err" ||
        { cat "$work/dot.err"; fail "Graphviz rejects the DOT"; }
    # SVG straight from pinion-graph, by -o's extension and by -T.
    for how in by_extension by_option; do
        svg=$work/$how.svg
        opts=(-o "$svg")
        [ "$how" = by_option ] && opts=(-T svg)
        if [ "$how" = by_option ]; then
            "$python" "$tool" --pinion "$pinion" --function loop "${opts[@]}" "$src" \
                -- -I"$include" >"$svg" 2>"$work/err" || { cat "$work/err"; fail "-T svg failed"; }
        else
            "$python" "$tool" --pinion "$pinion" --function loop "${opts[@]}" "$src" \
                -- -I"$include" 2>"$work/err" || { cat "$work/err"; fail "-o loop.svg failed"; }
        fi
        grep -q '<svg' "$svg" || fail "$how: pinion-graph wrote no SVG"
        grep -q '>await(step(s))</text>' "$svg" || fail "$how: the SVG lacks the await's text"
        grep -q '>end</text>' "$svg" || fail "$how: the SVG lacks the end node"
    done
else
    echo "note: Graphviz's dot is not installed; the SVG output is not checked"
fi

if [ "$failed" -ne 0 ]; then
    echo "--- $dot ---"
    cat "$dot"
    exit 1
fi
echo "ok: the state graph of loop() has the expected nodes and edges"
