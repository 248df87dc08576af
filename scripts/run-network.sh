#!/usr/bin/env bash
# Sets up, builds and runs a standard network on the default backend:
#   scripts/run-network.sh [coba|cuba] [more `spikegen run` options, e.g. --duration 2s --seed 7]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" --target spikegen_cli
network=${1:-coba}
shift || true
"$root/build/tools/spikegen" run "$network" --out "$root/out/$network" "$@"
