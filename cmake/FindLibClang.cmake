# FindLibClang — locate libclang's C API, version 14 or newer.
#
# Debian's ClangConfig.cmake is avoided on purpose: it belongs to the clang-N
# package, fails hard when that is installed without libclang-N-dev, has no
# version file for 14/15 and its target carries no include directory.  The
# C API needs only three things, found here as one consistent set from a
# single LLVM installation: clang-c/Index.h, the libclang library, and
# clang's resource directory (builtin headers such as stddef.h, without
# which every parse fails).  A header of one version is never paired with
# the library of another.
#
# Where to look, first match wins:
#   1. LIBCLANG_ROOT (CMake variable or environment variable) or the
#      CMake-style LibClang_ROOT: that installation only, and an error
#      naming what is missing when it is not usable.  Example:
#      -DLIBCLANG_ROOT=/usr/lib/llvm-16
#   2. llvm-config (LLVM_CONFIG, or the first llvm-config[-N] on PATH): the
#      system's default LLVM, from its --includedir and --libdir.
#   3. /usr/lib/llvm-N, newest N first (Debian and Ubuntu install
#      libclang-N-dev side by side there).
# Candidates older than 14 are skipped.  LibClang_INCLUDE_DIR,
# LibClang_LIBRARY and LibClang_RESOURCE_DIR are cache entries and may be
# set directly; changing LIBCLANG_ROOT in an existing build directory
# discards them and searches again.
#
# Results: LibClang_FOUND, LibClang_VERSION (the resource directory's
# version, e.g. 14.0.6 or 16), LibClang_VERSION_MAJOR, LibClang_CINDEX_MINOR
# (CINDEX_VERSION_MINOR of the header), LibClang_RESOURCE_DIR and the
# imported target LibClang::LibClang.

set(_libclang_min_major 14)

set(_libclang_request "")
if(LIBCLANG_ROOT)
  set(_libclang_request "${LIBCLANG_ROOT}")
elseif(DEFINED ENV{LIBCLANG_ROOT} AND NOT "$ENV{LIBCLANG_ROOT}" STREQUAL "")
  set(_libclang_request "$ENV{LIBCLANG_ROOT}")
elseif(LibClang_ROOT)
  set(_libclang_request "${LibClang_ROOT}")
endif()

# A new request invalidates whatever an earlier configure found.
if(NOT "${_libclang_request}" STREQUAL "${_LibClang_LAST_REQUEST}")
  unset(LibClang_INCLUDE_DIR CACHE)
  unset(LibClang_LIBRARY CACHE)
  unset(LibClang_RESOURCE_DIR CACHE)
  set(_LibClang_LAST_REQUEST "${_libclang_request}" CACHE INTERNAL
    "LIBCLANG_ROOT of the search that filled the LibClang_* cache entries")
endif()

# _libclang_resource_dir(<out> <libdir>...): the newest clang/<version>
# directory below one of the library directories that holds stddef.h.
function(_libclang_resource_dir out)
  set(found "")
  foreach(libdir IN LISTS ARGN)
    file(GLOB dirs LIST_DIRECTORIES true "${libdir}/clang/*")
    list(SORT dirs COMPARE NATURAL ORDER DESCENDING)
    foreach(d IN LISTS dirs)
      if(EXISTS "${d}/include/stddef.h")
        set(found "${d}")
        break()
      endif()
    endforeach()
    if(found)
      break()
    endif()
  endforeach()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

# _libclang_try(<incdir> <libdirs> <why-var>): when this installation is
# usable, set _libclang_inc / _libclang_lib / _libclang_res in the caller;
# otherwise append the reason to <why-var>.
function(_libclang_try incdir libdirs why_var)
  set(why "${${why_var}}")
  if(NOT EXISTS "${incdir}/clang-c/Index.h")
    list(APPEND why "${incdir}: no clang-c/Index.h (libclang-N-dev not installed?)")
    set(${why_var} "${why}" PARENT_SCOPE)
    return()
  endif()
  find_library(_libclang_probe NAMES clang libclang PATHS ${libdirs} NO_DEFAULT_PATH)
  set(lib "${_libclang_probe}")
  unset(_libclang_probe CACHE)
  if(NOT lib)
    list(APPEND why "${incdir}: no libclang library in ${libdirs}")
    set(${why_var} "${why}" PARENT_SCOPE)
    return()
  endif()
  _libclang_resource_dir(res ${libdirs})
  if(NOT res)
    list(APPEND why "${incdir}: no clang resource directory (clang/<version>/include/stddef.h) in ${libdirs}")
    set(${why_var} "${why}" PARENT_SCOPE)
    return()
  endif()
  get_filename_component(ver "${res}" NAME)
  string(REGEX MATCH "^[0-9]+" major "${ver}")
  if(NOT major OR major LESS _libclang_min_major)
    list(APPEND why "${incdir}: libclang ${ver} is older than ${_libclang_min_major}")
    set(${why_var} "${why}" PARENT_SCOPE)
    return()
  endif()
  set(_libclang_inc "${incdir}" PARENT_SCOPE)
  set(_libclang_lib "${lib}" PARENT_SCOPE)
  set(_libclang_res "${res}" PARENT_SCOPE)
