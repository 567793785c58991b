# Installs headers, the library and a package config so that consumers can
# find_package(cormorant REQUIRED) and link cormorant::cormorant.
include(CMakePackageConfigHelpers)

install(DIRECTORY include/cormorant DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS cormorant EXPORT cormorantTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(_cormorant_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/cormorant)
install(EXPORT cormorantTargets NAMESPACE cormorant:: DESTINATION ${_cormorant_cmake_dir})
configure_package_config_file(cmake/cormorantConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/cormorantConfig.cmake
  INSTALL_DESTINATION ${_cormorant_cmake_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/cormorantConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/cormorantConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/cormorantConfigVersion.cmake
  cmake/FindSOCI.cmake
  DESTINATION ${_cormorant_cmake_dir})
