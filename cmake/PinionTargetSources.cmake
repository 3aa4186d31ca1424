# PinionTargetSources — pinion_target_sources(), the build-time transform,
# and pinion_install_frames(), which installs a library's frames.
#
#   pinion_target_sources(<target> [PRIVATE|PUBLIC|INTERFACE] <file>...
#                                  [<scope> <file>...]...)
#
# Mirrors target_sources(): each listed file is an async source of
# <target> (the scope defaults to PRIVATE); several calls accumulate.  At
# build time the transformer (Pinion::pinion) rewrites every async source
# of the target in one run, in target mode (docs/cross-file.md), into
# ${CMAKE_CURRENT_BINARY_DIR}/pinion/<target>/<dir>/<name>.pn.c, and those
# outputs are compiled in the files' place.  One run per target because
# the files may await each other: a frame embeds the frames of the
# functions it awaits, so the sizes of frames in one file depend on the
# other files.  The run also writes
#   pinion/<target>/pinion_frames/<target>.frames.h
# the target's opaque frames, which its own files and the targets linking
# it include to embed its frames (that directory is added to the target's
# include directories, PUBLIC for a library: $<BUILD_INTERFACE:...> only;
# pinion_install_frames() below installs it).
# Outputs are rewritten only when their bytes change, so with Ninja an
# edit recompiles exactly the files whose transform changed and the files
# including a frames header whose layouts changed.  (Makefiles have no
# such "restat": there a transform that runs recompiles its target's
# async sources.)
#
# The command is set up once all the calls are known: at the end of the
# directory of the first call (cmake_language(DEFER)); every call for one
# target must come from that directory.  This file is included by the
# source tree's CMakeLists.txt and by the installed PinionConfig.cmake, so
# both functions behave the same after add_subdirectory(pinion) and after
# find_package(Pinion).  pinion_target_sources() is written the way
# CMake's own UseSWIG is:
#   - the inputs are in DEPENDS and the transformer's depfile (-MF) lists
#     every header any of them read, and the frames headers of linked
#     targets it read, so editing one re-runs the transform;
#   - Pinion::pinion is in DEPENDS: a rebuilt transformer regenerates;
#   - the transformer parses with the target's own include directories,
#     compile definitions and C standard, forwarded as generator
#     expressions, so usage requirements added later (a
#     target_link_libraries() after this call) are seen as well.  -D, -U,
#     -I and -std= options found in the target's COMPILE_OPTIONS and in
#     CMAKE_C_FLAGS / CMAKE_C_FLAGS_<CONFIG> (as they are at the end of the
#     directory; NDEBUG lives there) are forwarded too: macros in async
#     bodies must expand for the transformer as they do for the compiler.
#     Entries guarded by $<COMPILE_LANGUAGE:...> are empty outside a
#     compilation and so are not seen by the transformer;
#   - the original's own source-file properties (COMPILE_DEFINITIONS,
#     INCLUDE_DIRECTORIES, COMPILE_OPTIONS, as set when this is called)
#     move to its output, and reach the transformer for that file
#     (--file-flag) as well;
#   - Pinion::runtime's include directory comes last, so <pinion.h> is
#     found even before the target links Pinion::runtime (it still has to,
#     to link).
# A target that links a library with async sources builds after it (CMake
# orders linked targets), so its transform reads a current frames header.
#
# The output is compiled with `-iquote <the original's directory>`, so a
# quoted #include finds what it found beside the original.  The original
# itself may stay listed in add_executable()/add_library(): at the end of
# the directory it is taken out of the target's sources, so it is never
# compiled directly there.
#
# Editors: the originals of each target (not of an INTERFACE library) are
# the sources of <target>_pinion_sources, an OBJECT library excluded from
# every build, with the target's include directories, definitions, options
# and C standard (and the originals' own source properties).  It is never
# built; it exists so that compile_commands.json lists each original with
# the flags it is transformed with, and clangd, clang-tidy -p and IDEs read
# the file the user edits as the transformer does.  (Building it anyway
# fails: an untransformed async source does not compile, see pinion.h.)
#
# Installing a library whose async functions other projects await:
#
#   pinion_install_frames(<target> DESTINATION <dir> [COMPONENT <component>])
#
# installs <target>'s frames header as <dir>/pinion_frames/<target>.frames.h
# and adds $<INSTALL_INTERFACE:<dir>> to its include directories (PUBLIC),
# so the target exported with install(EXPORT) points its consumers there.
# A consumer's transform finds the header the way it finds a library's
# frames header in a build tree: under one of its -I directories, as
# pinion_frames/*.frames.h (docs/cross-file.md).  <dir> is usually the
# directory of the library's public headers, CMAKE_INSTALL_INCLUDEDIR.  The
# header is generated at build time: install after building, as usual.
#
# Target properties read at generation time:
#   PINION_OPTIONS         extra transformer options, e.g. --no-line
# Target properties written:
#   PINION_ASYNC_SOURCES   absolute paths of the target's async sources
#   PINION_FRAMES_HEADER   the target's frames header
#
# A source file's properties belong to its directory, not to one target:
# in the directory where pinion_target_sources() is called, a listed file
# is an async source for every target, and another target there cannot
# compile it untransformed (a -DPINION_ERASE reading must be built from
# another directory).  Such a target is reported at the end of the
# directory rather than left to fail at link time.

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

