#!/usr/bin/env bash
# run_project.sh — configure, build and run a CMake project that uses
# Pinion, and compare what its programs print with an expected file.
#
# usage: run_project.sh --source DIR --work DIR --generator GEN --run PROG
#                       [--run PROG...] --expected FILE [-- CMAKE_ARGS...]
#
# Each PROG is relative to the project's build directory, and each must
# print FILE (netdemo: the transformed program and its synchronous
# reading).  The compiler, build
# type and sanitizer flags come from the environment (CC, BUILD_TYPE,
# SANITIZE_FLAGS, CMAKE), set by tests/integration/CMakeLists.txt, so the
# project is built the way Pinion itself was.
set -u

source='' work='' generator='' expected=''
runs=()
while [ $# -gt 0 ]; do
    case "$1" in
    --source) source=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --generator) generator=$2; shift 2 ;;
    --run) runs+=("$2"); shift 2 ;;
    --expected) expected=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "run_project.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
if [ -z "$source" ] || [ -z "$work" ] || [ -z "$generator" ] || [ ${#runs[@]} -eq 0 ] ||
   [ -z "$expected" ]; then
    echo "run_project.sh: --source, --work, --generator, --run and --expected are required" >&2
    exit 2
fi
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

setup_work
src=$source # built where it is, not copied
configure "$@"
echo "== build"
build

for run in "${runs[@]}"; do
    run_and_compare "$run" "$expected"
done
