# stage.cmake — install the build into a fresh staging prefix.
#
#   cmake -DBUILD=<build dir> -DPREFIX=<prefix> -P stage.cmake
#
# The integration tests use Pinion from there, as a project would after
# `cmake --install`.  The prefix is emptied first so that a file the
# install no longer writes cannot linger and hide its absence.
if(NOT BUILD OR NOT PREFIX)
  message(FATAL_ERROR "usage: cmake -DBUILD=<build dir> -DPREFIX=<prefix> -P stage.cmake")
endif()
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${PREFIX}"
  RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD} --prefix ${PREFIX} failed (${result}):\n${out}")
endif()
foreach(path bin/pinion share/pinion/pinion-gdb.py)
  if(NOT EXISTS "${PREFIX}/${path}")
    message(FATAL_ERROR "the staged install has no ${path}")
  endif()
endforeach()
message(STATUS "Pinion staged in ${PREFIX}")
