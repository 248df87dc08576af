#!/usr/bin/env bash
# Sets up, builds and runs every test: the C++ tests (unit, conformance on every backend built,
# reference) under CTest, then the Python package, installed with pip into a fresh venv as a user
# installs it, under pytest, then the C++ tests again under AddressSanitizer and
# UndefinedBehaviorSanitizer (scripts/run-sanitizer-tests.sh; SPIKEGEN_SANITIZER_TESTS=0 skips
# them). Arguments go to ctest (e.g. -R Plasticity), both times.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# Each phase prints its wall time, so that CI's budget can be read off the log.
phase() { echo "[run-tests] $1 took $((SECONDS - phase_start)) s"; phase_start=$SECONDS; }
phase_start=$SECONDS
"$root/scripts/install-deps.sh"
# One compile cache for the C++ build and pip's build of the package (build-pip, at the same depth so
# that the cache sees the same relative command lines): the second build compiles little.
export CCACHE_DIR="${CCACHE_DIR:-$root/build/ccache}" CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
export CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache
# The same compiler name for both (scikit-build-core would take Python's "g++"; ccache hashes the name).
export CXX="${CXX:-c++}" CC="${CC:-cc}"
# A unity build (16 sources a compile) takes ~1/3 of the CPU time of one compile per source on a
# clean clone, as CI builds: most of the time goes to the same headers (nlohmann/json, CLI11,
# GoogleTest) in every file. $SPIKEGEN_UNITY_BUILD=OFF for incremental work on a few files.
unity=(-DCMAKE_UNITY_BUILD="${SPIKEGEN_UNITY_BUILD:-ON}" -DCMAKE_UNITY_BUILD_BATCH_SIZE=16)
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${unity[@]}"
cmake --build "$root/build"
phase "C++ build"

venv="$root/build/pyvenv"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -C build-dir="$root/build-pip" \
  -C cmake.define.CMAKE_UNITY_BUILD="${SPIKEGEN_UNITY_BUILD:-ON}" -C cmake.define.CMAKE_UNITY_BUILD_BATCH_SIZE=16 "$root[test]"
phase "Python package install"

status=0
(cd "$root/build" && ctest --output-on-failure -j "$(nproc)" "$@") || status=$?
phase "C++ tests"
# From outside the source tree, so that the installed package is the one imported.
(cd "$root/build" && "$venv/bin/python" -m pytest -q "$root/python/tests") || status=$?
phase "Python tests"
if [ "${SPIKEGEN_SANITIZER_TESTS:-1}" != 0 ]; then
  "$root/scripts/run-sanitizer-tests.sh" "$@" || status=$?
  phase "sanitizer build and tests"
fi
exit $status
