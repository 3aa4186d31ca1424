#!/usr/bin/env bash
# install_test.sh — install the build into a scratch prefix and use it.
#
# Checks every path of the documented layout (bin/pinion, include/pinion.h,
# lib/libpinion.{a,so}, lib/pkgconfig/pinion.pc, lib/cmake/Pinion/*,
# share/pinion/pinion-gdb.py), then
# builds tests/install/consumer twice against the installed tree alone,
# once through find_package(Pinion) and once through pkg-config, and runs
# both programs.  Everything it needs comes from the environment set by
# tests/install/CMakeLists.txt.  The scratch prefix is removed on exit.
set -euo pipefail

: "${PINION_BUILD:?}" "${PINION_VERSION:?}" "${CONSUMER_SOURCE:?}" "${CMAKE:?}" "${CC:?}"
: "${LIBDIR:=lib}" "${DATADIR:=share}" "${LIB_KIND:=static}" "${BUILD_TYPE:=Debug}" "${SANITIZE_FLAGS:=}"
: "${EXPECT_TARGET_SOURCES:=OFF}"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/pinion-install.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

step() {
    echo "== $*"
}

step "cmake --install $PINION_BUILD --prefix $prefix"
"$CMAKE" --install "$PINION_BUILD" --prefix "$prefix" >"$scratch/install.log" ||
    { cat "$scratch/install.log" >&2; exit 1; }

step "layout"
if [ "$LIB_KIND" = shared ]; then
    lib=libpinion.so
    not_lib=libpinion.a
else
    lib=libpinion.a
    not_lib=libpinion.so
fi
for path in \
    bin/pinion \
    include/pinion.h \
    "$LIBDIR/$lib" \
    "$LIBDIR/pkgconfig/pinion.pc" \
    "$LIBDIR/cmake/Pinion/PinionConfig.cmake" \
    "$LIBDIR/cmake/Pinion/PinionConfigVersion.cmake" \
    "$LIBDIR/cmake/Pinion/PinionTargets.cmake" \
    "$LIBDIR/cmake/Pinion/PinionTargetSources.cmake" \
    "$DATADIR/pinion/pinion-gdb.py"; do
    if [ -e "$prefix/$path" ]; then
        echo "ok   $path"
    else
        fail "missing $path"
    fi
done
[ -x "$prefix/bin/pinion" ] || fail "bin/pinion is not executable"
[ -e "$prefix/$LIBDIR/$not_lib" ] && fail "$LIBDIR/$not_lib installed by a $LIB_KIND build"
[ "$failures" -eq 0 ] || exit 1

# Consumers must see only the installed tree: no source or build paths.
export PKG_CONFIG_PATH=$prefix/$LIBDIR/pkgconfig
export CMAKE_PREFIX_PATH=$prefix
if [ "$LIB_KIND" = shared ]; then
    export LD_LIBRARY_PATH=$prefix/$LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi

step "CMake consumer: find_package(Pinion), Pinion::runtime"
if "$CMAKE" -S "$CONSUMER_SOURCE" -B "$scratch/cmake-consumer" ${CMAKE_GENERATOR:+-G "$CMAKE_GENERATOR"} \
        -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" \
        -DCMAKE_C_FLAGS="$SANITIZE_FLAGS" -DCMAKE_EXE_LINKER_FLAGS="$SANITIZE_FLAGS" \
        -DEXPECT_PINION_VERSION="$PINION_VERSION" \
        -DEXPECT_TARGET_SOURCES="$EXPECT_TARGET_SOURCES" >"$scratch/consumer.log" 2>&1 &&
    "$CMAKE" --build "$scratch/cmake-consumer" >>"$scratch/consumer.log" 2>&1; then
    if out=$("$scratch/cmake-consumer/consumer"); then
        echo "$out"
    else
        fail "CMake consumer exited with status $?: $out"
    fi
else
    cat "$scratch/consumer.log" >&2
    fail "CMake consumer did not configure or build"
fi

