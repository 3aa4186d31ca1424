# shellcheck shell=bash
# common.sh — shared by tools/demo and tools/test: paths, output, timing.
#
# Sourced, not run.  Sets PINION_ROOT (the source tree), PINION_BUILD_DIR
# (the dev build, build/ unless the environment says otherwise) and
# PINION_JOBS (parallel jobs, 2 unless set).  Sections print a header and
# their duration so a slow step is visible in a CI log.

PINION_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PINION_BUILD_DIR=${PINION_BUILD_DIR:-$PINION_ROOT/build}
case $PINION_BUILD_DIR in
    /*) ;;
    *) PINION_BUILD_DIR=$PWD/$PINION_BUILD_DIR ;;
esac
PINION_JOBS=${PINION_JOBS:-2}

pn_start_time=$SECONDS
pn_section_name=""
pn_section_start=0
pn_summary=()

pn_die() {
    echo "error: $*" >&2
    exit 1
}

pn_note() {
    echo "-- $*"
}

# pn_section <title>: ends the current section (printing its time) and
# starts a new one.
pn_section() {
    pn_section_end
    pn_section_name=$1
    pn_section_start=$SECONDS
    echo
    echo "==== $1"
}

pn_section_end() {
    if [ -n "$pn_section_name" ]; then
        local took=$((SECONDS - pn_section_start))
        echo "==== $pn_section_name: ${took}s"
        pn_summary+=("$(printf '%5ss  %s' "$took" "$pn_section_name")")
        pn_section_name=""
    fi
}

# pn_print_summary: the time each section took, and the total.
pn_print_summary() {
    pn_section_end
    echo
    echo "==== timings"
    local line
    for line in "${pn_summary[@]}"; do
        echo "$line"
    done
    printf '%5ss  total\n' $((SECONDS - pn_start_time))
}
