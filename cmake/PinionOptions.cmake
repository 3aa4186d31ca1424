# PinionOptions — warnings and sanitizers for every Pinion target, in one place.
#
# Sanitizers are whole-program switches: they go on every object and every
# link of the build (tests and samples included), because a sanitized
# runtime linked into an unsanitized test, or the reverse, either fails to
# link or misses the very bugs it is there for.  ASan and UBSan combine;
# TSan excludes ASan.  Each requested sanitizer is checked once at
# configure time, so a missing libasan/libtsan is a clear configure error
# rather than a puzzling link error in the middle of the build.
#
# Warnings are per target (pinion_set_warnings) so that they apply to the
# project's own code and never leak into a consumer through the exported
# targets.

option(PINION_ASAN "Build everything with AddressSanitizer" OFF)
option(PINION_UBSAN "Build everything with UndefinedBehaviorSanitizer (aborting on the first report)" OFF)
option(PINION_TSAN "Build everything with ThreadSanitizer" OFF)
option(PINION_WERROR "Treat compiler warnings as errors" OFF)

if(PINION_TSAN AND PINION_ASAN)
  message(FATAL_ERROR "PINION_TSAN and PINION_ASAN cannot be combined: use two build directories")
endif()

# PINION_SANITIZE_FLAGS is read by tests that build code outside this build
# (the install test's consumers), which must link against the same runtime.
set(PINION_SANITIZE_FLAGS "")
if(PINION_ASAN)
  list(APPEND PINION_SANITIZE_FLAGS -fsanitize=address)
endif()
if(PINION_UBSAN)
  list(APPEND PINION_SANITIZE_FLAGS -fsanitize=undefined -fno-sanitize-recover=undefined)
endif()
if(PINION_TSAN)
  list(APPEND PINION_SANITIZE_FLAGS -fsanitize=thread)
endif()

if(PINION_SANITIZE_FLAGS)
  list(APPEND PINION_SANITIZE_FLAGS -fno-omit-frame-pointer)
  include(CheckCSourceCompiles)
  include(CMakePushCheckState)
  cmake_push_check_state(RESET)
  set(CMAKE_REQUIRED_FLAGS "${PINION_SANITIZE_FLAGS}")
  list(JOIN CMAKE_REQUIRED_FLAGS " " CMAKE_REQUIRED_FLAGS)
  set(CMAKE_REQUIRED_LINK_OPTIONS ${PINION_SANITIZE_FLAGS})
  set(CMAKE_REQUIRED_QUIET ON)
  string(MAKE_C_IDENTIFIER "PINION_SANITIZERS_LINK_${PINION_SANITIZE_FLAGS}" _pinion_san_var)
  check_c_source_compiles("int main(void) { return 0; }" ${_pinion_san_var})
  cmake_pop_check_state()
  if(NOT ${_pinion_san_var})
    message(FATAL_ERROR "${CMAKE_C_COMPILER} cannot build and link with ${PINION_SANITIZE_FLAGS}; "
      "install the sanitizer runtime (Debian: libasan8, libubsan1, libtsan2 for gcc 12)")
  endif()
  add_compile_options(${PINION_SANITIZE_FLAGS})
  add_link_options(${PINION_SANITIZE_FLAGS})
  string(REPLACE ";" " " _pinion_san_text "${PINION_SANITIZE_FLAGS}")
  message(STATUS "Pinion: sanitizers on: ${_pinion_san_text}")
endif()

# pinion_set_warnings(<target>): the project's warning set, applied to the
# project's own targets only.
function(pinion_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wno-unused-parameter)
  if(PINION_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
