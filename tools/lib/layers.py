#!/usr/bin/env python3
"""layers.py — the dependency graph between the files of one program, and its cycles.

    layers.py [--graph] SOURCE_DIR OBJECT_DIR

Run by tools/check-layers.  Every SOURCE_DIR/NAME.c must have its object
OBJECT_DIR/NAME.c.o (CMake's naming); objects without a source (left
behind by a removed file) are ignored.  File A depends on file B when A's
object refers to a symbol (a function or a global) that B's object
defines: `nm` lists both, so the graph is what the linker sees, whatever
the headers declare.  Static functions and static inline helpers of a
header are local to each object and make no edge.

Two or more files that depend on each other in a circle (a strongly
connected component of the graph) are a layering error: each component is
printed with the edges inside it and the symbols that make them, so it is
clear what would have to move to break it.  Exit status 1 when there is
one, 0 otherwise.  --graph first prints every edge.
"""
import argparse
import os
import subprocess
import sys


def symbols(obj):
    """(defined, undefined): the global symbols an object defines and uses."""
    out = subprocess.run(["nm", "-P", obj], check=True, capture_output=True, text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        name, kind = fields[0], fields[1]
        if kind in ("U", "w", "v"):
            undefined.add(name)
        elif kind.isupper():
            defined.add(name)
    return defined, undefined


def strongly_connected(nodes, edges):
    """Tarjan's algorithm: the components, each a sorted list, in a stable order."""
    index, low, on_stack, stack, result = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            result.append(sorted(component))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return sorted(result)


def shortest_cycle(start, members, edges):
    """The shortest circle from start back to it inside one component."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges.get(v, {})):
            if w == start:
                return paths[v] + [start]
            if w in members and w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", action="store_true", help="print every edge first")
    ap.add_argument("source_dir")
    ap.add_argument("object_dir")
    args = ap.parse_args()

    names = sorted(f for f in os.listdir(args.source_dir) if f.endswith(".c"))
    if not names:
        sys.exit("check-layers: no .c files in %s" % args.source_dir)
    defined, undefined = {}, {}
    for name in names:
        obj = os.path.join(args.object_dir, name + ".o")
        if not os.path.exists(obj):
            sys.exit("check-layers: %s has no object %s (build it first)" % (name, obj))
        defined[name], undefined[name] = symbols(obj)

    owner = {}
    for name in names:
        for sym in defined[name]:
            owner[sym] = name
    # edges[a][b]: the symbols of b that a uses.
    edges = {}
    for a in names:
        for sym in undefined[a]:
            b = owner.get(sym)
            if b is not None and b != a:
                edges.setdefault(a, {}).setdefault(b, set()).add(sym)

    if args.graph:
        for a in names:
            for b in sorted(edges.get(a, {})):
                print("%s -> %s: %s" % (a, b, " ".join(sorted(edges[a][b]))))
        print()

    where = os.path.basename(os.path.normpath(args.source_dir))
    cycles = [c for c in strongly_connected(names, edges) if len(c) > 1]
    if not cycles:
        print("check-layers: %d files of %s/, no cycles" % (len(names), where))
        return 0
    for members in cycles:
        inside = set(members)
        print("cycle: %s" % " ".join(members))
        seen = set()
        for start in members:
            path = shortest_cycle(start, inside, edges)
            key = frozenset(path)
            if path and key not in seen:
                seen.add(key)
                print("    %s" % " -> ".join(path))
        for a in members:
            for b in sorted(edges.get(a, {})):
                if b in inside:
                    print("    %s uses from %s: %s" % (a, b, " ".join(sorted(edges[a][b]))))
    print("check-layers: %d cycle%s among the files of %s/"
          % (len(cycles), "" if len(cycles) == 1 else "s", where))
    return 1


if __name__ == "__main__":
    sys.exit(main())
