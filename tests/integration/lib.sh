# lib.sh — what the scripts that build a CMake project against Pinion
# (incremental.sh, crossfile.sh, run_project.sh, installed_library.sh)
# share: their command line, copying a project, configuring it, building
# it with a log, and reading that log, the generated files and what the
# programs print.
# Sourced, not run.
#
# The caller sets: work (scratch directory), generator, and the
# environment of tests/integration/CMakeLists.txt (CMAKE, CC, BUILD_TYPE,
# SANITIZE_FLAGS); `rebuild_test_args` sets them for the rebuild tests.
# After `setup_work`, $build is the build directory; after
# `setup_project SRC_DIR`, $src is the copy it builds; `build` leaves the
# log of each build in $log.

: "${CMAKE:=cmake}" "${CC:=cc}" "${BUILD_TYPE:=Debug}" "${SANITIZE_FLAGS:=}"

failed=0
fail() {
    echo "FAIL: $*"
    failed=1
}

# finish: the test's exit status.
finish() {
    [ "$failed" -eq 0 ] || exit 1
    echo "ok: $1"
    exit 0
}

# rebuild_test_args "$@": the command line of a rebuild test,
#   --source DIR --work DIR --generator GEN SCENARIO
# sets source, work, generator and scenario, and restat (yes when the
# generator re-reads the time stamps of a command's outputs: Ninja).  The
# staged Pinion ($STAGE) is required.
rebuild_test_args() {
    local me
    me=$(basename "$0")
    source='' work='' generator=''
    while [ $# -gt 1 ]; do
        case "$1" in
        --source) source=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --generator) generator=$2; shift 2 ;;
        *) echo "$me: unknown option $1" >&2; exit 2 ;;
        esac
    done
    # shellcheck disable=SC2034  # the caller's
    scenario=${1:?usage: $me --source DIR --work DIR --generator GEN SCENARIO}
    if [ -z "$source" ] || [ -z "$work" ] || [ -z "$generator" ]; then
        echo "$me: --source, --work and --generator are required" >&2
        exit 2
    fi
    : "${STAGE:?}"
    restat=yes
    [ "$generator" = Ninja ] || restat=no
}

# setup_work: an empty $work, and $build the build directory in it.
setup_work() {
    rm -rf "$work"
    mkdir -p "$work" || exit 2
    build=$work/build
}

# setup_project SRC: a fresh copy of SRC in $work/src.
setup_project() {
    setup_work
    src=$work/src
    cp -R "$1" "$src" || exit 2
}

# configure CMAKE_ARGS...: configures $src into $build.
configure() {
    echo "== configure ($generator) $*"
    if ! "$CMAKE" -S "$src" -B "$build" -G "$generator" \
            -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" \
            -DCMAKE_C_FLAGS="$SANITIZE_FLAGS" -DCMAKE_EXE_LINKER_FLAGS="$SANITIZE_FLAGS" \
            "$@" >"$work/configure.log" 2>&1; then
        cat "$work/configure.log"
        echo "FAIL: the project does not configure"
        exit 1
    fi
}

n=0
# try_build: builds, leaves the log in $log; the build's status.
try_build() {
    n=$((n + 1))
    log=$work/build.$n.log
    "$CMAKE" --build "$build" --parallel 2 >"$log" 2>&1
}

# build: builds and fails the test if the build fails.
build() {
    if ! try_build; then
        tail -n 40 "$log"
        echo "FAIL: build $n failed"
        exit 1
    fi
}

# transformed TARGET: did the last build run TARGET's transform?
transformed() {
    grep -Fq "Transforming the async sources of $1" "$log"
}

# expect_transform_runs TARGET yes|no
expect_transform_runs() {
    if [ "$2" = yes ]; then
        transformed "$1" || fail "build $n did not transform the sources of $1"
    else
        transformed "$1" && fail "build $n transformed the sources of $1"
    fi
}

# compiled NAME: did the last build compile NAME.c (or its transform NAME.pn.c)?
compiled() {
    grep -Eq "Building C object .*/$1(\.pn)?\.c\.o\$" "$log"
}

# expect_compiled "NAMES THAT MUST" "NAMES THAT MUST NOT": objects of the last build.
expect_compiled() {
    local f
    for f in $1; do
        compiled "$f" || fail "build $n did not compile $f.c"
    done
    for f in $2; do
        compiled "$f" && fail "build $n compiled $f.c again"
    done
}

# not_compiled_with_restat NAMES: objects a build with restat must not
# compile.
not_compiled_with_restat() {
    [ "$restat" = yes ] && expect_compiled "" "$1"
}

# run_and_compare PROG EXPECTED: runs $build/PROG, which must exit with
# status 0 and print the file EXPECTED; the test ends here otherwise.
run_and_compare() {
    local run=$1 expected=$2 out status
    echo "== run $run"
    out=$work/$(basename "$run").out
    "$build/$run" >"$out" 2>"$work/err.txt"
    status=$?
    if [ "$status" -ne 0 ]; then
        cat "$out" "$work/err.txt"
        echo "FAIL: $run exited with status $status"
        exit 1
    fi
    if ! diff -u "$expected" "$out"; then
        echo "FAIL: the output of $run differs from $(basename "$expected")"
        exit 1
    fi
    echo "ok: $run printed $(basename "$expected")"
}

# expect_output TEXT: what the program $program prints now.
expect_output() {
    local out
    out=$("$program" 2>&1)
    [ "$out" = "$1" ] || fail "after build $n the program printed '$out', expected '$1'"
}

# expect_first_build_wrote FILE...
expect_first_build_wrote() {
    local f
    for f in "$@"; do
        [ -f "$f" ] || fail "the first build wrote no $(basename "$f")"
    done
}

# stamp FILE...: the identity of files, to tell later whether the
# transformer rewrote them: it writes a new file and renames it into
# place, which gives a new inode.  (Time stamps would not do: Make's rules
# for a command's extra outputs touch them.)
stamp() {
    stat -c '%n %i' "$@" 2>/dev/null
}

# expect_rewritten BEFORE_STAMPS FILE yes|no
expect_rewritten() {
    local before now
    before=$(printf '%s\n' "$1" | grep -F "$2 " | head -n 1)
    now=$(stamp "$2")
    if [ "$3" = yes ]; then
        [ "$before" != "$now" ] || fail "build $n did not rewrite $(basename "$2")"
    else
        [ "$before" = "$now" ] || fail "build $n rewrote $(basename "$2") (unchanged content)"
    fi
}

# expect_none_rewritten BEFORE_STAMPS FILE...
expect_none_rewritten() {
    local before=$1 f
    shift
    for f in "$@"; do
        expect_rewritten "$before" "$f" no
    done
}

# A changed file must look newer than everything built before it, even
# on a file system with coarse timestamps.
edit_pause() {
    sleep 1
}