endfunction()

set(_libclang_rejected "")
set(_libclang_inc "")
if(LibClang_INCLUDE_DIR AND LibClang_LIBRARY)
  # Set by the user or by an earlier configure: trust it, but still derive
  # the resource directory from the library's installation when unset.
  set(_libclang_inc "${LibClang_INCLUDE_DIR}")
  set(_libclang_lib "${LibClang_LIBRARY}")
  get_filename_component(_libclang_libdir "${LibClang_LIBRARY}" DIRECTORY)
  _libclang_resource_dir(_libclang_res "${_libclang_libdir}")
elseif(_libclang_request)
  _libclang_try("${_libclang_request}/include"
    "${_libclang_request}/lib;${_libclang_request}/lib64" _libclang_rejected)
else()
  find_program(LLVM_CONFIG NAMES llvm-config llvm-config-19 llvm-config-18
    llvm-config-17 llvm-config-16 llvm-config-15 llvm-config-14
    DOC "llvm-config of the LLVM whose libclang Pinion uses")
  if(LLVM_CONFIG)
    execute_process(COMMAND "${LLVM_CONFIG}" --includedir
      OUTPUT_VARIABLE _libclang_cfg_inc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    execute_process(COMMAND "${LLVM_CONFIG}" --libdir
      OUTPUT_VARIABLE _libclang_cfg_lib OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(_libclang_cfg_inc AND _libclang_cfg_lib)
      _libclang_try("${_libclang_cfg_inc}" "${_libclang_cfg_lib}" _libclang_rejected)
    endif()
  endif()
  if(NOT _libclang_inc)
    file(GLOB _libclang_roots LIST_DIRECTORIES true "/usr/lib/llvm-[0-9]*")
    list(SORT _libclang_roots COMPARE NATURAL ORDER DESCENDING)
    foreach(_root IN LISTS _libclang_roots)
      _libclang_try("${_root}/include" "${_root}/lib" _libclang_rejected)
      if(_libclang_inc)
        break()
      endif()
    endforeach()
  endif()
endif()

if(_libclang_inc)
  set(LibClang_INCLUDE_DIR "${_libclang_inc}" CACHE PATH "Directory holding clang-c/Index.h")
  set(LibClang_LIBRARY "${_libclang_lib}" CACHE FILEPATH "The libclang library")
  if(_libclang_res)
    set(LibClang_RESOURCE_DIR "${_libclang_res}" CACHE PATH
      "clang resource directory (its include/ holds stddef.h and the other builtin headers)")
  endif()
endif()

if(LibClang_INCLUDE_DIR AND EXISTS "${LibClang_INCLUDE_DIR}/clang-c/Index.h")
  file(STRINGS "${LibClang_INCLUDE_DIR}/clang-c/Index.h" _libclang_minor
    REGEX "^#define CINDEX_VERSION_MINOR")
  string(REGEX REPLACE ".* ([0-9]+)$" "\\1" LibClang_CINDEX_MINOR "${_libclang_minor}")
endif()
if(LibClang_RESOURCE_DIR)
  get_filename_component(LibClang_VERSION "${LibClang_RESOURCE_DIR}" NAME)
  string(REGEX MATCH "^[0-9]+" LibClang_VERSION_MAJOR "${LibClang_VERSION}")
endif()

set(_libclang_fail_message "")
if(_libclang_rejected)
  list(JOIN _libclang_rejected "\n    " _libclang_reasons)
  set(_libclang_fail_message "Could NOT find libclang ${_libclang_min_major} or newer. Rejected:\n    ${_libclang_reasons}\n  Install libclang-dev (or libclang-N-dev) or point LIBCLANG_ROOT at an LLVM installation")
endif()

include(FindPackageHandleStandardArgs)
if(_libclang_fail_message)
  find_package_handle_standard_args(LibClang
    REQUIRED_VARS LibClang_LIBRARY LibClang_INCLUDE_DIR LibClang_RESOURCE_DIR
    VERSION_VAR LibClang_VERSION
    FAIL_MESSAGE "${_libclang_fail_message}")
else()
  find_package_handle_standard_args(LibClang
    REQUIRED_VARS LibClang_LIBRARY LibClang_INCLUDE_DIR LibClang_RESOURCE_DIR
    VERSION_VAR LibClang_VERSION)
endif()

if(LibClang_FOUND AND NOT TARGET LibClang::LibClang)
  add_library(LibClang::LibClang UNKNOWN IMPORTED)
  set_target_properties(LibClang::LibClang PROPERTIES
    IMPORTED_LOCATION "${LibClang_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibClang_INCLUDE_DIR}")
endif()
mark_as_advanced(LibClang_INCLUDE_DIR LibClang_LIBRARY LibClang_RESOURCE_DIR LLVM_CONFIG)
