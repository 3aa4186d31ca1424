# PinionInstall — `cmake --install` layout, package config and pkg-config file.
#
#   bin/pinion                        the transformer (Pinion::pinion)
#   include/pinion.h                  (and include/pinion/ once it exists)
#   lib/libpinion.a or .so            the runtime (Pinion::runtime)
#   lib/pkgconfig/pinion.pc
#   lib/cmake/Pinion/                 PinionConfig.cmake, PinionConfigVersion.cmake,
#                                     PinionTargets.cmake, PinionTargetSources.cmake
#
# The package config includes PinionTargetSources.cmake so that
# pinion_target_sources() and pinion_install_frames() exist after
# find_package(Pinion) exactly as they do after add_subdirectory().
# Everything is found relative to the installed files, and pinion.pc is
# written when installing, so
# `cmake --install <build> --prefix <anywhere>` gives a working tree.

include(CMakePackageConfigHelpers)

set(PINION_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/Pinion" CACHE STRING
  "Where PinionConfig.cmake goes, relative to the prefix")
mark_as_advanced(PINION_INSTALL_CMAKEDIR)

# While the major version is 0 every minor release may change the ABI.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_pinion_soversion "${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}")
else()
  set(_pinion_soversion "${PROJECT_VERSION_MAJOR}")
endif()
set_target_properties(pinion_runtime PROPERTIES
  VERSION "${PROJECT_VERSION}" SOVERSION "${_pinion_soversion}")
# A libclang outside the loader's default path (LIBCLANG_ROOT=/opt/...) must
# still be found by the installed transformer.
set_target_properties(pinion PROPERTIES INSTALL_RPATH_USE_LINK_PATH ON)

install(TARGETS pinion_runtime pinion
  EXPORT PinionTargets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
# Pinion::tls when it was built (OpenSSL found): its consumers find
# OpenSSL through PinionConfig.cmake.
set(PINION_EXPORT_TLS OFF)
if(TARGET pinion_tls)
  set(PINION_EXPORT_TLS ON)
  install(TARGETS pinion_tls
    EXPORT PinionTargets
    ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
  install(FILES "${PROJECT_SOURCE_DIR}/runtime/tls/pinion_tls.h"
    DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
endif()
install(DIRECTORY "${PROJECT_SOURCE_DIR}/runtime/include/"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.h")

install(EXPORT PinionTargets
  NAMESPACE Pinion::
  FILE PinionTargets.cmake
  DESTINATION "${PINION_INSTALL_CMAKEDIR}")
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/PinionConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/PinionConfig.cmake"
  INSTALL_DESTINATION "${PINION_INSTALL_CMAKEDIR}"
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/PinionConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMajorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/PinionConfig.cmake"
  "${PROJECT_BINARY_DIR}/PinionConfigVersion.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/PinionTargetSources.cmake"
  DESTINATION "${PINION_INSTALL_CMAKEDIR}")

# pinion.pc: the prefix is only known when installing (--prefix may differ
# from CMAKE_INSTALL_PREFIX), so configure time fills in everything else and
# leaves @CMAKE_INSTALL_PREFIX@ for the install step to substitute.
function(_pinion_pc_dir out dir)
  if(IS_ABSOLUTE "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    set(${out} "\${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()
_pinion_pc_dir(PINION_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
_pinion_pc_dir(PINION_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
_pinion_pc_dir(PINION_PC_BINDIR "${CMAKE_INSTALL_BINDIR}")
set(PINION_PC_PREFIX "@CMAKE_INSTALL_PREFIX@")
# A static libpinion needs its own dependencies on the consumer's link line;
# a shared one carries them itself.
get_target_property(_pinion_runtime_type pinion_runtime TYPE)
if(_pinion_runtime_type STREQUAL "STATIC_LIBRARY")
  set(PINION_PC_LIBS " -pthread")
  set(PINION_PC_LIBS_PRIVATE "")
else()
  set(PINION_PC_LIBS "")
  set(PINION_PC_LIBS_PRIVATE "Libs.private: -pthread")
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/pinion.pc.in"
  "${PROJECT_BINARY_DIR}/pinion.pc.in" @ONLY)

if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(_pinion_pc_dest "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
else()
  set(_pinion_pc_dest "\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig")
endif()
install(CODE "
  file(READ \"${PROJECT_BINARY_DIR}/pinion.pc.in\" _pinion_pc)
  string(CONFIGURE \"\${_pinion_pc}\" _pinion_pc @ONLY)
  set(_pinion_pc_file \"\$ENV{DESTDIR}${_pinion_pc_dest}/pinion.pc\")
  message(STATUS \"Installing: \${_pinion_pc_file}\")
  file(WRITE \"\${_pinion_pc_file}\" \"\${_pinion_pc}\")
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${_pinion_pc_file}\")
")

# gdb support for transformed programs (docs/debugging.md):
#   source <prefix>/share/pinion/pinion-gdb.py
install(FILES "${PROJECT_SOURCE_DIR}/tools/pinion-gdb.py"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/pinion")
