# Warnings and sanitizers for every Pinion target, set in one place.
option(PINION_ASAN "Build with AddressSanitizer" OFF)
option(PINION_UBSAN "Build with UndefinedBehaviorSanitizer" OFF)
option(PINION_TSAN "Build with ThreadSanitizer" OFF)
option(PINION_WERROR "Treat warnings as errors" OFF)

if(PINION_TSAN AND PINION_ASAN)
  message(FATAL_ERROR "PINION_TSAN and PINION_ASAN cannot be combined")
endif()

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
  add_compile_options(${PINION_SANITIZE_FLAGS})
  add_link_options(${PINION_SANITIZE_FLAGS})
endif()

# pinion_set_warnings(<target>): the project's warning set.
function(pinion_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wno-unused-parameter)
  if(PINION_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
