# Resolves SPIKEGEN_WITH_* (AUTO = on when the toolchain is found) into SPIKEGEN_HAVE_*.
function(spikegen_resolve_option option found what)
  if(${option} STREQUAL "ON" AND NOT ${found})
    message(FATAL_ERROR "${option}=ON but ${what} was not found")
  endif()
  if(${option} STREQUAL "OFF" OR NOT ${found})
    set(have OFF)
  else()
    set(have ON)
  endif()
  string(REPLACE "SPIKEGEN_WITH_" "SPIKEGEN_HAVE_" have_var ${option})
  set(${have_var} ${have} PARENT_SCOPE)
  message(STATUS "spikegen: ${what} backend: ${have}")
endfunction()

find_package(OpenMP)
spikegen_resolve_option(SPIKEGEN_WITH_OPENMP OpenMP_CXX_FOUND "OpenMP C++")
set(SPIKEGEN_HAVE_OPENMP ${SPIKEGEN_HAVE_OPENMP} CACHE INTERNAL "")

find_package(CUDAToolkit QUIET)
set(_cuda_found OFF)
if(CUDAToolkit_FOUND AND TARGET CUDA::nvrtc)
  set(_cuda_found ON)
endif()
spikegen_resolve_option(SPIKEGEN_WITH_CUDA _cuda_found "CUDA (NVRTC)")
set(SPIKEGEN_HAVE_CUDA ${SPIKEGEN_HAVE_CUDA} CACHE INTERNAL "")
# nvJitLink (CUDA 12 and later) links NVRTC's relocatable code, so that functions shared by many
# kernels are compiled once (backends/cuda/device_linker.h); without it, whole-program compiles.
if(SPIKEGEN_HAVE_CUDA)
  find_library(SPIKEGEN_NVJITLINK_LIBRARY nvJitLink HINTS ${CUDAToolkit_LIBRARY_DIR})
  if(SPIKEGEN_NVJITLINK_LIBRARY)
    message(STATUS "spikegen: CUDA code linked with nvJitLink: ${SPIKEGEN_NVJITLINK_LIBRARY}")
  endif()
endif()

find_package(OpenCL QUIET)
spikegen_resolve_option(SPIKEGEN_WITH_OPENCL OpenCL_FOUND "OpenCL")
set(SPIKEGEN_HAVE_OPENCL ${SPIKEGEN_HAVE_OPENCL} CACHE INTERNAL "")

if(SPIKEGEN_DEFAULT_BACKEND STREQUAL "")
  # The CPU backend is the default until the GPU backends are complete.
  set(SPIKEGEN_DEFAULT_BACKEND cpu)
endif()

# CLBlast: dense projections of the OpenCL backend as GEMV (backends/opencl/gemv_propagation.h).
set(SPIKEGEN_WITH_CLBLAST AUTO CACHE STRING "Use CLBlast in the OpenCL backend (AUTO|ON|OFF)")
set(_clblast_found OFF)
if(SPIKEGEN_HAVE_OPENCL AND NOT SPIKEGEN_WITH_CLBLAST STREQUAL "OFF")
  find_package(CLBlast QUIET)
  if(CLBlast_FOUND OR TARGET clblast)
    set(_clblast_found ON)
  endif()
endif()
spikegen_resolve_option(SPIKEGEN_WITH_CLBLAST _clblast_found "CLBlast (OpenCL dense products)")
set(SPIKEGEN_HAVE_CLBLAST ${SPIKEGEN_HAVE_CLBLAST} CACHE INTERNAL "")

# MPI: networks split over the processes of an MPI job (comm/mpi_communicator.h, docs/scaling.md).
set(SPIKEGEN_WITH_MPI AUTO CACHE STRING "Split networks over MPI processes (AUTO|ON|OFF)")
find_package(MPI COMPONENTS CXX QUIET)
spikegen_resolve_option(SPIKEGEN_WITH_MPI MPI_CXX_FOUND "MPI (split networks)")
set(SPIKEGEN_HAVE_MPI ${SPIKEGEN_HAVE_MPI} CACHE INTERNAL "")
