# Tests of the model API, code generation, runtime and backends. Conformance tests are
# parameterised over every backend built; the CPU ones run with OMP_NUM_THREADS=1 and =2.
file(GLOB SPIKEGEN_UNIT_TEST_SOURCES CONFIGURE_DEPENDS unit/model_*.cpp unit/codegen_*.cpp)
add_executable(spikegen_unit_tests ${SPIKEGEN_UNIT_TEST_SOURCES})
target_link_libraries(spikegen_unit_tests PRIVATE spikegen GTest::gtest_main)
gtest_discover_tests(spikegen_unit_tests DISCOVERY_TIMEOUT 60)

file(GLOB SPIKEGEN_CONFORMANCE_SOURCES CONFIGURE_DEPENDS conformance/*.cpp reference/*.cpp)
add_executable(spikegen_conformance_tests ${SPIKEGEN_CONFORMANCE_SOURCES})
target_link_libraries(spikegen_conformance_tests PRIVATE spikegen GTest::gtest)
target_compile_definitions(spikegen_conformance_tests PRIVATE
  SPIKEGEN_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/benchmarks/brian2")
foreach(threads 1 2)
  gtest_discover_tests(spikegen_conformance_tests
    TEST_SUFFIX ".omp${threads}"
    DISCOVERY_TIMEOUT 60
    # Passive waiting: ctest runs tests side by side, and spinning OpenMP barriers on shared cores
    # would make the step loops crawl.
    PROPERTIES ENVIRONMENT "OMP_NUM_THREADS=${threads};OMP_WAIT_POLICY=PASSIVE;SPIKEGEN_GENERATED_DIR=${CMAKE_CURRENT_BINARY_DIR}/generated")
endforeach()

# An outside project builds against the installed package and runs a network.
add_test(NAME InstalledPackageConsumer
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/consumer/run.sh ${PROJECT_BINARY_DIR})
