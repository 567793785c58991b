# Compiles one file with -fsyntax-only and checks the outcome it declares:
#   // expect: <text>     compilation fails and its first error contains <text>
#   // expect-compile     compilation succeeds without warnings
# cmake -DCOMPILER=<c++> -DSOURCE=<file.cpp> -DINCLUDE_DIRS=<dir|dir...> -P check_case.cmake
foreach(_var IN ITEMS COMPILER SOURCE INCLUDE_DIRS)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "check_case.cmake: ${_var} is not set")
  endif()
endforeach()

# Read as one string, not as a list: the expected text may contain semicolons.
file(READ "${SOURCE}" _text)
string(REGEX MATCHALL "(^|\n)// expect(: |-compile\n)" _markers "${_text}")
list(LENGTH _markers _marker_count)
if(NOT _marker_count EQUAL 1)
  message(FATAL_ERROR "${SOURCE}: give exactly one `// expect: <text>` or `// expect-compile` line")
endif()
if(_text MATCHES "(^|\n)// expect: ([^\n]*)\n")
  set(_expected "${CMAKE_MATCH_2}")
  set(_must_compile FALSE)
else()
  set(_must_compile TRUE)
endif()

string(REPLACE "|" ";" _dirs "${INCLUDE_DIRS}")
set(_flags -std=c++20 -fsyntax-only -fdiagnostics-color=never)
if(_must_compile)
  list(APPEND _flags -Wall -Wextra -Wpedantic -Werror)
endif()
foreach(_dir IN LISTS _dirs)
  list(APPEND _flags "-I${_dir}")
endforeach()

execute_process(COMMAND "${COMPILER}" ${_flags} "${SOURCE}"
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
set(_log "${_out}${_err}")

if(_must_compile)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${SOURCE} should compile but did not:\n${_log}")
  endif()
  message(STATUS "${SOURCE} compiles, as expected")
  return()
endif()

if(_rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but should have failed with: ${_expected}")
endif()
# The first line that reports an error.
string(REGEX MATCH "[^\n]*error:[^\n]*" _first_error "${_log}")
if(_first_error STREQUAL "")
  message(FATAL_ERROR "${SOURCE} failed without an error line:\n${_log}")
endif()
string(FIND "${_first_error}" "${_expected}" _at)
if(_at EQUAL -1)
  message(FATAL_ERROR "${SOURCE}: the first error is not the expected one.\n"
    "expected: ${_expected}\nfirst error: ${_first_error}\nfull output:\n${_log}")
endif()
message(STATUS "${SOURCE} fails with: ${_expected}")
