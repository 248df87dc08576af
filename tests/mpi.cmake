# Split networks (issue 18): the tests run as the ranks of MPI jobs of 2 and 3 processes
# (oversubscribed on small machines), on the CPU backend.
if(SPIKEGEN_HAVE_MPI AND SPIKEGEN_HAVE_OPENMP)
  add_executable(spikegen_mpi_tests mpi/main.cpp mpi/split_network_test.cpp)
  target_link_libraries(spikegen_mpi_tests PRIVATE spikegen_mpi GTest::gtest)
  set(SPIKEGEN_MPIEXEC_FLAGS "")
  execute_process(COMMAND ${MPIEXEC_EXECUTABLE} --version OUTPUT_VARIABLE mpiexec_version ERROR_QUIET)
  if(mpiexec_version MATCHES "Open MPI|OpenRTE")
    set(SPIKEGEN_MPIEXEC_FLAGS --oversubscribe)
  endif()
  foreach(ranks 2 3)
    add_test(NAME SplitNetwork.MpiRanks${ranks}
      COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${ranks} ${SPIKEGEN_MPIEXEC_FLAGS} ${MPIEXEC_PREFLAGS}
              $<TARGET_FILE:spikegen_mpi_tests> ${MPIEXEC_POSTFLAGS})
    # Open MPI refuses to start as root unless told (CI containers run as root).
    set_tests_properties(SplitNetwork.MpiRanks${ranks} PROPERTIES TIMEOUT 900 PROCESSORS ${ranks}
      ENVIRONMENT "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMP_NUM_THREADS=1;OMP_WAIT_POLICY=PASSIVE;SPIKEGEN_GENERATED_DIR=${CMAKE_CURRENT_BINARY_DIR}/generated")
  endforeach()
  add_test(NAME SplitNetwork.CliUnderMpirun
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/mpi/cli_split_run.sh ${MPIEXEC_EXECUTABLE} "${SPIKEGEN_MPIEXEC_FLAGS}" 2
            $<TARGET_FILE:spikegen_cli> ${CMAKE_CURRENT_BINARY_DIR}/cli_split_run)
  set_tests_properties(SplitNetwork.CliUnderMpirun PROPERTIES TIMEOUT 900 PROCESSORS 2
    ENVIRONMENT "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMP_WAIT_POLICY=PASSIVE;SPIKEGEN_GENERATED_DIR=${CMAKE_CURRENT_BINARY_DIR}/generated")
endif()
