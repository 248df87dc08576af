#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, conformance on every backend built, reference).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$root/build"
cd "$root/build"
ctest --output-on-failure -j "$(nproc)" "$@"
