# Tests of what only the OpenCL backend has: device selection, build errors, CLBlast GEMV. The
# conformance suite (spikegen.cmake) runs on OpenCL as on every backend built.
if(SPIKEGEN_HAVE_OPENCL)
  add_executable(spikegen_opencl_tests opencl/opencl_backend_test.cpp)
  target_link_libraries(spikegen_opencl_tests PRIVATE spikegen OpenCL::OpenCL GTest::gtest_main)
  target_compile_definitions(spikegen_opencl_tests PRIVATE CL_TARGET_OPENCL_VERSION=120)
  gtest_discover_tests(spikegen_opencl_tests DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "SPIKEGEN_GENERATED_DIR=${CMAKE_CURRENT_BINARY_DIR}/generated")
  # No platform at all: the ICD loader finds no vendor in an empty directory.
  file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/no_opencl_vendors)
  add_test(NAME OpenCLNoPlatform.CreatingTheBackendSaysNoPlatformWasFound
           COMMAND spikegen_opencl_tests --gtest_filter=OpenCLNoPlatform.*)
  set_tests_properties(OpenCLNoPlatform.CreatingTheBackendSaysNoPlatformWasFound PROPERTIES ENVIRONMENT
    "OCL_ICD_VENDORS=${CMAKE_CURRENT_BINARY_DIR}/no_opencl_vendors;SPIKEGEN_EXPECT_NO_OPENCL_PLATFORM=1")
endif()
if(SPIKEGEN_HAVE_OPENCL)
  # The synapse arena (every per-synapse buffer in one memory object) is for GPUs; CI has PoCL
  # only, so the conformance tests that build, copy, learn and checkpoint synapses run once more
  # on OpenCL with it forced on.
  set(arena_tests
    Checkpoints.ResumedRunEqualsContinuousRunAndResumesOnTheCpu Checkpoints.PlasticWeightsAndTracesResume
    Batch.ConnectivityPerInstanceFollowsEachInstancesSeed PlasticityAcrossBackends.EveryLayoutLearnsBitIdenticalWeights
    Propagation.AxonalDelay Propagation.DendriticDelay Propagation.EverySynapseDeliversItsWeightOnce
    Microcircuit.DelaysAndWeightsFollowTheirDistributions Connectivity.SeedDeterminesConnectivityAndWeights
    MergedGroups.EachProjectionBuildsAndDeliversAsOnTheCpu)
  list(TRANSFORM arena_tests PREPEND "Backends/")
  list(TRANSFORM arena_tests APPEND "/opencl")
  list(JOIN arena_tests ":" arena_filter)
  gtest_discover_tests(spikegen_conformance_tests
    TEST_SUFFIX ".arena"
    TEST_FILTER "${arena_filter}"
    DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "SPIKEGEN_OPENCL_SYNAPSE_ARENA=1;SPIKEGEN_GENERATED_DIR=${CMAKE_CURRENT_BINARY_DIR}/generated")
endif()
