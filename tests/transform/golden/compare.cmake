# compare.cmake — one golden test: transform SOURCE_DIR/CASE.c (run from
# SOURCE_DIR, so #line names it CASE.c) into WORK_DIR/CASE.pn.c and compare
# with SOURCE_DIR/CASE.expected.c, the output path replaced by @OUTPUT@.
# With -DUPDATE=ON the expected file is rewritten instead.
foreach(var PINION CASE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "compare.cmake: -D${var}=... is required")
  endif()
endforeach()

file(MAKE_DIRECTORY "${WORK_DIR}")
get_filename_component(out "${WORK_DIR}/${CASE}.pn.c" ABSOLUTE)
file(REMOVE "${out}")
execute_process(
  COMMAND "${PINION}" "${CASE}.c" -o "${out}"
  WORKING_DIRECTORY "${SOURCE_DIR}"
  RESULT_VARIABLE status
  ERROR_VARIABLE errors)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "pinion failed on ${CASE}.c (status ${status}):\n${errors}")
endif()

file(READ "${out}" actual)
string(REPLACE "${out}" "@OUTPUT@" actual "${actual}")
set(expected_file "${SOURCE_DIR}/${CASE}.expected.c")

if(UPDATE)
  file(WRITE "${expected_file}" "${actual}")
  message(STATUS "wrote ${expected_file}")
  return()
endif()

file(READ "${expected_file}" expected)
if(NOT actual STREQUAL expected)
  set(normalised "${WORK_DIR}/${CASE}.actual.c")
  file(WRITE "${normalised}" "${actual}")
  execute_process(COMMAND diff -u "${expected_file}" "${normalised}" OUTPUT_VARIABLE diff)
  message(FATAL_ERROR "${CASE}: output differs from ${CASE}.expected.c\n${diff}")
endif()
