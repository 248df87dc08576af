#!/usr/bin/env bash
# One device session in one call (benchmarks/NOTES.md, Version 9 on): builds spikegen for CUDA and
# NVIDIA's OpenCL with its tests, runs `spikegen bench` on the standard networks (the propagation
# rule, post or pre span forced, dependent launch off/always), then the CUDA conformance suite, and
# with SANITIZE=1 compute-sanitizer's memcheck and racecheck. Logs under $OUT.
# Usage (repository root, on the GPU machine): OUT=DIR [SANITIZE=1] benchmarks/h200_probe.sh [build-folder]
set -uo pipefail
OUT=${OUT:-$PWD/h200_probe_out}
BUILD=${1:-build-dev}
mkdir -p "$OUT"
export SPIKEGEN_GENERATED_DIR=$PWD/$BUILD/generated SPIKEGEN_CACHE_DIR=$PWD/$BUILD/cache
mkdir -p /etc/OpenCL/vendors && echo libnvidia-opencl.so.1 > /etc/OpenCL/vendors/nvidia.icd # NVIDIA's OpenCL
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"
{ cmake -S . -B $BUILD -G Ninja -DCMAKE_BUILD_TYPE=Release -DSPIKEGEN_WITH_CUDA=ON -DSPIKEGEN_WITH_OPENCL=ON \
    -DSPIKEGEN_BUILD_BENCHMARKS=ON -DCMAKE_UNITY_BUILD=ON && cmake --build $BUILD -j"$(nproc)"; } >"$OUT/build.log" 2>&1 ||
  { tail -30 "$OUT/build.log"; exit 1; }
echo "== build ok $(date +%T)"
B=($BUILD/tools/spikegen bench --backend cuda --duration 1s -r 2)
O=($BUILD/tools/spikegen bench --backend opencl -r 2)
{ timeout 60 "${B[@]}" --network microcircuit
  SPIKEGEN_SIMT_PROPAGATION=post timeout 60 "${B[@]}" --network microcircuit
  timeout 60 "${B[@]}" --network microcircuit-dc
  for s in 1 8 64; do timeout 60 "${B[@]}" --network coba --scale $s; done
  # Who delivers the spikes of static projections without delay (default: the neuron update that
  # emitted them, unless the persistent step loop runs the network).
  for s in 8 64; do SPIKEGEN_SIMT_DELIVERY=propagation timeout 60 "${B[@]}" --network coba --scale $s; done
  SPIKEGEN_SIMT_DELIVERY=propagation timeout 60 "${B[@]}" --network microcircuit
  SPIKEGEN_SIMT_DELIVERY=neuron timeout 60 "${B[@]}" --network coba
  # Programmatic dependent launch: 0 = never, 1 = every pair of step kernels (default: when both
  # grids are resident together).
  for p in 0 1; do SPIKEGEN_CUDA_PDL=$p timeout 60 "${B[@]}" --network coba --scale 64; done
  timeout 60 "${B[@]}" --network brunel-sr
  timeout 60 "${B[@]}" --network brunel-ai
  timeout 60 "${B[@]}" --network clustered --scale 5
  for s in 1 8; do timeout 90 "${B[@]}" --network cobahh --scale $s; done
  # The same 0.2 s as OpenCL's run below (its rates include the start burst).
  timeout 60 $BUILD/tools/spikegen bench --backend cuda -r 2 --duration 0.2s --network microcircuit
  # NVIDIA's OpenCL on the same GPU (issue 16).
  timeout 60 "${O[@]}" --duration 1s --network coba
  SPIKEGEN_SIMT_DELIVERY=propagation timeout 60 "${O[@]}" --duration 1s --network coba
  timeout 60 "${O[@]}" --duration 1s --network coba --scale 8
  timeout 90 "${O[@]}" --duration 1s --network microcircuit # per biological second, as CUDA's
} >"$OUT/bench.jsonl" 2>"$OUT/bench.err"
echo "== bench done $(date +%T)"
# The floor of an OpenCL step: enqueue cost per kernel argument (benchmarks/NOTES.md, "OpenCL buffers in one pool").
SPIKEGEN_OPENCL_DEVICE=nvidia timeout 60 $BUILD/benchmarks/spikegen_opencl_enqueue_bench >"$OUT/opencl_enqueue.jsonl" 2>&1
python3 - "$OUT/bench.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    env = ' '.join(f"{k[9:]}={v}" for k, v in r['environment'].items())
    how = r.get('propagation', {}).values()
    print(r['backend'], r['network_name'], r['scale'], r['duration_ms'], env or 'default',
          f"pre={sum('pre span' in v for v in how)} changed={sum('changed' in v for v in how)}",
          f"cold {r['build_cold_s']:.2f}s sim {r['sim_s']:.4f} {r['repeats_s']['sim']}",
          {k: round(v, 2) for k, v in r.get('rates_hz', {}).items()})
PY
timeout 300 "$BUILD/tests/spikegen_conformance_tests" \
  --gtest_filter='*/cuda:Cuda*:*CrossBackend*:*MergedGroups*:*Maths*:*Propagation*:*Deterministic*cuda' >"$OUT/tests.log" 2>&1
echo "== tests rc=$? $(date +%T)"; grep -E "^\[  (PASSED|FAILED) |tests? from .* ran|FAILED  \]" "$OUT/tests.log" | tail -12
[ -n "${SANITIZE:-}" ] || exit 0 # SANITIZE=1: compute-sanitizer runs too
# Device memory errors of a short microcircuit run (merged propagation, pointers in module globals).
timeout 240 compute-sanitizer --tool memcheck "$BUILD/tools/spikegen" run microcircuit --scale 0.05 --duration 5ms \
  --backend cuda --out "$OUT/memcheck_out" >"$OUT/memcheck.log" 2>&1
echo "== memcheck rc=$?"; grep -E "ERROR SUMMARY|error" "$OUT/memcheck.log" | tail -3
# Shared-memory races (issue 15): the same run, and COBA through the persistent step-loop kernel.
timeout 240 compute-sanitizer --tool racecheck "$BUILD/tools/spikegen" run microcircuit --scale 0.05 --duration 2ms \
  --backend cuda --out "$OUT/racecheck_out" >"$OUT/racecheck.log" 2>&1
echo "== racecheck microcircuit rc=$?"; grep -E "RACECHECK SUMMARY|hazard" "$OUT/racecheck.log" | tail -3
timeout 120 compute-sanitizer --tool racecheck "$BUILD/tools/spikegen" run coba --duration 5ms \
  --backend cuda --out "$OUT/racecheck_coba_out" >"$OUT/racecheck_coba.log" 2>&1
echo "== racecheck coba rc=$?"; grep -E "RACECHECK SUMMARY|hazard" "$OUT/racecheck_coba.log" | tail -3
# The neuron update that delivers its own spikes (COBA above the step loop's size).
for tool in memcheck racecheck; do
  timeout 180 compute-sanitizer --tool $tool "$BUILD/tools/spikegen" run coba --scale 3 --duration 2ms \
    --backend cuda --out "$OUT/${tool}_coba3_out" >"$OUT/${tool}_coba3.log" 2>&1
  echo "== $tool coba x3 rc=$?"; grep -E "SUMMARY|hazard" "$OUT/${tool}_coba3.log" | tail -3
done
