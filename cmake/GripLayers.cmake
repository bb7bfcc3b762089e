# The layering of src/, held by the build (src/README.md, "The layering the
# build holds").
#
# grip_layer(folder [PUBLIC deps...] [PRIVATE deps...]) makes the static
# library grip_<folder> of src/<folder>/**.cpp. A dependency is either another
# folder of src/ (declared earlier: folders are declared from the bottom up,
# so a dependency against the flow of data is a configure error) or a
# third-party target (a name with "::"). PUBLIC when one of the folder's
# headers includes the dependency's headers, PRIVATE when only its .cpp files
# do.
#
# What makes an undeclared #include fail: the sources keep one include root
# (#include "storage/store.h"), but no library sees src/ itself. Each library's
# include directory is a folder of the build with one link in it,
# build/layers/<folder>/<folder> -> src/<folder>, and a library sees only its
# own and those of its dependencies (PRIVATE ones for itself, PUBLIC ones for
# whoever uses it too: CMake's usage requirements). So
# #include "indicators/cells.h" in storage/ is "No such file or directory"
# unless storage depends on indicators, and a header that includes a PRIVATE
# dependency fails in its users. A relative #include "../x/y.h" would step
# around this; the configure step refuses it.

set(GRIP_LAYERS "")
set(GRIP_LAYERS_TARGETS "")

function(grip_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "PUBLIC;PRIVATE")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "grip_layer(${name}): say PUBLIC or PRIVATE before ${arg_UNPARSED_ARGUMENTS}")
  endif()
  set(dir "${CMAKE_SOURCE_DIR}/src/${name}")
  if(NOT IS_DIRECTORY "${dir}")
    message(FATAL_ERROR "grip_layer(${name}): there is no folder src/${name}")
  endif()
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${dir}/*.cpp")
  list(FILTER sources EXCLUDE REGEX "/src/cli/main\\.cpp$")
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS "${dir}/*.h")
  foreach(file ${sources} ${headers})
    file(STRINGS "${file}" relative REGEX "^[ \t]*#[ \t]*include[ \t]*\"\\.\\./")
    if(relative)
      file(RELATIVE_PATH shown "${CMAKE_SOURCE_DIR}" "${file}")
      message(FATAL_ERROR "${shown}: ${relative}: include by the folder's name (\"folder/file.h\"), not a relative path")
    endif()
  endforeach()

  set(target grip_${name})
  add_library(${target} STATIC ${sources})
  set(root "${CMAKE_BINARY_DIR}/layers/${name}")
  file(MAKE_DIRECTORY "${root}")
  file(CREATE_LINK "${dir}" "${root}/${name}" SYMBOLIC)
  target_include_directories(${target} PUBLIC "${root}")
  target_link_libraries(${target} PUBLIC grip_options)
  if(GRIP_SRC_COMPILE_OPTIONS)
    target_compile_options(${target} PRIVATE ${GRIP_SRC_COMPILE_OPTIONS})
  endif()

  foreach(scope PUBLIC PRIVATE)
    foreach(dep ${arg_${scope}})
      if(dep MATCHES "::")
        target_link_libraries(${target} ${scope} ${dep})
      elseif(dep IN_LIST GRIP_LAYERS)
        target_link_libraries(${target} ${scope} grip_${dep})
        set_property(TARGET ${target} APPEND PROPERTY GRIP_LAYER_DEPENDS ${dep})
      elseif(IS_DIRECTORY "${CMAKE_SOURCE_DIR}/src/${dep}")
        message(FATAL_ERROR
          "src/${name} may not depend on src/${dep}: ${dep} is declared above ${name} in CMakeLists.txt "
          "(folders are declared from the bottom up, so this is against the flow of data). Move what "
          "${name} needs down, or see src/README.md, \"The layering the build holds\".")
      else()
        message(FATAL_ERROR "grip_layer(${name}): ${dep} is neither a folder of src/ nor a target (Name::Name)")
      endif()
    endforeach()
  endforeach()

  set(GRIP_LAYERS ${GRIP_LAYERS} ${name} PARENT_SCOPE)
  set(GRIP_LAYERS_TARGETS ${GRIP_LAYERS_TARGETS} ${target} PARENT_SCOPE)
endfunction()
