# Installs headers, the library and a package config so that consumers can
# find_package(cormorant REQUIRED) and link cormorant::cormorant.
#
# Included from the top-level CMakeLists.txt after the cormorant target is
# defined; expects GNUInstallDirs and _cormorant_soci_components (the SOCI
# backends the library was built with).
include(CMakePackageConfigHelpers)

set(_cormorant_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/cormorant)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/cormorant DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS cormorant EXPORT cormorantTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT cormorantTargets NAMESPACE cormorant:: DESTINATION ${_cormorant_cmake_dir})

# A static cormorant carries SOCI and its backends in its link interface, so the
# config must create the SOCI:: targets; a shared one keeps them private.
get_target_property(_cormorant_type cormorant TYPE)
if(_cormorant_type STREQUAL "STATIC_LIBRARY")
  set(CORMORANT_CONFIG_NEEDS_SOCI ON)
else()
  set(CORMORANT_CONFIG_NEEDS_SOCI OFF)
endif()
set(CORMORANT_CONFIG_SOCI_COMPONENTS ${_cormorant_soci_components})
list(JOIN _cormorant_soci_components ", " CORMORANT_CONFIG_SOCI_COMPONENT_NAMES)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/cormorantConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cormorantConfig.cmake
  INSTALL_DESTINATION ${_cormorant_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cormorantConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cormorantConfig.cmake
  ${PROJECT_BINARY_DIR}/cormorantConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/FindSOCI.cmake
  DESTINATION ${_cormorant_cmake_dir})
