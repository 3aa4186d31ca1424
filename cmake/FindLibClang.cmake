# FindLibClang — locate libclang's C API (version 14 or newer).
#
# Debian's ClangConfig.cmake is avoided on purpose: it fails hard when the
# clang-N package is present without libclang-N-dev and has no usable
# version file.  Search order: LIBCLANG_ROOT, llvm-config (LLVM_CONFIG),
# then /usr/lib/llvm-N for N from newest to 14.
#
# Result: LibClang_FOUND, LibClang_VERSION, LibClang_RESOURCE_DIR (clang's
# builtin headers) and the imported target LibClang::LibClang.

set(_libclang_hints "")
if(LIBCLANG_ROOT)
  list(APPEND _libclang_hints "${LIBCLANG_ROOT}")
endif()

find_program(LLVM_CONFIG NAMES llvm-config llvm-config-19 llvm-config-18 llvm-config-17
  llvm-config-16 llvm-config-15 llvm-config-14)
if(LLVM_CONFIG AND NOT LIBCLANG_ROOT)
  execute_process(COMMAND "${LLVM_CONFIG}" --prefix OUTPUT_VARIABLE _llvm_prefix
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_llvm_prefix)
    list(APPEND _libclang_hints "${_llvm_prefix}")
  endif()
endif()
foreach(_v 19 18 17 16 15 14)
  list(APPEND _libclang_hints "/usr/lib/llvm-${_v}")
endforeach()

# Pick the first hint that has both the header and the library, so that a
# header from one version is never paired with a library from another.
foreach(_root IN LISTS _libclang_hints)
  if(EXISTS "${_root}/include/clang-c/Index.h")
    find_library(_libclang_lib NAMES clang libclang PATHS "${_root}/lib" NO_DEFAULT_PATH)
    if(_libclang_lib)
      set(LibClang_ROOT_DIR "${_root}")
      set(LibClang_INCLUDE_DIR "${_root}/include" CACHE PATH "libclang include directory")
      set(LibClang_LIBRARY "${_libclang_lib}" CACHE FILEPATH "libclang library")
      unset(_libclang_lib CACHE)
      break()
    endif()
    unset(_libclang_lib CACHE)
  endif()
endforeach()

if(LibClang_INCLUDE_DIR)
  file(STRINGS "${LibClang_INCLUDE_DIR}/clang-c/Index.h" _minor REGEX "^#define CINDEX_VERSION_MINOR")
  string(REGEX REPLACE ".* ([0-9]+)$" "\\1" LibClang_CINDEX_MINOR "${_minor}")
  # The resource directory holds clang's builtin headers (stddef.h, ...).
  file(GLOB _res_dirs LIST_DIRECTORIES true "${LibClang_ROOT_DIR}/lib/clang/*")
  list(SORT _res_dirs COMPARE NATURAL ORDER DESCENDING)
  foreach(_d IN LISTS _res_dirs)
    if(EXISTS "${_d}/include/stddef.h")
      set(LibClang_RESOURCE_DIR "${_d}" CACHE PATH "clang resource directory")
      get_filename_component(LibClang_VERSION "${_d}" NAME)
      break()
    endif()
  endforeach()
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibClang
  REQUIRED_VARS LibClang_LIBRARY LibClang_INCLUDE_DIR LibClang_RESOURCE_DIR
  VERSION_VAR LibClang_VERSION)

if(LibClang_FOUND AND NOT TARGET LibClang::LibClang)
  add_library(LibClang::LibClang UNKNOWN IMPORTED)
  set_target_properties(LibClang::LibClang PROPERTIES
    IMPORTED_LOCATION "${LibClang_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibClang_INCLUDE_DIR}")
endif()
mark_as_advanced(LibClang_INCLUDE_DIR LibClang_LIBRARY LibClang_RESOURCE_DIR)
