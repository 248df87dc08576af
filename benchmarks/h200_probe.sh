#!/usr/bin/env bash
# One device session in one call (benchmarks/NOTES.md, Version 9): builds spikegen for CUDA with its
# tests, runs the CUDA conformance suite, then `spikegen bench` on the standard networks (with the
# propagation rule, and with post or pre span forced for the microcircuit). Logs under $OUT.
# Usage (repository root, on the GPU machine): OUT=DIR benchmarks/h200_probe.sh [build-folder]
set -uo pipefail
OUT=${OUT:-$PWD/h200_probe_out}
BUILD=${1:-build-dev}
mkdir -p "$OUT"
export SPIKEGEN_GENERATED_DIR=$PWD/$BUILD/generated SPIKEGEN_CACHE_DIR=$PWD/$BUILD/cache
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"
{ cmake -S . -B $BUILD -G Ninja -DCMAKE_BUILD_TYPE=Release -DSPIKEGEN_WITH_CUDA=ON -DSPIKEGEN_WITH_OPENCL=OFF \
    -DSPIKEGEN_BUILD_BENCHMARKS=OFF && cmake --build $BUILD -j"$(nproc)"; } >"$OUT/build.log" 2>&1 ||
  { tail -30 "$OUT/build.log"; exit 1; }
echo "== build ok"
timeout 300 "$BUILD/tests/spikegen_conformance_tests" --gtest_filter='*/cuda:Cuda*:*CrossBackend*:*MergedGroups*' >"$OUT/tests.log" 2>&1
echo "== tests rc=$?"; grep -E "^\[  (PASSED|FAILED) |tests? from .* ran" "$OUT/tests.log" | tail -12
B=($BUILD/tools/spikegen bench --backend cuda --duration 1s -r 2)
{ timeout 150 "${B[@]}" --network microcircuit
  SPIKEGEN_SIMT_PROPAGATION=post timeout 60 "${B[@]}" --network microcircuit
  SPIKEGEN_SIMT_PROPAGATION=pre timeout 60 "${B[@]}" --network microcircuit
  # Version 12: step kernels one after the other, without programmatic dependent launch.
  SPIKEGEN_CUDA_PDL=0 timeout 60 "${B[@]}" --network microcircuit
  SPIKEGEN_CUDA_PDL=0 SPIKEGEN_SIMT_PROPAGATION=post timeout 60 "${B[@]}" --network microcircuit
  SPIKEGEN_CUDA_PDL=0 timeout 60 "${B[@]}" --network coba --scale 64
  timeout 60 "${B[@]}" --network microcircuit-dc
  for s in 1 8 64; do timeout 60 "${B[@]}" --network coba --scale $s; done
  timeout 60 "${B[@]}" --network brunel-sr
  for s in 1 8; do timeout 90 "${B[@]}" --network cobahh --scale $s; done
} >"$OUT/bench.jsonl" 2>"$OUT/bench.err"
python3 - "$OUT/bench.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    env = r['environment']
    print(r['network_name'], r['scale'], env.get('SPIKEGEN_SIMT_PROPAGATION', 'rule'),
          ' '.join(f"{k}={v}" for k, v in env.items() if k in ('SPIKEGEN_SIMT_MERGE', 'SPIKEGEN_CUDA_RDC', 'SPIKEGEN_CUDA_GRAPH_STEPS', 'SPIKEGEN_CUDA_PDL')),
          f"cold {r['build_cold_s']:.2f}s cached {r['build_cached_s']:.3f}s sim {r['sim_s']:.4f}s/bio-s "
          f"{r['us_per_step']:.2f}us/step", {k: round(v, 2) for k, v in r.get('rates_hz', {}).items()})
PY
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
