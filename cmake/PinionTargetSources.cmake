# PinionTargetSources — pinion_target_sources(), the build-time transform.
#
#   pinion_target_sources(<target> [PRIVATE|PUBLIC|INTERFACE] <file>...
#                                  [<scope> <file>...]...)
#
# Mirrors target_sources(): each listed file is an async source of
# <target>.  At build time the transformer (Pinion::pinion) rewrites it into
# ${CMAKE_CURRENT_BINARY_DIR}/pinion/<target>/<dir>/<name>.pn.c, and that
# output is compiled in the file's place (the scope defaults to PRIVATE).
# The original may also be listed in add_executable()/add_library(): it is
# the custom command's MAIN_DEPENDENCY, and CMake compiles a source that
# carries a custom command through that command instead of directly.
#
# This file is included by the source tree's CMakeLists.txt and by the
# installed PinionConfig.cmake, so the function behaves the same after
# add_subdirectory(pinion) and after find_package(Pinion).  It is written
# the way CMake's own UseSWIG is:
#   - the input is the MAIN_DEPENDENCY; the transformer's depfile (-MF)
#     lists every header it read, so editing one re-runs the transform;
#   - Pinion::pinion is in DEPENDS: a rebuilt transformer regenerates;
#   - the transformer parses the file with the target's own include
#     directories, compile definitions and C standard, forwarded as
#     generator expressions, so usage requirements added later (a
#     target_link_libraries() after this call) are seen as well.  -D, -U,
#     -I and -std= options found in the target's COMPILE_OPTIONS and in
#     CMAKE_C_FLAGS / CMAKE_C_FLAGS_<CONFIG> (as they are when this is
#     called; NDEBUG lives there) are forwarded too: macros in async bodies
#     must expand for the transformer as they do for the compiler.
#     Entries guarded by $<COMPILE_LANGUAGE:...> are empty outside a
#     compilation and so are not seen by the transformer;
#   - the original's own source-file properties (COMPILE_DEFINITIONS,
#     INCLUDE_DIRECTORIES, COMPILE_OPTIONS, as set when this is called)
#     move to its output, and reach the transformer as well;
#   - Pinion::runtime's include directory comes last, so <pinion.h> is
#     found even before the target links Pinion::runtime (it still has to,
#     to link).
#
# The output is compiled with `-iquote <the original's directory>`, so a
# quoted #include finds what it found beside the original.
#
# Target properties read at generation time:
#   PINION_OPTIONS         extra transformer options, e.g. --no-line
# Target property written:
#   PINION_ASYNC_SOURCES   absolute paths of the target's async sources
#
# A source file with a custom command belongs to its directory, not to one
# target: in the directory where pinion_target_sources() is called, a
# listed file is an async source for every target, and another target
# there cannot compile it untransformed (a -DPINION_ERASE reading must be
# built from another directory).  Such a target is reported at the end of
# the directory rather than left to fail at link time.

include_guard(GLOBAL)

if(CMAKE_VERSION VERSION_LESS 3.20)
  message(FATAL_ERROR "pinion_target_sources() needs CMake 3.20 or newer "
    "(DEPFILE support for both Ninja and Makefiles); this is ${CMAKE_VERSION}")
endif()

# Functions record the policies in force where they are defined, so the
# function keeps these whatever its caller's cmake_minimum_required() says.
# CMP0116 NEW: CMake rewrites DEPFILE paths for Ninja as it does for
# Makefiles, so one depfile serves both.
cmake_policy(PUSH)
cmake_policy(VERSION 3.20)

