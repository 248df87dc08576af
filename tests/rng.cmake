# Tests of core/rng: Philox4x32-10, its transforms and maths, and bit-identity of the device text
# across C++, OpenCL and CUDA. Included by tests/CMakeLists.txt.
add_executable(spikegen_rng_tests
  ${CMAKE_CURRENT_LIST_DIR}/unit/rng_philox_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unit/rng_math_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unit/rng_maths_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unit/rng_distribution_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unit/rng_dialect_test.cpp)
target_link_libraries(spikegen_rng_tests PRIVATE spikegen_rng GTest::gtest_main)
# The generated-C++ check compiles with the same compiler that built the tests.
target_compile_definitions(spikegen_rng_tests PRIVATE SPIKEGEN_RNG_TEST_CXX="${CMAKE_CXX_COMPILER}")

if(NOT TARGET OpenCL::OpenCL)
  find_package(OpenCL QUIET)
endif()
if(TARGET OpenCL::OpenCL)
  target_link_libraries(spikegen_rng_tests PRIVATE OpenCL::OpenCL)
  target_compile_definitions(spikegen_rng_tests PRIVATE SPIKEGEN_RNG_TEST_OPENCL=1)
endif()

if(NOT TARGET CUDA::nvrtc)
  find_package(CUDAToolkit QUIET)
endif()
if(TARGET CUDA::nvrtc)
  # The CUDA driver (for running on a GPU when one is present) is loaded with dlopen at run time.
  target_link_libraries(spikegen_rng_tests PRIVATE CUDA::nvrtc ${CMAKE_DL_LIBS})
  target_compile_definitions(spikegen_rng_tests PRIVATE SPIKEGEN_RNG_TEST_NVRTC=1)
endif()

gtest_discover_tests(spikegen_rng_tests DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
