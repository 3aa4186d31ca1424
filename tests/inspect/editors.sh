#!/usr/bin/env bash
# editors.sh — an async source as an editor sees it.
#
# usage: editors.sh --clang-tidy EXE --build DIR --source FILE.c --include DIR --work DIR
#
# FILE.c is an async source of a target (pinion_target_sources) that
# includes a header from one of the target's include directories (DIR).
# compile_commands.json of the build must list FILE.c itself with that
# -I, and `clang-tidy -p BUILD FILE.c` must read it without an error
# (without the database it cannot find the header: the check can fail).
# Compiled as it is, without the transformer, the file must not build,
# with a message that says to transform it.
set -u

tidy='' build='' source='' include='' work=''
while [ $# -gt 0 ]; do
    case "$1" in
    --clang-tidy) tidy=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --source) source=$2; shift 2 ;;
    --include) include=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "editors.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
rm -rf "$work"
mkdir -p "$work" || exit 2
failed=0
fail() {
    echo "FAIL: $*"
    failed=1
}

db=$build/compile_commands.json
python3 - "$db" "$source" "$include" <<'PY' || fail "compile_commands.json does not list $source with -I$include"
import json, sys
db, source, include = sys.argv[1:]
entries = [e for e in json.load(open(db)) if e["file"] == source]
ok = [e for e in entries if ("-I" + include) in e.get("command", "") or
      include in e.get("arguments", [])]
print("%d entries for %s, %d with -I%s" % (len(entries), source, len(ok), include))
sys.exit(0 if ok else 1)
PY

# The checks of the project's .clang-tidy, only the compiler's errors count.
"$tidy" -p "$build" "$source" >"$work/tidy.out" 2>&1
rc=$?
cat "$work/tidy.out"
[ "$rc" -eq 0 ] || fail "clang-tidy -p failed ($rc)"
grep -q "error:" "$work/tidy.out" && fail "clang-tidy -p reports an error"
# Without the database the header is not found: the check above means it.
"$tidy" "$source" -- -std=gnu11 >"$work/nodb.out" 2>&1 &&
    fail "clang-tidy without the database found the target's header anyway"

# Compiled untransformed, the build fails and says what to do.
cc=${CC:-cc}
inc=$(python3 -c 'import json,sys; e=[e for e in json.load(open(sys.argv[1])) if e["file"]==sys.argv[2]][0]; import shlex; a=e.get("arguments") or shlex.split(e["command"]); print("\n".join(x for x in a if x.startswith("-I") or x.startswith("-D") or x.startswith("-std")))' "$db" "$source")
mapfile -t flags <<<"$inc"
if "$cc" "${flags[@]}" -c "$source" -o "$work/untransformed.o" >"$work/cc.out" 2>&1; then
    fail "$source compiled without being transformed"
fi
cat "$work/cc.out"
grep -q "must be transformed" "$work/cc.out" ||
    fail "the compiler's message does not say to transform the file"
grep -q "pinion_target_sources" "$work/cc.out" ||
    fail "the compiler's message does not name pinion_target_sources"
[ "$failed" -eq 0 ] || exit 1
echo "ok: editors"
