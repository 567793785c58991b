# Builds and runs the consumer program against cormorant; run with cmake -P.
#
#   -DMODE=install       install the built cormorant from BINARY_DIR into a fresh
#                        prefix under WORK_DIR and build consumer/ against it
#                        with find_package(cormorant)
#   -DMODE=subdirectory  build subdirectory/, which pulls in SOURCE_DIR with
#                        add_subdirectory
#   -DSOURCE_DIR=...     the cormorant source tree
#   -DBINARY_DIR=...     its build tree (MODE=install)
#   -DWORK_DIR=...       scratch directory, emptied first
#   -DGENERATOR=... -DCXX_COMPILER=... -DBUILD_TYPE=...   as in the build tree
cmake_minimum_required(VERSION 3.25)

if(NOT DEFINED BUILD_TYPE)
  set(BUILD_TYPE "")
endif()
set(_config_args "")
if(NOT BUILD_TYPE STREQUAL "")
  set(_config_args --config "${BUILD_TYPE}")
endif()

foreach(_var IN ITEMS MODE SOURCE_DIR WORK_DIR GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "check.cmake: -D${_var}=... is required")
  endif()
endforeach()

# run STEP COMMAND...: run COMMAND, echo its output, fail the test if it fails.
# The output is left in _run_output.
function(run step)
  message(STATUS "${step}: ${ARGN}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
  message("${_out}")
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${step} failed (${_rc})")
  endif()
  set(_run_output "${_out}" PARENT_SCOPE)
endfunction()

# The consumer's own translation unit must not inherit cormorant's warning
# flags: -Werror is for cormorant's targets only.
function(check_consumer_flags build_dir)
  set(_db "${build_dir}/compile_commands.json")
  if(NOT EXISTS "${_db}")
    if(GENERATOR MATCHES "Makefiles|Ninja")
      message(FATAL_ERROR "no ${_db}")
    endif()
    message(STATUS "no compile database from ${GENERATOR}; flags not checked")
    return()
  endif()
  file(READ "${_db}" _json)
  string(JSON _count LENGTH "${_json}")
  math(EXPR _last "${_count} - 1")
  set(_seen FALSE)
  foreach(_i RANGE ${_last})
    string(JSON _file GET "${_json}" ${_i} file)
    if(_file MATCHES "/consumer/main\\.cpp$")
      set(_seen TRUE)
      string(JSON _command GET "${_json}" ${_i} command)
      if(_command MATCHES "-Werror")
        message(FATAL_ERROR "the consumer is compiled with -Werror: ${_command}")
      endif()
    endif()
  endforeach()
  if(NOT _seen)
    message(FATAL_ERROR "consumer/main.cpp is missing from ${_db}")
  endif()
endfunction()

# configure_build_run PROJECT_DIR BUILD_DIR [CMAKE_ARG...]
function(configure_build_run project_dir build_dir)
  run("configure ${project_dir}" "${CMAKE_COMMAND}" -S "${project_dir}" -B "${build_dir}" -G "${GENERATOR}"
      "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
      -DCMAKE_EXPORT_COMPILE_COMMANDS=ON ${ARGN})
  set(_configure_output "${_run_output}" PARENT_SCOPE)
  run("build" "${CMAKE_COMMAND}" --build "${build_dir}" ${_config_args} -j2)
  check_consumer_flags("${build_dir}")

  file(GLOB_RECURSE _programs LIST_DIRECTORIES FALSE "${build_dir}/cormorant_consumer"
       "${build_dir}/cormorant_consumer.exe")
  list(FILTER _programs EXCLUDE REGEX "/CMakeFiles/")
  list(LENGTH _programs _n)
  if(NOT _n EQUAL 1)
    message(FATAL_ERROR "expected one cormorant_consumer program under ${build_dir}, found: ${_programs}")
  endif()
  run("run" ${_programs})
  if(NOT _run_output MATCHES "round trip ok")
    message(FATAL_ERROR "the consumer ran but did not report its round trip")
  endif()
  set(_configure_output "${_configure_output}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

if(MODE STREQUAL "install")
  if(NOT DEFINED BINARY_DIR)
    message(FATAL_ERROR "check.cmake: MODE=install needs -DBINARY_DIR=...")
  endif()
  set(_prefix "${WORK_DIR}/prefix")
  run("install" "${CMAKE_COMMAND}" --install "${BINARY_DIR}" --prefix "${_prefix}" ${_config_args})

  # What the package must hold, wherever GNUInstallDirs put the library.
  file(GLOB _configs "${_prefix}/*/cmake/cormorant/cormorantConfig.cmake")
  list(LENGTH _configs _n)
  if(NOT _n EQUAL 1)
    message(FATAL_ERROR "expected one cormorantConfig.cmake under ${_prefix}, found: ${_configs}")
  endif()
  get_filename_component(_config_dir "${_configs}" DIRECTORY)
  foreach(_file IN ITEMS cormorantConfigVersion.cmake cormorantTargets.cmake FindSOCI.cmake)
    if(NOT EXISTS "${_config_dir}/${_file}")
      message(FATAL_ERROR "the package has no ${_config_dir}/${_file}")
    endif()
  endforeach()
  foreach(_header IN ITEMS cormorant.hpp database.hpp detail/reflect.hpp)
    if(NOT EXISTS "${_prefix}/include/cormorant/${_header}")
      message(FATAL_ERROR "the package has no include/cormorant/${_header}")
    endif()
  endforeach()
  file(READ "${_config_dir}/cormorantTargets.cmake" _targets)
  if(_targets MATCHES "-W|cormorant_warnings")
    message(FATAL_ERROR "the exported targets carry cormorant's warning flags")
  endif()

  # Nothing but the prefix tells the consumer where cormorant is.
  configure_build_run("${CMAKE_CURRENT_LIST_DIR}/consumer" "${WORK_DIR}/consumer-build"
                      "-DCMAKE_PREFIX_PATH=${_prefix}")
  file(STRINGS "${WORK_DIR}/consumer-build/CMakeCache.txt" _dir_line REGEX "^cormorant_DIR:")
  string(REGEX REPLACE "^[^=]*=" "" _found_dir "${_dir_line}")
  file(REAL_PATH "${_found_dir}" _found_dir)
  file(REAL_PATH "${_config_dir}" _config_dir)
  if(NOT _found_dir STREQUAL _config_dir)
    message(FATAL_ERROR "the consumer found cormorant in ${_found_dir}, not in ${_config_dir}")
  endif()
elseif(MODE STREQUAL "subdirectory")
  configure_build_run("${CMAKE_CURRENT_LIST_DIR}/subdirectory" "${WORK_DIR}/build"
                      "-DCORMORANT_SOURCE_DIR=${SOURCE_DIR}")
else()
  message(FATAL_ERROR "check.cmake: unknown MODE '${MODE}'")
endif()

message(STATUS "packaging check (${MODE}) passed")
