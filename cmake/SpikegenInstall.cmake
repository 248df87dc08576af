# `cmake --install` puts the library, the headers, the CLI and a CMake package in the prefix, so that
# another project can find_package(spikegen) and link spikegen::spikegen.
include(CMakePackageConfigHelpers)

install(TARGETS spikegen EXPORT spikegenTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES spikegen.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/spikegen)
install(DIRECTORY core backends models DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/spikegen
  FILES_MATCHING PATTERN "*.h")
install(EXPORT spikegenTargets NAMESPACE spikegen:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/spikegen)
configure_package_config_file(cmake/spikegenConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/spikegenConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/spikegen)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/spikegenConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/spikegenConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/spikegenConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/spikegen)
