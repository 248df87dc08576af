#!/usr/bin/env bash
# Builds spikegen on a CUDA machine, runs the conformance suite on the CUDA backend, a
# compute-sanitizer memcheck of COBA, and the CUDA benchmarks (`spikegen bench`); logs and JSON go
# to ${OUT:-.}. The whole benchmark matrix (docs/benchmarks.md) is benchmarks/run_matrix.sh.
# Usage (repository root): benchmarks/cuda_device_check.sh [build-folder]
set -uo pipefail
OUT=${OUT:-$PWD/cuda_check_out}
BUILD=${1:-build-dev}
mkdir -p "$OUT"
export SPIKEGEN_GENERATED_DIR=$PWD/$BUILD/generated SPIKEGEN_CACHE_DIR=$PWD/$BUILD/cache
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"
{ cmake -S . -B "$BUILD" -G Ninja -DSPIKEGEN_WITH_CUDA=ON -DSPIKEGEN_WITH_OPENCL=OFF &&
  cmake --build "$BUILD" -j"$(nproc)"; } >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 1; }
echo "== build ok"
# The CUDA conformance suite, the NVRTC and device tests, and cross-backend bit identity with the CPU.
timeout 400 "$BUILD/tests/spikegen_conformance_tests" --gtest_filter='*/cuda:Cuda*:*CrossBackend*' \
  >"$OUT/tests.log" 2>&1
echo "== tests rc=$?"; grep -E "^\[  (PASSED|FAILED|SKIPPED) |tests? from .* ran" "$OUT/tests.log" | tail -25
timeout 300 compute-sanitizer --tool memcheck --error-exitcode 9 "$BUILD/tools/spikegen" run coba --backend cuda \
  --duration 100ms --out "$OUT/coba_run" >"$OUT/memcheck.log" 2>&1
echo "== memcheck rc=$?"; tail -4 "$OUT/memcheck.log"
# One JSON record per line on stdout; the environment variables are recorded in each.
B=("$BUILD/tools/spikegen" bench --backend cuda --duration 1s)
IDLE=benchmarks/networks/idle.json # one silent neuron, no synapses: a step costs only its overhead
{
  timeout 60 "${B[@]}" --network $IDLE
  SPIKEGEN_CUDA_GRAPHS=0 timeout 60 "${B[@]}" --network $IDLE
  for scale in 1 8 64; do timeout 120 "${B[@]}" --network coba --scale $scale; done
  # Individual weights: the memory per synapse of issue 3 (16-bit indices in segments at 256,000).
  for scale in 1 8 64; do timeout 120 "${B[@]}" --network coba --scale $scale --individual-weights; done
  for strategy in pre post; do for scale in 1 8 64; do
    SPIKEGEN_SIMT_PROPAGATION=$strategy timeout 120 "${B[@]}" --network coba --scale $scale
  done; done
  # Version 4's persistent step loop against the graph, where it is generated (small networks).
  for p in 1 0; do SPIKEGEN_CUDA_PERSISTENT=$p timeout 60 "${B[@]}" --network benchmarks/networks/idle.json
    SPIKEGEN_CUDA_PERSISTENT=$p timeout 60 "${B[@]}" --network coba --scale 0.25; done
} >"$OUT/bench.jsonl" 2>"$OUT/bench.err"
echo "== bench"; cat "$OUT/bench.err" | tail -5
python3 - "$OUT/bench.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    print(f"{r['network_name']:5} x{r['scale']:<3} {'iw' if r.get('individual_weights') else 'cw'} {r['device'][-16:]:16} {r['environment'].get('SPIKEGEN_SIMT_PROPAGATION','rule'):4} build cold {r['build_cold_s']:.2f}s cached {r['build_cached_s']:.3f}s "
          f"init {r['init_s']:.3f}s sim {r['sim_s']:.4f}s/bio-s {r['us_per_step']:.2f}us/step "
          f"ev/s {r['synaptic_events_per_s']:.3g} B/syn {r.get('connectivity_bytes_per_synapse',0):.2f} "
          f"(arrays {r.get('synapse_array_bytes_per_synapse',0):.2f}) rates {r.get('rates_hz')}")
PY
