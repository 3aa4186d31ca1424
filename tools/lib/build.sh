# shellcheck shell=bash
# build.sh — configure, build and test one build directory from a preset.
#
# Sourced by tools/demo and tools/test.  Every build directory is
# configured from a preset of CMakePresets.json (the same settings a
# developer gets from `cmake --preset NAME`), only its location may differ.
# Configuring an existing directory again is cheap and keeps it in step
# with the preset; ninja then rebuilds only what changed.

# Sanitizer run-time options, as in the sanitize and tsan test presets.
PINION_ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_string_checks=1"
PINION_UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
PINION_TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"

# pn_configure <preset> <dir>
pn_configure() {
    local preset=$1 dir=$2
    if [ -f "$dir/CMakeCache.txt" ] &&
        ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$dir/CMakeCache.txt"; then
        pn_die "$dir was configured with another generator; remove it or set PINION_BUILD_DIR"
    fi
    cmake -S "$PINION_ROOT" --preset "$preset" -B "$dir"
}

# pn_build <dir> [target...]
pn_build() {
    local dir=$1
    shift
    if [ $# -gt 0 ]; then
        cmake --build "$dir" -j "$PINION_JOBS" --target "$@"
    else
        cmake --build "$dir" -j "$PINION_JOBS"
    fi
}

# pn_ctest <dir> [ctest args...]: the tests of one build, with sanitizer
# options set for whichever sanitizers it was built with.
pn_ctest() {
    local dir=$1
    shift
    ASAN_OPTIONS=${ASAN_OPTIONS:-$PINION_ASAN_OPTIONS} \
        UBSAN_OPTIONS=${UBSAN_OPTIONS:-$PINION_UBSAN_OPTIONS} \
        TSAN_OPTIONS=${TSAN_OPTIONS:-$PINION_TSAN_OPTIONS} \
        ctest --test-dir "$dir" -j "$PINION_JOBS" --output-on-failure --no-tests=error "$@"
}
