#!/usr/bin/env bash
# installed_library.sh — a library of async functions installed, and a
# project of its own awaiting them through find_package().
#
# usage: installed_library.sh --library DIR --consumer DIR --work DIR --generator GEN
#
# 1. a fresh prefix holding the staged Pinion ($STAGE, copied);
# 2. the library project (samples/netdemo) configured against that prefix,
#    built, and installed into it with `cmake --install`: NetLib::netlib,
#    netlib.h and, through pinion_install_frames(), netlib's frames header;
# 3. the consumer project (tests/integration/netclient) configured against
#    that prefix alone and built: its transform must read the installed
#    frames header to embed nl_session()'s frame; then its program and its
#    synchronous reading must both print <consumer>/netclient.expected.
# The compiler, build type and sanitizer flags come from the environment
# set by tests/integration/CMakeLists.txt, as for run_project.sh.
set -u

library='' consumer='' top='' generator=''
while [ $# -gt 0 ]; do
    case "$1" in
    --library) library=$2; shift 2 ;;
    --consumer) consumer=$2; shift 2 ;;
    --work) top=$2; shift 2 ;;
    --generator) generator=$2; shift 2 ;;
    *) echo "installed_library.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
if [ -z "$library" ] || [ -z "$consumer" ] || [ -z "$top" ] || [ -z "$generator" ]; then
    echo "installed_library.sh: --library, --consumer, --work and --generator are required" >&2
    exit 2
fi
: "${STAGE:?}"
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rm -rf "$top"
mkdir -p "$top" || exit 2
prefix=$top/prefix
echo "== prefix $prefix: the staged Pinion"
cp -R "$STAGE" "$prefix" || exit 2

# The library, built where it is (not copied), installed beside Pinion.
work=$top/library
setup_work
src=$library
configure -DCMAKE_PREFIX_PATH="$prefix"
echo "== build the library"
build
echo "== install the library into $prefix"
if ! "$CMAKE" --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1; then
    cat "$work/install.log"
    echo "FAIL: cmake --install of the library failed"
    exit 1
fi
frames=$prefix/include/pinion_frames/netlib.frames.h
for f in include/netlib.h include/pinion_frames/netlib.frames.h; do
    [ -f "$prefix/$f" ] || fail "the library's install has no $f"
done

# The consumer sees the prefix only.
work=$top/consumer
setup_work
src=$consumer
configure -DCMAKE_PREFIX_PATH="$prefix" -DNETLIB_SOURCE_DIR="$library/netlib"
echo "== build the consumer"
build
depfile=$build/pinion/netclient/netclient.d
if ! grep -Fq "$frames" "$depfile"; then
    fail "the consumer's transform did not read $frames (its depfile: $(cat "$depfile"))"
fi
[ "$failed" -eq 0 ] || exit 1
run_and_compare netclient "$consumer/netclient.expected"
run_and_compare erased/netclient_erased "$consumer/netclient.expected"
finish "an installed library's async function awaited by another project"