# _pinion_check_directory(): at the end of a directory, reports targets of
# that directory that list an async source without transforming it.
function(_pinion_check_directory)
  get_directory_property(async_sources _PINION_ASYNC_SOURCES)
  get_directory_property(targets BUILDSYSTEM_TARGETS)
  foreach(t IN LISTS targets)
    get_target_property(sources "${t}" SOURCES)
    get_target_property(editor "${t}" _PINION_EDITOR_TARGET)
    if(NOT sources OR editor)
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

# _pinion_editor_sources(<target> <originals>...): the originals out of
# <target>'s own sources, and into <target>_pinion_sources for
# compile_commands.json (see the top of this file).
function(_pinion_editor_sources target)
  get_target_property(sources "${target}" SOURCES)
  get_target_property(target_dir "${target}" SOURCE_DIR)
  if(sources)
    set(kept "")
    foreach(entry IN LISTS sources)
      get_filename_component(abs "${entry}" ABSOLUTE BASE_DIR "${target_dir}")
      if(NOT entry MATCHES "^\\$<" AND abs IN_LIST ARGN)
        continue()
      endif()
      list(APPEND kept "${entry}")
    endforeach()
    set_property(TARGET "${target}" PROPERTY SOURCES "${kept}")
  endif()
  get_target_property(type "${target}" TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    return()
  endif()
  set(edit "${target}_pinion_sources")
  add_library("${edit}" OBJECT EXCLUDE_FROM_ALL ${ARGN})
  set_property(TARGET "${edit}" PROPERTY _PINION_EDITOR_TARGET ON)
  set(t "${target}")
  target_include_directories("${edit}" PRIVATE "$<TARGET_PROPERTY:${t},INCLUDE_DIRECTORIES>")
  if(TARGET Pinion::runtime)
    target_include_directories("${edit}" PRIVATE
      "$<TARGET_PROPERTY:Pinion::runtime,INTERFACE_INCLUDE_DIRECTORIES>")
  endif()
  target_compile_definitions("${edit}" PRIVATE "$<TARGET_PROPERTY:${t},COMPILE_DEFINITIONS>")
  target_compile_options("${edit}" PRIVATE "$<TARGET_PROPERTY:${t},COMPILE_OPTIONS>")
  foreach(prop IN ITEMS C_STANDARD C_STANDARD_REQUIRED C_EXTENSIONS)
    get_target_property(value "${target}" ${prop})
    if(NOT value STREQUAL "value-NOTFOUND")
      set_property(TARGET "${edit}" PROPERTY ${prop} "${value}")
    endif()
  endforeach()
endfunction()

# _pinion_finish_target(<target>): the target-wide transform command, once
# every pinion_target_sources() call of the directory has been seen.
function(_pinion_finish_target target)
  get_target_property(args "${target}" _PINION_ARGS)
  get_target_property(inputs "${target}" _PINION_INPUTS)
  get_target_property(outputs "${target}" _PINION_OUTPUTS)
  get_target_property(needs_driver "${target}" _PINION_NEEDS_DRIVER)
  get_target_property(header "${target}" PINION_FRAMES_HEADER)
  set_property(TARGET "${target}" PROPERTY _PINION_FINISHED ON)
  _pinion_editor_sources("${target}" ${inputs})

  # What the transformer parses with: generator expressions evaluated for
  # the target, so they give its state at the end of configuration.
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

  # The stamp is the command's first output and is always touched: a
  # make-style build sees the command as done even when the transformer
  # left every other output as it was.  Ninja re-reads the others' time
  # stamps (restat) and rebuilds only what depends on a changed one.
  get_filename_component(frames_dir "${header}" DIRECTORY)
  get_filename_component(base "${frames_dir}" DIRECTORY)
  set(stamp "${base}/${target}.stamp")
  set(depfile "${base}/${target}.d")
  file(MAKE_DIRECTORY "${frames_dir}")
  add_custom_command(
    OUTPUT "${stamp}" ${outputs} "${header}"
    COMMAND "$<TARGET_FILE:Pinion::pinion>" ${pinion_options}
            --target "${target}" --frames-header "${header}"
            -MF "${depfile}" -MT "${stamp}"
            ${args}
            -- ${flags}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${inputs} Pinion::pinion
    DEPFILE "${depfile}"
    COMMENT "Transforming the async sources of ${target}"
    VERBATIM
    COMMAND_EXPAND_LISTS)

  # A custom command's outputs are generated only for targets of the
  # directory that declared it.  When the outputs are compiled elsewhere
  # (the target lives in another directory, or PUBLIC/INTERFACE sources
  # reach its consumers) a driver target of this directory produces them
  # and the target depends on it.
  if(needs_driver)
    add_custom_target("${target}_pinion" DEPENDS "${stamp}" ${outputs} "${header}")
    add_dependencies("${target}" "${target}_pinion")
  endif()
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

  # All calls for one target come from one directory: the transform runs
  # once for all of them, set up at the end of that directory.
  get_target_property(setup_dir "${target}" _PINION_SETUP_DIR)
  get_target_property(finished "${target}" _PINION_FINISHED)
  if(finished OR (setup_dir AND NOT setup_dir STREQUAL CMAKE_CURRENT_SOURCE_DIR))
    message(FATAL_ERROR "pinion_target_sources: the async sources of '${target}' are "
      "transformed together, and were first given in ${setup_dir}: give every async "
      "source of '${target}' from that directory.")
  endif()
  set(first_call OFF)
  if(NOT setup_dir)
    set(first_call ON)
    set_property(TARGET "${target}" PROPERTY _PINION_SETUP_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  endif()

  get_target_property(target_dir "${target}" SOURCE_DIR)
  set(same_directory OFF)
  if(target_dir STREQUAL CMAKE_CURRENT_SOURCE_DIR)
    set(same_directory ON)
  endif()

  get_target_property(known "${target}" PINION_ASYNC_SOURCES)
  if(NOT known)
    set(known "")
  endif()
  set(originals "")
  set(added OFF)
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
          elseif(prop STREQUAL "INCLUDE_DIRECTORIES")
            list(TRANSFORM value PREPEND -I)
          else()
            list(FILTER value INCLUDE REGEX "^-([DUI].|std=)")
          endif()
          list(TRANSFORM value PREPEND --file-flag=)
          list(APPEND file_flags ${value})
        endif()
      endforeach()

      _pinion_output_path(out "${target}" "${src}")
      # Ninja creates an output's directory, Makefiles do not.
      get_filename_component(out_dir "${out}" DIRECTORY)
      file(MAKE_DIRECTORY "${out_dir}")
      set_property(TARGET "${target}" APPEND PROPERTY _PINION_ARGS
        "${src}" -o "${out}" ${file_flags})
      set_property(TARGET "${target}" APPEND PROPERTY _PINION_INPUTS "${src}")
      set_property(TARGET "${target}" APPEND PROPERTY _PINION_OUTPUTS "${out}")

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
      list(APPEND originals "${src}")
      set(added ON)
    endforeach()
  endforeach()
  set_property(TARGET "${target}" PROPERTY PINION_ASYNC_SOURCES "${known}")
  if(NOT same_directory OR files_PUBLIC OR files_INTERFACE)
    set_property(TARGET "${target}" PROPERTY _PINION_NEEDS_DRIVER ON)
  endif()

  if(first_call)
    # The frames header: included by the target's own outputs and, through
    # the include directory, by the targets that link it.
    set(base "${CMAKE_CURRENT_BINARY_DIR}/pinion/${target}")
    set_property(TARGET "${target}" PROPERTY PINION_FRAMES_HEADER
      "${base}/pinion_frames/${target}.frames.h")
    if(type STREQUAL "INTERFACE_LIBRARY")
      set(visibility INTERFACE)
    elseif(type STREQUAL "EXECUTABLE")
      set(visibility PRIVATE)
    else()
      set(visibility PUBLIC)
    endif()
    target_include_directories("${target}" ${visibility} "$<BUILD_INTERFACE:${base}>")
    cmake_language(EVAL CODE
      "cmake_language(DEFER CALL _pinion_finish_target [[${target}]])")
  endif()
  if(NOT added)
    return()
  endif()

  set_property(DIRECTORY APPEND PROPERTY _PINION_ASYNC_SOURCES ${originals})
  get_directory_property(checked _PINION_CHECK_DEFERRED)
  if(NOT checked)
    set_directory_properties(PROPERTIES _PINION_CHECK_DEFERRED ON)
    cmake_language(DEFER CALL _pinion_check_directory)
  endif()
endfunction()

# pinion_install_frames(<target> DESTINATION <dir> [COMPONENT <component>]):
# see the top of this file.
function(pinion_install_frames target)
  set(usage "pinion_install_frames(<target> DESTINATION <dir> [COMPONENT <component>])")
  cmake_parse_arguments(PARSE_ARGV 1 A "" "DESTINATION;COMPONENT" "")
  if(A_UNPARSED_ARGUMENTS)
    list(JOIN A_UNPARSED_ARGUMENTS " " unparsed)
    message(FATAL_ERROR "pinion_install_frames: unexpected arguments "
      "'${unparsed}'.  Usage: ${usage}")
  endif()
  if(NOT TARGET "${target}")
    message(FATAL_ERROR "pinion_install_frames: there is no target '${target}'.  "
      "Usage: ${usage}")
  endif()
  if(NOT A_DESTINATION)
    message(FATAL_ERROR "pinion_install_frames: no DESTINATION given for target "
      "'${target}'.  Usage: ${usage}")
  endif()
  get_target_property(aliased "${target}" ALIASED_TARGET)
  if(aliased)
    message(FATAL_ERROR "pinion_install_frames: '${target}' is an ALIAS of '${aliased}'; "
      "install the frames of '${aliased}' itself.")
  endif()
  get_target_property(imported "${target}" IMPORTED)
  if(imported)
    message(FATAL_ERROR "pinion_install_frames: '${target}' is an IMPORTED target; "
      "only a target built by this project has frames to install.")
  endif()
  get_target_property(type "${target}" TYPE)
  if(type STREQUAL "EXECUTABLE")
    message(FATAL_ERROR "pinion_install_frames: '${target}' is an executable; nothing "
      "links it, so no other target can await its async functions.  Only a library's "
      "frames are installed.")
  elseif(type STREQUAL "MODULE_LIBRARY")
    message(FATAL_ERROR "pinion_install_frames: '${target}' is a MODULE library; it is "
      "loaded at run time, never linked, so no other target can await its async functions.")
  elseif(type STREQUAL "INTERFACE_LIBRARY")
    message(FATAL_ERROR "pinion_install_frames: '${target}' is an INTERFACE library; its "
      "async sources are transformed in this build tree and compiled into each target "
      "linking it, so an installed package cannot carry them.  Make it a STATIC, SHARED "
      "or OBJECT library.")
  elseif(NOT type MATCHES "^(STATIC_LIBRARY|SHARED_LIBRARY|OBJECT_LIBRARY)$")
    message(FATAL_ERROR "pinion_install_frames: '${target}' is a ${type} target; "
      "only a library's frames are installed.")
  endif()
  get_target_property(header "${target}" PINION_FRAMES_HEADER)
  if(NOT header)
    message(FATAL_ERROR "pinion_install_frames: '${target}' has no async sources, so no "
      "frames header: call pinion_target_sources(${target} ...) before "
      "pinion_install_frames().")
  endif()

  set(component "")
  if(A_COMPONENT)
    set(component COMPONENT "${A_COMPONENT}")
  endif()
  install(FILES "${header}" DESTINATION "${A_DESTINATION}/pinion_frames" ${component})
  target_include_directories("${target}" PUBLIC "$<INSTALL_INTERFACE:${A_DESTINATION}>")
endfunction()

cmake_policy(POP)
