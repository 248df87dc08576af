# Hostile input: model files, names, numbers, paths and the compile cache (docs/security.md).
file(GLOB SPIKEGEN_SECURITY_TEST_SOURCES CONFIGURE_DEPENDS security/*.cpp)
add_executable(spikegen_security_tests ${SPIKEGEN_SECURITY_TEST_SOURCES})
target_link_libraries(spikegen_security_tests PRIVATE spikegen GTest::gtest_main)
if(SPIKEGEN_HAVE_OPENMP)
  target_compile_definitions(spikegen_security_tests PRIVATE SPIKEGEN_TEST_CPU)
endif()
if(SPIKEGEN_HAVE_CUDA OR SPIKEGEN_HAVE_OPENCL)
  target_compile_definitions(spikegen_security_tests PRIVATE SPIKEGEN_TEST_SIMT)
endif()
gtest_discover_tests(spikegen_security_tests DISCOVERY_TIMEOUT 60
  PROPERTIES ENVIRONMENT "OMP_NUM_THREADS=1;OMP_WAIT_POLICY=PASSIVE")
