# Tests of the model API, code generation, runtime and backends. Conformance tests are
# parameterised over every backend built; the CPU ones run with OMP_NUM_THREADS=1 and again with =2.
file(GLOB SPIKEGEN_UNIT_TEST_SOURCES CONFIGURE_DEPENDS unit/model_*.cpp unit/codegen_*.cpp)
add_executable(spikegen_unit_tests ${SPIKEGEN_UNIT_TEST_SOURCES})
target_link_libraries(spikegen_unit_tests PRIVATE spikegen GTest::gtest_main)
gtest_discover_tests(spikegen_unit_tests DISCOVERY_TIMEOUT 60)

file(GLOB SPIKEGEN_CONFORMANCE_SOURCES CONFIGURE_DEPENDS conformance/*.cpp reference/*.cpp)
add_executable(spikegen_conformance_tests ${SPIKEGEN_CONFORMANCE_SOURCES})
# The reference tests each set their network's scale and duration in constants of the same names.
file(GLOB SPIKEGEN_REFERENCE_SOURCES CONFIGURE_DEPENDS reference/*.cpp)
set_source_files_properties(${SPIKEGEN_REFERENCE_SOURCES} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
target_link_libraries(spikegen_conformance_tests PRIVATE spikegen GTest::gtest)
target_compile_definitions(spikegen_conformance_tests PRIVATE
  SPIKEGEN_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/benchmarks/brian2")
foreach(threads 1 2)
  # The second pass repeats only the CPU backend's tests: the others do not use OpenMP.
  set(filter "*")
  if(threads EQUAL 2)
    set(filter "*/cpu")
  endif()
  gtest_discover_tests(spikegen_conformance_tests
    TEST_SUFFIX ".omp${threads}"
    TEST_FILTER "${filter}"
    DISCOVERY_TIMEOUT 60
    # Passive waiting: ctest runs tests side by side, and spinning OpenMP barriers on shared cores
    # would make the step loops crawl.
    PROPERTIES ENVIRONMENT "OMP_NUM_THREADS=${threads};OMP_WAIT_POLICY=PASSIVE;SPIKEGEN_GENERATED_DIR=${CMAKE_CURRENT_BINARY_DIR}/generated")
endforeach()

# An outside project builds against the installed package and runs a network.
add_test(NAME InstalledPackageConsumer
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/consumer/run.sh ${PROJECT_BINARY_DIR})
if(SPIKEGEN_HAVE_CUDA)
  # cuda_backend_test.cpp: NVRTC compiles of every test network (no GPU needed) and device tests.
  target_compile_definitions(spikegen_conformance_tests PRIVATE SPIKEGEN_HAVE_CUDA_BACKEND)
endif()
if(SPIKEGEN_HAVE_OPENMP)
  target_compile_definitions(spikegen_conformance_tests PRIVATE SPIKEGEN_HAVE_CPU_BACKEND_FOR_TESTS)
endif()
# Model files and the command line's argument parsing (tools/cli_args.cpp is not in the library).
target_sources(spikegen_unit_tests PRIVATE ${PROJECT_SOURCE_DIR}/tools/cli_args.cpp ${PROJECT_SOURCE_DIR}/tools/append_line.cpp)
target_compile_definitions(spikegen_unit_tests PRIVATE SPIKEGEN_DOCS_DIR="${PROJECT_SOURCE_DIR}/docs")
# tools/plot_spikes.py on a short CLI run; skipped (exit 77) without matplotlib. The first Python
# that can import matplotlib is used (a pyenv python3 on PATH may lack it while the system's has it).
if(SPIKEGEN_HAVE_OPENMP)
  find_package(Python3 COMPONENTS Interpreter QUIET)
  set(SPIKEGEN_PLOT_PYTHON "")
  foreach(candidate ${Python3_EXECUTABLE} /usr/bin/python3)
    if(NOT SPIKEGEN_PLOT_PYTHON AND EXISTS "${candidate}")
      execute_process(COMMAND ${candidate} -c "import matplotlib" RESULT_VARIABLE status OUTPUT_QUIET ERROR_QUIET)
      if(status EQUAL 0)
        set(SPIKEGEN_PLOT_PYTHON ${candidate})
      endif()
    endif()
  endforeach()
  if(NOT SPIKEGEN_PLOT_PYTHON)
    set(SPIKEGEN_PLOT_PYTHON python3)
  endif()
  add_test(NAME PlotSpikes
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tools/plot_test.sh $<TARGET_FILE:spikegen_cli> ${SPIKEGEN_PLOT_PYTHON}
            ${CMAKE_CURRENT_BINARY_DIR}/plot_test_out)
  set_tests_properties(PlotSpikes PROPERTIES SKIP_RETURN_CODE 77
    ENVIRONMENT "SPIKEGEN_GENERATED_DIR=${CMAKE_CURRENT_BINARY_DIR}/generated")
endif()
# `spikegen bench`: bad input (unknown network or backend, bad duration, unwritable --out) and one
# short record; benchmarks/run_matrix.sh on a tiny matrix (skipped, 77, without python3 or cpu).
add_test(NAME BenchCommand
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tools/bench_cli_test.sh $<TARGET_FILE:spikegen_cli> ${CMAKE_CURRENT_BINARY_DIR}/bench_cli_test_out)
add_test(NAME BenchMatrixScript
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tools/run_matrix_test.sh ${PROJECT_BINARY_DIR} ${CMAKE_CURRENT_BINARY_DIR}/run_matrix_test_out)
set_tests_properties(BenchCommand BenchMatrixScript PROPERTIES SKIP_RETURN_CODE 77
  ENVIRONMENT "SPIKEGEN_GENERATED_DIR=${CMAKE_CURRENT_BINARY_DIR}/generated")
# `spikegen run` on a model file with given spike times, equations, fixed in-degree and a recording
# of some neurons: the file's seed is reported and its recordings are written.
add_test(NAME RunModelFile
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tools/run_model_file_test.sh $<TARGET_FILE:spikegen_cli> ${CMAKE_CURRENT_BINARY_DIR}/run_model_file_test_out)
set_tests_properties(RunModelFile PROPERTIES
  ENVIRONMENT "SPIKEGEN_GENERATED_DIR=${CMAKE_CURRENT_BINARY_DIR}/generated")
# `spikegen run` on Ctrl-C, SIGTERM, a full disk, NaN, a compile failure and a network too large:
# one message, a non-zero status, no half-written output.
if(SPIKEGEN_HAVE_OPENMP)
  add_test(NAME RunFaults
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tools/faults_cli_test.sh $<TARGET_FILE:spikegen_cli> ${CMAKE_CURRENT_BINARY_DIR}/faults_cli_test_out)
  set_tests_properties(RunFaults PROPERTIES
    ENVIRONMENT "SPIKEGEN_GENERATED_DIR=${CMAKE_CURRENT_BINARY_DIR}/generated")
endif()
# The security issue's hostile model files through `spikegen validate` and `spikegen run`.
add_test(NAME SecurityCommandLine
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tools/security_cli_test.sh $<TARGET_FILE:spikegen_cli> ${CMAKE_CURRENT_BINARY_DIR}/security_cli_test_out)
