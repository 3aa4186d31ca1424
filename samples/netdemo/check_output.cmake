# check_output.cmake — run a program and compare its standard output with
# an expected file, byte for byte.
#
#   cmake -DPROGRAM=<exe> -DEXPECTED=<file> -P check_output.cmake
if(NOT PROGRAM OR NOT EXPECTED)
  message(FATAL_ERROR "usage: cmake -DPROGRAM=<exe> -DEXPECTED=<file> -P check_output.cmake")
endif()
execute_process(COMMAND "${PROGRAM}" RESULT_VARIABLE status
  OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${status}\n${out}${err}")
endif()
file(READ "${EXPECTED}" expected)
if(NOT out STREQUAL expected)
  message(FATAL_ERROR "${PROGRAM} printed\n${out}\ninstead of\n${expected}")
endif()
