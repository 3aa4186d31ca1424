# shellcheck shell=bash
# deps.sh — install what Pinion needs on Debian, and nothing else.
#
# Sourced by tools/demo (build set), tools/test (build and test sets, the
# lint set for its lint stage), tools/lint and tools/check-layers (build and
# lint sets).
# Only missing packages are installed: one `apt-get update`, then one
# `apt-get install`.  Without root it prints the exact command to run and
# fails, rather than half-installing or prompting for a password.
#
# libclang counts as present when any libclang-N-dev with N >= 14 is
# installed (or LIBCLANG_ROOT points somewhere): the build's find module
# takes any of them, so a machine with libclang-16-dev needs no 14.

# What configuring and building the project needs (tests are on in the dev
# preset, so the Check unit-test framework is part of it; libssl-dev for
# pinion_tls, which is skipped without it).
# shellcheck disable=SC2034  # read by the scripts that source this file
PINION_BUILD_PACKAGES=(cmake ninja-build pkg-config gcc libc6-dev check libssl-dev)
# What the test suite uses beyond that: clang (generated code must compile
# warning-free under both compilers), gdb (breakpoints and stepping through
# #line in transformed programs), csmith with its headers (random
# programs for tools/csmith-soak), python3 (tools/pinion-graph), make (the
# incremental-build tests also run under Makefiles), curl and redis-tools
# (real clients of the sample servers), openssl (certificates made at
# test time, s_client against the TLS server), graphviz (tools/pinion-graph's
# SVG output) and chromium (tools/pinion-trace's timeline page, rendered
# headless; its test is skipped where chromium is missing), meson (the
# Meson recipe of the install test).  A test that
# starts using another tool adds its package here.
# shellcheck disable=SC2034
PINION_TEST_PACKAGES=(clang gdb make csmith libcsmith-dev python3 curl redis-tools openssl graphviz
    chromium meson)
# What tools/lint and tools/check-layers use beyond the build set: the
# linters, nm (binutils) and python3 for the dependency graph.
# shellcheck disable=SC2034
PINION_LINT_PACKAGES=(clang-tidy clang-format binutils python3)
# What the benchmarks use (tools/bench, bench/servers/run.sh): the C++20
# coroutine baselines (g++, clang), callgrind, taskset, cargo and tokio
# for the blocking pool's peer (bench/os, built offline from the crates
# the librust-*-dev packages install), and the servers and load
# generators the sample servers are measured against.
# shellcheck disable=SC2034
PINION_BENCH_PACKAGES=(g++ clang valgrind util-linux cargo librust-tokio-dev)
# The peers of bench/spawn/compare_workers.sh: tokio's multi-threaded
# runtime built offline with cargo from Debian's crates, and Go.
# shellcheck disable=SC2034
PINION_CORES_BENCH_PACKAGES=(cargo librust-tokio-dev golang-go wrk redis-tools)
# shellcheck disable=SC2034
PINION_SERVER_BENCH_PACKAGES=(wrk nginx redis-server redis-tools libuv1-dev util-linux)

pn_have_libclang() {
    if [ -n "${LIBCLANG_ROOT:-}" ]; then
        return 0
    fi
    local header version
    for header in /usr/lib/llvm-*/include/clang-c/Index.h; do
        [ -e "$header" ] || continue
        version=${header#/usr/lib/llvm-}
        version=${version%%/*}
        if [ "$version" -ge 14 ] 2>/dev/null; then
            return 0
        fi
    done
    return 1
}

pn_package_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" = "ii " ]
}

# pn_ensure_packages <package>...: install the missing ones (plus
# libclang-dev when no usable libclang is present).
pn_ensure_packages() {
    local missing=() pkg
    if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
        pn_note "not a Debian system: make sure these (or their equivalents) are installed:"
        pn_note "  $* libclang-dev (14 or newer)"
        return 0
    fi
    for pkg in "$@"; do
        pn_package_installed "$pkg" || missing+=("$pkg")
    done
    pn_have_libclang || missing+=(libclang-dev)
    if [ ${#missing[@]} -eq 0 ]; then
        pn_note "all required packages are installed"
        return 0
    fi
    local cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "Missing packages: ${missing[*]}" >&2
        echo "Run as root, then run this command again:" >&2
        echo "    $cmd" >&2
        exit 1
    fi
    pn_note "installing: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -q ||
        pn_die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" ||
        pn_die "apt-get install failed"
}
