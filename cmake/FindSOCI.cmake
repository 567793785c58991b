# FindSOCI.cmake -- SOCI ships no CMake config or pkg-config file, so find it by hand.
#
# Components: sqlite3 postgresql mysql
# Imported targets: SOCI::core, SOCI::sqlite3, SOCI::postgresql, SOCI::mysql
# Result variables: SOCI_FOUND, SOCI_VERSION, SOCI_INCLUDE_DIR, SOCI_<component>_FOUND

find_path(SOCI_INCLUDE_DIR NAMES soci/soci.h)
find_library(SOCI_CORE_LIBRARY NAMES soci_core)

if(SOCI_INCLUDE_DIR AND EXISTS "${SOCI_INCLUDE_DIR}/soci/version.h")
  file(STRINGS "${SOCI_INCLUDE_DIR}/soci/version.h" _soci_version_line
       REGEX "^#define[ \t]+SOCI_VERSION[ \t]+[0-9]+")
  string(REGEX REPLACE ".*SOCI_VERSION[ \t]+([0-9]+).*" "\\1" _soci_v "${_soci_version_line}")
  math(EXPR _soci_major "${_soci_v} / 100000")
  math(EXPR _soci_minor "${_soci_v} / 100 % 1000")
  math(EXPR _soci_patch "${_soci_v} % 100")
  set(SOCI_VERSION "${_soci_major}.${_soci_minor}.${_soci_patch}")
endif()

if(SOCI_CORE_LIBRARY AND NOT TARGET SOCI::core)
  add_library(SOCI::core UNKNOWN IMPORTED)
  set_target_properties(SOCI::core PROPERTIES
    IMPORTED_LOCATION "${SOCI_CORE_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${CMAKE_DL_LIBS}")
endif()

# Each backend header pulls in its client library's headers.
foreach(_comp IN LISTS SOCI_FIND_COMPONENTS)
  find_library(SOCI_${_comp}_LIBRARY NAMES soci_${_comp})
  set(_extra_includes "")
  set(_extra_ok TRUE)
  if(_comp STREQUAL "sqlite3")
    find_path(SOCI_SQLITE3_CLIENT_INCLUDE NAMES sqlite3.h)
    find_library(SOCI_SQLITE3_CLIENT_LIBRARY NAMES sqlite3)
    set(_extra_includes "${SOCI_SQLITE3_CLIENT_INCLUDE}")
    set(_extra_libs "${SOCI_SQLITE3_CLIENT_LIBRARY}")
    if(NOT SOCI_SQLITE3_CLIENT_INCLUDE OR NOT SOCI_SQLITE3_CLIENT_LIBRARY)
      set(_extra_ok FALSE)
    endif()
  elseif(_comp STREQUAL "postgresql")
    find_path(SOCI_PQ_INCLUDE NAMES libpq-fe.h PATH_SUFFIXES postgresql)
    find_library(SOCI_PQ_LIBRARY NAMES pq)
    set(_extra_includes "${SOCI_PQ_INCLUDE}")
    set(_extra_libs "${SOCI_PQ_LIBRARY}")
    if(NOT SOCI_PQ_INCLUDE OR NOT SOCI_PQ_LIBRARY)
      set(_extra_ok FALSE)
    endif()
  elseif(_comp STREQUAL "mysql")
    find_path(SOCI_MYSQL_INCLUDE NAMES mysql.h PATH_SUFFIXES mariadb mysql)
    find_library(SOCI_MYSQL_LIBRARY NAMES mariadb mysqlclient)
    set(_extra_includes "${SOCI_MYSQL_INCLUDE}")
    set(_extra_libs "${SOCI_MYSQL_LIBRARY}")
    if(NOT SOCI_MYSQL_INCLUDE OR NOT SOCI_MYSQL_LIBRARY)
      set(_extra_ok FALSE)
    endif()
  endif()
  if(SOCI_${_comp}_LIBRARY AND _extra_ok AND TARGET SOCI::core)
    set(SOCI_${_comp}_FOUND TRUE)
    if(NOT TARGET SOCI::${_comp})
      add_library(SOCI::${_comp} UNKNOWN IMPORTED)
      set_target_properties(SOCI::${_comp} PROPERTIES
        IMPORTED_LOCATION "${SOCI_${_comp}_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${_extra_includes}"
        INTERFACE_LINK_LIBRARIES "SOCI::core;${_extra_libs}")
    endif()
  else()
    set(SOCI_${_comp}_FOUND FALSE)
  endif()
endforeach()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(SOCI
  REQUIRED_VARS SOCI_CORE_LIBRARY SOCI_INCLUDE_DIR
  VERSION_VAR SOCI_VERSION
  HANDLE_COMPONENTS)
mark_as_advanced(SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY)
