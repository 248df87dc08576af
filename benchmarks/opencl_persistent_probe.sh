#!/usr/bin/env bash
# One device call (benchmarks/NOTES.md, Version 13): NVIDIA's OpenCL with the persistent step loop
# (run_steps on GPUs) against one enqueue per kernel, OpenCL and CUDA conformance tests, and the CUDA
# microcircuit over the same 0.2 s as OpenCL's. Usage on the GPU machine: OUT=DIR bash benchmarks/opencl_persistent_probe.sh
set -uo pipefail
OUT=${OUT:-$PWD/probe_out}; BUILD=build-dev
mkdir -p "$OUT" /etc/OpenCL/vendors && echo libnvidia-opencl.so.1 > /etc/OpenCL/vendors/nvidia.icd
export SPIKEGEN_GENERATED_DIR=$PWD/$BUILD/generated SPIKEGEN_CACHE_DIR=$PWD/$BUILD/cache
{ cmake -S . -B $BUILD -G Ninja -DCMAKE_BUILD_TYPE=Release -DSPIKEGEN_WITH_CUDA=ON -DSPIKEGEN_WITH_OPENCL=ON \
    -DSPIKEGEN_BUILD_BENCHMARKS=OFF -DCMAKE_UNITY_BUILD=ON && cmake --build $BUILD -j"$(nproc)" --target spikegen_cli spikegen_conformance_tests; } >"$OUT/build.log" 2>&1 ||
  { tail -30 "$OUT/build.log"; exit 1; }
echo "== build ok $(date +%T)"
O=($BUILD/tools/spikegen bench --backend opencl -r 2 --duration 1s)
{ timeout 40 "${O[@]}" --network coba
  SPIKEGEN_OPENCL_PERSISTENT=0 timeout 40 "${O[@]}" --network coba
  timeout 40 "${O[@]}" --network cuba
  timeout 40 "${O[@]}" --network coba --scale 2
  timeout 60 $BUILD/tools/spikegen bench --backend cuda -r 2 --duration 0.2s --network microcircuit
} >"$OUT/bench.jsonl" 2>"$OUT/bench.err"
python3 - "$OUT/bench.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    if not line.startswith('{'): continue
    r = json.loads(line)
    env = ' '.join(f"{k[9:]}={v}" for k, v in r['environment'].items())
    print(r['backend'], r['network_name'], r['scale'], r['duration_ms'], env or 'default', f"sim {r['sim_s']:.4f} {r['repeats_s']['sim']}",
          {k: round(v, 2) for k, v in r.get('rates_hz', {}).items()})
PY
timeout 120 $BUILD/tests/spikegen_conformance_tests --gtest_filter='*/opencl:*opencl_*' >"$OUT/tests_opencl.log" 2>&1
echo "== opencl tests rc=$?"; grep -E "^\[  (PASSED|FAILED)|FAILED  \]|tests? from .* ran" "$OUT/tests_opencl.log" | tail -8
timeout 150 $BUILD/tests/spikegen_conformance_tests --gtest_filter='*/cuda:Cuda*' >"$OUT/tests_cuda.log" 2>&1
echo "== cuda tests rc=$?"; grep -E "^\[  (PASSED|FAILED)|FAILED  \]|tests? from .* ran" "$OUT/tests_cuda.log" | tail -8
