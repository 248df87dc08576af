#!/usr/bin/env bash
# Builds the C++ tests with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/ and runs
# the unit, security and CPU-backend conformance tests and the command-line tests under them; any
# report fails the run. The CPU backend's generated code is compiled with the same sanitizers
# (SPIKEGEN_CPU_EXTRA_FLAGS), so that an out-of-bounds index in generated code is caught too.
# Only the CPU backend is built: OpenCL (PoCL) and CUDA run their kernels outside the process's
# instrumented code, and compute-sanitizer checks CUDA (docs/cuda.md). Without MPI: Open MPI's own
# allocations at exit would fail the leak check of every split-network test.
# Called by scripts/run-tests.sh; arguments go to ctest (e.g. -R Checkpoint).
# Cost, measured on a 2-core machine like CI's (shared with other builds), from an empty compile
# cache as in a clean clone: 16 minutes to build, 8 to test (420 tests), 24 in all
# (docs/security.md, "Sanitized tests").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-asan"
# The same compile cache as scripts/run-tests.sh (a sanitized object never matches a plain one).
export CCACHE_DIR="${CCACHE_DIR:-$root/build/ccache}" CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
export CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache
export CXX="${CXX:-c++}" CC="${CC:-cc}"

# -O1: Debug builds make the conformance networks crawl; -g1: line numbers in the stack traces at
# a fraction of -g's compile time; asserts stay on (no -DNDEBUG).
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# gcc links the sanitizer runtime with --no-as-needed, which then also keeps libraries nothing
# uses (the CUDA driver stub where the toolkit is installed without a driver): restore as-needed.
as_needed="-Wl,--as-needed"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_UNITY_BUILD="${SPIKEGEN_UNITY_BUILD:-ON}" -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DCMAKE_CXX_FLAGS="$sanitize" -DCMAKE_C_FLAGS="$sanitize" \
  -DCMAKE_EXE_LINKER_FLAGS="$sanitize $as_needed" -DCMAKE_SHARED_LINKER_FLAGS="$sanitize $as_needed" \
  -DSPIKEGEN_WITH_OPENMP=ON -DSPIKEGEN_WITH_OPENCL=OFF -DSPIKEGEN_WITH_CUDA=OFF -DSPIKEGEN_WITH_MPI=OFF \
  -DSPIKEGEN_BUILD_BENCHMARKS=OFF -DSPIKEGEN_BUILD_FUZZERS=OFF -DSPIKEGEN_BUILD_PYTHON=OFF
cmake --build "$build" -j "$(nproc)"

# Every report stops the test with a stack trace; leaks are reported at exit.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export SPIKEGEN_CPU_EXTRA_FLAGS="-O1 -g1 $sanitize"
# Generated code and its compiled libraries stay in the build folder (their cache key holds the flags).
export SPIKEGEN_CACHE_DIR="$build/spikegen_cache"
# Left to the plain build: InstalledPackageConsumer (an outside project against the installed
# library, which would need the sanitizer runtime too); the CPU conformance tests' pass with one
# thread (the pass with two runs the same code and the per-thread ranges beside); the reference
# tests (tests/reference: minutes of the same kernels on larger networks, for statistics).
skip='^InstalledPackageConsumer$|/cpu.*\.omp1$'
skip+='|^Backends/(Brunel2000|Clustered|Izhikevich2003|Microcircuit|StandardNetworks|StdpSong2000)\.'
(cd "$build" && ctest --output-on-failure -j "$(nproc)" -E "$skip" "$@")
