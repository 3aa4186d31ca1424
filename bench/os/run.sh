#!/usr/bin/env bash
# run.sh [RUNS] — the operating-system service benchmarks, side by side:
#
#   pn_blocking round trips (os_bench blocking) beside tokio's
#   spawn_blocking (tokio_blocking, built offline with cargo from the
#   crates Debian's librust-tokio-dev installs), and a 1 GiB file read in
#   64 KiB chunks with pn_pread while a 1 ms timer ticks, beside a plain
#   pread loop (os_bench read), cached and cold.
#
# Builds into build-bench/ (Release) and $TMPDIR; RUNS (5) interleaved
# runs of each, every run printed, then the medians.  Results go into
# docs/os-services.md by hand (tools/bench copies them into
# docs/performance.md).  Needs about 1 GiB of free disk for the file.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${1:-5}
TRIPS=${TRIPS:-50000}
FILE_MIB=${FILE_MIB:-1024}
TMP=${TMPDIR:-/tmp}/pinion-os-bench
mkdir -p "$TMP"

cmake -S "$ROOT" -B "$ROOT/build-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DPINION_BUILD_BENCH=ON -DBUILD_TESTING=OFF -DPINION_BUILD_SAMPLES=OFF >/dev/null
cmake --build "$ROOT/build-bench" --target os_bench >/dev/null
OS_BENCH=$ROOT/build-bench/bench/bin/os_bench
TOKIO=""
if command -v cargo >/dev/null && [ -d /usr/share/cargo/registry ]; then
    (cd "$ROOT/bench/os/tokio_blocking" &&
        CARGO_TARGET_DIR=$TMP/tokio-target cargo build --release -q) &&
        TOKIO=$TMP/tokio-target/release/tokio_blocking
else
    echo "tokio peer skipped: install cargo and librust-tokio-dev" >&2
fi

if [ ! -s "$TMP/big.bin" ] || [ "$(stat -c %s "$TMP/big.bin")" -ne $((FILE_MIB << 20)) ]; then
    head -c $((FILE_MIB << 20)) /dev/urandom >"$TMP/big.bin"
fi

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

pn=() tk=() cached=() cold=()
for ((r = 0; r < RUNS; r++)); do
    out=$("$OS_BENCH" blocking "$TRIPS"); echo "$out"
    pn+=("$(sed -n 's/.*round trip: \([0-9]*\) ns.*/\1/p' <<<"$out")")
    if [ -n "$TOKIO" ]; then
        out=$("$TOKIO" "$TRIPS"); echo "$out"
        tk+=("$(sed -n 's/.*round trip: \([0-9]*\) ns.*/\1/p' <<<"$out")")
    fi
    out=$("$OS_BENCH" read "$TMP/big.bin"); echo "$out"
    cached+=("$(sed -n 's/.*(\([0-9.]*\)x).*/\1/p' <<<"$out")")
    out=$("$OS_BENCH" read "$TMP/big.bin" cold); echo "$out"
    cold+=("$(sed -n 's/.*(\([0-9.]*\)x).*/\1/p' <<<"$out")")
done
echo
echo "median pn_blocking round trip: $(printf '%s\n' "${pn[@]}" | median) ns"
[ -n "$TOKIO" ] && echo "median tokio spawn_blocking round trip: $(printf '%s\n' "${tk[@]}" | median) ns"
echo "median cached read, pn_pread / plain: $(printf '%s\n' "${cached[@]}" | median)x"
echo "median cold read, pn_pread / plain: $(printf '%s\n' "${cold[@]}" | median)x"