step "pkg-config consumer: cc \$(pkg-config --cflags --libs pinion)"
pc_version=$(pkg-config --modversion pinion) || fail "pkg-config does not find pinion"
[ "$pc_version" = "$PINION_VERSION" ] || fail "pinion.pc says version $pc_version, expected $PINION_VERSION"
pc_pinion=$(pkg-config --variable=pinion pinion)
[ "$pc_pinion" = "$prefix/bin/pinion" ] || fail "pinion.pc names the transformer $pc_pinion"
# shellcheck disable=SC2046,SC2086  # word splitting of the flags is the point
if "$CC" $SANITIZE_FLAGS -std=c11 -Wall -Wextra -Werror "$CONSUMER_SOURCE/main.c" \
        -o "$scratch/pc-consumer" $(pkg-config --cflags --libs pinion); then
    if out=$("$scratch/pc-consumer"); then
        echo "$out"
    else
        fail "pkg-config consumer exited with status $?: $out"
    fi
else
    fail "pkg-config consumer did not compile"
fi

# Meson (docs/meson.md): the recipe in tests/install/meson finds the
# transformer through pkg-config's `pinion` variable and transforms the
# program's two async files as one target, with a depfile: the program must
# run, and touching a header they include must re-run the transformer.
if command -v meson >/dev/null; then
    step "Meson consumer: pkg-config --variable=pinion pinion, a custom_target with a depfile"
    meson_src=$scratch/meson-src
    cp -r "$(dirname "$CONSUMER_SOURCE")/meson" "$meson_src"
    # A sanitizer build installs an instrumented libpinion: the program
    # is built with the same flags, as the CMake consumer above is.
    meson_flags=()
    if [ -n "$SANITIZE_FLAGS" ]; then
        meson_flags+=("-Dc_args=$SANITIZE_FLAGS" "-Dc_link_args=$SANITIZE_FLAGS")
    fi
    if meson setup "${meson_flags[@]}" "$scratch/meson-build" "$meson_src" >"$scratch/meson.log" 2>&1 &&
        meson compile -C "$scratch/meson-build" >>"$scratch/meson.log" 2>&1 &&
        out=$("$scratch/meson-build/meson_app"); then
        echo "ok   $out"
        sleep 1 # a newer modification time than the outputs', at any resolution
        touch "$meson_src/work.h"
        meson compile -C "$scratch/meson-build" >"$scratch/meson-again.log" 2>&1 || true
        if grep -q "Generating app_async" "$scratch/meson-again.log"; then
            echo "ok   editing work.h re-ran the transformer"
        else
            cat "$scratch/meson-again.log" >&2
            fail "editing a header the async sources include did not re-run pinion"
        fi
    else
        cat "$scratch/meson.log" >&2
        fail "the Meson consumer did not configure, build or run"
    fi
fi

# Pinion::tls, installed when the tree was built with OpenSSL: a consumer
# that asks for the component links it (and OpenSSL through it).
if [ -e "$prefix/$LIBDIR/libpinion_tls.a" ]; then
    step "CMake consumer: find_package(Pinion COMPONENTS tls), Pinion::tls"
    tls_src=$scratch/tls-consumer-src
    mkdir -p "$tls_src"
    cat >"$tls_src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(tls_consumer C)
find_package(Pinion REQUIRED COMPONENTS tls)
add_executable(tls_consumer main.c)
target_link_libraries(tls_consumer PRIVATE Pinion::tls)
CMAKE
    printf '#include <pinion_tls.h>\nint main(void) { return 0; }\n' >"$tls_src/main.c"
    if "$CMAKE" -S "$tls_src" -B "$scratch/tls-consumer" ${CMAKE_GENERATOR:+-G "$CMAKE_GENERATOR"} \
        >"$scratch/tls.log" 2>&1 && "$CMAKE" --build "$scratch/tls-consumer" >>"$scratch/tls.log" 2>&1 &&
        "$scratch/tls-consumer/tls_consumer"; then
        echo "ok   Pinion::tls consumer"
    else
        cat "$scratch/tls.log" >&2
        fail "the Pinion::tls consumer did not configure, build or run"
    fi
fi

[ "$failures" -eq 0 ] || exit 1
echo "install test passed"
