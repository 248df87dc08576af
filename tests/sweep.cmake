# Parameter sweeps: Network::setParam, core/runtime/sweep.h and `spikegen sweep`
# (tools/sweep_command.cpp, built in here as the other CLI sources are not in the library).
if(SPIKEGEN_HAVE_OPENMP)
  file(GLOB SPIKEGEN_SWEEP_TEST_SOURCES CONFIGURE_DEPENDS sweep/*.cpp)
  add_executable(spikegen_sweep_tests ${SPIKEGEN_SWEEP_TEST_SOURCES}
    ${PROJECT_SOURCE_DIR}/tools/sweep_command.cpp ${PROJECT_SOURCE_DIR}/tools/sweep_input.cpp
    ${PROJECT_SOURCE_DIR}/tools/cli_args.cpp ${PROJECT_SOURCE_DIR}/tools/network_source.cpp
    ${PROJECT_SOURCE_DIR}/tools/npy_writer.cpp ${PROJECT_SOURCE_DIR}/tools/progress.cpp
    ${PROJECT_SOURCE_DIR}/tools/interrupt.cpp ${PROJECT_SOURCE_DIR}/tools/append_line.cpp)
  target_link_libraries(spikegen_sweep_tests PRIVATE spikegen GTest::gtest_main)
  if(TARGET CLI11::CLI11)
    target_link_libraries(spikegen_sweep_tests PRIVATE CLI11::CLI11)
  endif()
  gtest_discover_tests(spikegen_sweep_tests DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "OMP_WAIT_POLICY=PASSIVE;SPIKEGEN_GENERATED_DIR=${CMAKE_CURRENT_BINARY_DIR}/generated")
endif()