# _pinion_config_flags(<out>): the preprocessor-relevant options of
# CMAKE_C_FLAGS and CMAKE_C_FLAGS_<CONFIG>, the latter wrapped in
# $<CONFIG:...> so each configuration transforms with its own.
function(_pinion_config_flags out)
  set(keep "^-([DUI].|std=)")
  separate_arguments(flags UNIX_COMMAND "${CMAKE_C_FLAGS}")
  list(FILTER flags INCLUDE REGEX "${keep}")
  get_property(multi GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(multi)
    set(configs ${CMAKE_CONFIGURATION_TYPES})
  else()
    set(configs ${CMAKE_BUILD_TYPE})
  endif()
  foreach(cfg IN LISTS configs)
    string(TOUPPER "${cfg}" cfg_upper)
    separate_arguments(cfg_flags UNIX_COMMAND "${CMAKE_C_FLAGS_${cfg_upper}}")
    list(FILTER cfg_flags INCLUDE REGEX "${keep}")
    foreach(flag IN LISTS cfg_flags)
      string(REPLACE ">" "$<ANGLE-R>" flag "${flag}")
      list(APPEND flags "$<$<CONFIG:${cfg}>:${flag}>")
    endforeach()
  endforeach()
  set(${out} "${flags}" PARENT_SCOPE)
endfunction()

# _pinion_output_path(<out> <target> <source>): where <source>'s transform
# for <target> goes.
# Paths keep the source's place relative to the current source (or, for
# a generated input, binary) directory so that a/x.c and b/x.c do not
# collide; a file outside both gets "__" for each "..", as CMake does for
# object files.
function(_pinion_output_path out target src)
  cmake_path(IS_PREFIX CMAKE_CURRENT_SOURCE_DIR "${src}" NORMALIZE in_source)
  cmake_path(IS_PREFIX CMAKE_CURRENT_BINARY_DIR "${src}" NORMALIZE in_binary)
  if(in_source)
    file(RELATIVE_PATH rel "${CMAKE_CURRENT_SOURCE_DIR}" "${src}")
  elseif(in_binary)
    file(RELATIVE_PATH rel "${CMAKE_CURRENT_BINARY_DIR}" "${src}")
  else()
    file(RELATIVE_PATH rel "${CMAKE_CURRENT_SOURCE_DIR}" "${src}")
    string(REPLACE "../" "__/" rel "${rel}")
    string(REPLACE ":" "_" rel "${rel}")
  endif()
  get_filename_component(dir "${rel}" DIRECTORY)
  get_filename_component(name "${rel}" NAME_WLE)
  set(base "${CMAKE_CURRENT_BINARY_DIR}/pinion/${target}")
  if(dir)
    set(${out} "${base}/${dir}/${name}.pn.c" PARENT_SCOPE)
  else()
    set(${out} "${base}/${name}.pn.c" PARENT_SCOPE)
  endif()
endfunction()

# _pinion_strip_sources(<target> <dir> <file>...): removes the async
# originals from the target's SOURCES and INTERFACE_SOURCES.  Needed only
# when the transform is set up outside the target's directory: there the
# original's custom command is invisible to the target, which would
# otherwise compile it directly next to its transform.  (Sources the target
# gets later are not seen: list them before calling from another directory.)
function(_pinion_strip_sources target dir)
  foreach(prop IN ITEMS SOURCES INTERFACE_SOURCES)
    get_target_property(entries "${target}" ${prop})
    if(NOT entries)
      continue()
    endif()
    set(kept "")
    foreach(entry IN LISTS entries)
      if(NOT entry MATCHES "^\\$<")
        get_filename_component(abs "${entry}" ABSOLUTE BASE_DIR "${dir}")
        if(abs IN_LIST ARGN)
          continue()
        endif()
      endif()
      list(APPEND kept "${entry}")
    endforeach()
    set_property(TARGET "${target}" PROPERTY ${prop} "${kept}")
  endforeach()
endfunction()

# _pinion_check_directory(): at the end of a directory, reports targets of
# that directory that list an async source without transforming it.
function(_pinion_check_directory)
  get_directory_property(async_sources _PINION_ASYNC_SOURCES)
  get_directory_property(targets BUILDSYSTEM_TARGETS)
  foreach(t IN LISTS targets)
    get_target_property(sources "${t}" SOURCES)
    if(NOT sources)
      continue()
    endif()
    get_target_property(own "${t}" PINION_ASYNC_SOURCES)
    foreach(entry IN LISTS sources)
      if(entry MATCHES "^\\$<")
        continue()
      endif()
      get_filename_component(abs "${entry}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      if(abs IN_LIST async_sources AND NOT abs IN_LIST own)
        message(SEND_ERROR "Target '${t}' lists ${entry}, an async source of another "
          "target in this directory (pinion_target_sources).  A file with a transform is "
          "compiled only through it here: give '${t}' the same "
          "pinion_target_sources() call, or build an untransformed reading of the file "
          "from another directory.")
      endif()
    endforeach()
  endforeach()
endfunction()

function(pinion_target_sources target)
  set(usage "pinion_target_sources(<target> [PRIVATE|PUBLIC|INTERFACE] <file>...)")
  if(NOT TARGET "${target}")
    message(FATAL_ERROR "pinion_target_sources: there is no target '${target}'.  "
      "Create it with add_executable() or add_library() before giving it async sources.")
  endif()
  get_target_property(aliased "${target}" ALIASED_TARGET)
  if(aliased)
    message(FATAL_ERROR "pinion_target_sources: '${target}' is an ALIAS of '${aliased}'; "
      "give the async sources to '${aliased}' itself.")
  endif()
  get_target_property(imported "${target}" IMPORTED)
  if(imported)
    message(FATAL_ERROR "pinion_target_sources: '${target}' is an IMPORTED target; "
      "only targets built by this project can have async sources.")
  endif()
  get_target_property(type "${target}" TYPE)
  if(NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY|INTERFACE_LIBRARY)$")
    message(FATAL_ERROR "pinion_target_sources: '${target}' is a ${type} target; "
      "async sources need an executable or a library.")
  endif()
  if(NOT TARGET Pinion::pinion)
    message(FATAL_ERROR "pinion_target_sources: the transformer target Pinion::pinion is "
      "not visible here.  Call find_package(Pinion) or add_subdirectory(<pinion source>) "
      "in this directory or a parent before pinion_target_sources().")
  endif()

  # Scopes as target_sources() takes them, with PRIVATE before the first.
  set(scope PRIVATE)
  set(files_PRIVATE "")
  set(files_PUBLIC "")
  set(files_INTERFACE "")
  set(count 0)
  foreach(arg IN LISTS ARGN)
    if(arg MATCHES "^(PRIVATE|PUBLIC|INTERFACE)$")
      set(scope "${arg}")
    elseif(NOT arg STREQUAL "")
      list(APPEND files_${scope} "${arg}")
      math(EXPR count "${count} + 1")
    endif()
  endforeach()
  if(count EQUAL 0)
    message(FATAL_ERROR "pinion_target_sources: no files given for target '${target}'.  "
      "Usage: ${usage}")
  endif()
  if(type STREQUAL "INTERFACE_LIBRARY" AND (files_PRIVATE OR files_PUBLIC))
    message(FATAL_ERROR "pinion_target_sources: '${target}' is an INTERFACE library; "
      "its async sources can only be INTERFACE.")
  endif()

  get_target_property(target_dir "${target}" SOURCE_DIR)
  set(same_directory OFF)
  if(target_dir STREQUAL CMAKE_CURRENT_SOURCE_DIR)
    set(same_directory ON)
  endif()

  # What the transformer parses with: generator expressions evaluated for
  # the target, so they give its state at the end of configuration (only
  # the CMAKE_C_FLAGS part is read now).
  set(t "${target}")
  set(incs "$<TARGET_PROPERTY:${t},INCLUDE_DIRECTORIES>")
  if(TARGET Pinion::runtime)
    # Last, and once: a target that links Pinion::runtime has it already.
    set(rt "$<TARGET_PROPERTY:Pinion::runtime,INTERFACE_INCLUDE_DIRECTORIES>")
    set(incs "$<REMOVE_DUPLICATES:$<FILTER:${incs}$<SEMICOLON>${rt},INCLUDE,.>>")
  endif()
  set(defs "$<TARGET_PROPERTY:${t},COMPILE_DEFINITIONS>")
  set(std "$<TARGET_PROPERTY:${t},C_STANDARD>")
  set(ext "$<TARGET_PROPERTY:${t},C_EXTENSIONS>")
  # An unset C_EXTENSIONS means ON, as it does for the compiler.
  set(gnu "$<OR:$<STREQUAL:${ext},>,$<BOOL:${ext}>>")
  set(opts "$<FILTER:$<TARGET_PROPERTY:${t},COMPILE_OPTIONS>,INCLUDE,^-([DUI].|std=)>")
  _pinion_config_flags(config_flags)
  set(flags
    "$<$<BOOL:${incs}>:-I$<JOIN:${incs},$<SEMICOLON>-I>>"
    "$<$<BOOL:${defs}>:-D$<JOIN:${defs},$<SEMICOLON>-D>>"
    "$<$<BOOL:${std}>:-std=$<IF:${gnu},gnu,c>$<IF:$<STREQUAL:${std},23>,2x,${std}>>"
    ${config_flags}
    "${opts}")
  set(pinion_options "$<TARGET_PROPERTY:${t},PINION_OPTIONS>")

  get_target_property(known "${target}" PINION_ASYNC_SOURCES)
  if(NOT known)
    set(known "")
  endif()
  set(outputs "")
  set(originals "")
  foreach(scope IN ITEMS PRIVATE PUBLIC INTERFACE)
    foreach(file IN LISTS files_${scope})
      get_filename_component(src "${file}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      get_filename_component(last_ext "${src}" LAST_EXT)
      if(NOT last_ext STREQUAL ".c")
        get_source_file_property(lang "${src}" LANGUAGE)
        if(NOT lang STREQUAL "C")
          message(FATAL_ERROR "pinion_target_sources: ${file} is not a C source.  Async "
            "sources are .c files (or files whose LANGUAGE property is C); headers that "
            "declare async functions are read through #include.")
        endif()
      endif()
      get_source_file_property(generated "${src}" GENERATED)
      if(IS_DIRECTORY "${src}" OR (NOT EXISTS "${src}" AND NOT generated))
        message(FATAL_ERROR "pinion_target_sources: cannot find async source ${file} "
          "(looked for ${src}) for target '${target}'.")
      endif()
      if(src IN_LIST known)
        continue() # target_sources() ignores repeats too
      endif()
      list(APPEND known "${src}")

      # The original's own source properties go to its output, and its
      # definitions and include directories to the transformer as well.
      set(file_flags "")
      set(file_props "")
      foreach(prop IN ITEMS COMPILE_DEFINITIONS INCLUDE_DIRECTORIES COMPILE_OPTIONS)
        get_source_file_property(value "${src}" ${prop})
        if(value)
          list(APPEND file_props ${prop} "${value}")
          if(prop STREQUAL "COMPILE_DEFINITIONS")
            list(TRANSFORM value PREPEND -D)
            list(APPEND file_flags ${value})
          elseif(prop STREQUAL "INCLUDE_DIRECTORIES")
            list(TRANSFORM value PREPEND -I)
            list(APPEND file_flags ${value})
          else()
            list(FILTER value INCLUDE REGEX "^-([DUI].|std=)")
            list(APPEND file_flags ${value})
          endif()
        endif()
      endforeach()

      _pinion_output_path(out "${target}" "${src}")
      # Ninja creates an output's directory, Makefiles do not.
      get_filename_component(out_dir "${out}" DIRECTORY)
      file(MAKE_DIRECTORY "${out_dir}")
      file(RELATIVE_PATH shown "${CMAKE_BINARY_DIR}" "${out}")
      add_custom_command(
        OUTPUT "${out}"
        COMMAND "$<TARGET_FILE:Pinion::pinion>" ${pinion_options}
                "${src}" -o "${out}" -MF "${out}.d" -MT "${out}"
                -- ${flags} ${file_flags}
        MAIN_DEPENDENCY "${src}"
        DEPENDS Pinion::pinion
        DEPFILE "${out}.d"
        COMMENT "Transforming async source ${shown}"
        VERBATIM
        COMMAND_EXPAND_LISTS)
      # `#include "x.h"` looks first in the including file's directory,
      # which for the output is not the original's: give it that one next.
      get_filename_component(src_dir "${src}" DIRECTORY)
      set(scopes_of_out DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}")
      if(NOT same_directory)
        list(APPEND scopes_of_out TARGET_DIRECTORY "${target}")
        set_property(SOURCE "${out}" TARGET_DIRECTORY "${target}" PROPERTY GENERATED TRUE)
      endif()
      set_property(SOURCE "${out}" ${scopes_of_out} APPEND
        PROPERTY COMPILE_OPTIONS -iquote "${src_dir}")
      while(file_props)
        list(POP_FRONT file_props prop value)
        set_property(SOURCE "${out}" ${scopes_of_out} APPEND PROPERTY ${prop} "${value}")
      endwhile()
      target_sources("${target}" ${scope} "${out}")
      list(APPEND outputs "${out}")
      list(APPEND originals "${src}")
    endforeach()
  endforeach()
  set_property(TARGET "${target}" PROPERTY PINION_ASYNC_SOURCES "${known}")
  if(NOT outputs)
    return()
  endif()

  # A custom command's outputs are generated only for targets of the
  # directory that declared it.  When the outputs are compiled elsewhere
  # (the target lives in another directory, or PUBLIC/INTERFACE sources
  # reach its consumers) a driver target of this directory produces them
  # and the target depends on it.
  if(NOT same_directory OR files_PUBLIC OR files_INTERFACE)
    get_property(n TARGET "${target}" PROPERTY _PINION_DRIVERS)
    if(NOT n)
      set(n 0)
    endif()
    math(EXPR n "${n} + 1")
    set_property(TARGET "${target}" PROPERTY _PINION_DRIVERS ${n})
    set(driver "${target}_pinion")
    if(n GREATER 1)
      set(driver "${target}_pinion_${n}")
    endif()
    add_custom_target("${driver}" DEPENDS ${outputs})
    add_dependencies("${target}" "${driver}")
  endif()
  if(NOT same_directory)
    _pinion_strip_sources("${target}" "${target_dir}" ${originals})
  endif()

  set_property(DIRECTORY APPEND PROPERTY _PINION_ASYNC_SOURCES ${originals})
  get_directory_property(checked _PINION_CHECK_DEFERRED)
  if(NOT checked)
    set_directory_properties(PROPERTIES _PINION_CHECK_DEFERRED ON)
    cmake_language(DEFER CALL _pinion_check_directory)
  endif()
endfunction()

cmake_policy(POP)
