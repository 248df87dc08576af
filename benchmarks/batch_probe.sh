#!/usr/bin/env bash
# Batches on the GPU machine in one call (issue 17 item 3, docs/benchmarks.md "Batches"): builds
# spikegen for CUDA (unless the build folder is there), runs the batch tests on CUDA, then measures
# COBA-4000 at batch sizes 1, 16 and 256, a closed loop at 1 and 64 instances, and a sweep of 256
# parameter sets (J+ and external drive) of the clustered network, 10 s each, batched against one
# at a time (a subset, whose time per instance is multiplied out). Logs and records under $OUT.
# Usage (repository root): OUT=DIR [PARTS="tests bench sweep"] benchmarks/batch_probe.sh [build-folder]
#        [instances one at a time]
set -uo pipefail
OUT=${OUT:-$PWD/batch_probe_out}
BUILD=${1:-build-dev}
SINGLE=${2:-8}
mkdir -p "$OUT"
export SPIKEGEN_GENERATED_DIR=$PWD/$BUILD/generated SPIKEGEN_CACHE_DIR=$PWD/$BUILD/cache
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"
{ cmake -S . -B $BUILD -G Ninja -DCMAKE_BUILD_TYPE=Release -DSPIKEGEN_WITH_CUDA=ON -DSPIKEGEN_WITH_OPENCL=OFF \
    -DSPIKEGEN_BUILD_BENCHMARKS=OFF -DCMAKE_UNITY_BUILD=ON && cmake --build $BUILD -j"$(nproc)"; } >"$OUT/build.log" 2>&1 ||
  { tail -30 "$OUT/build.log"; exit 1; }
echo "== build ok $(date +%T)"
PARTS=${PARTS:-tests bench sweep}
if [[ $PARTS == *tests* ]]; then
timeout 240 "$BUILD/tests/spikegen_conformance_tests" --gtest_filter='*Batch*/cuda:CudaCompile.Batch*' >"$OUT/tests.log" 2>&1
echo "== batch tests rc=$? $(date +%T)"; grep -E "^\[  (PASSED|FAILED) |FAILED  \]|Failure" "$OUT/tests.log" | head -20

fi
S=$BUILD/tools/spikegen
if [[ $PARTS == *bench* ]]; then
{ for b in 1 16 256; do timeout 120 $S bench --backend cuda --network coba --duration 1s -r 2 --batch $b; done
  for b in 1 64; do timeout 120 $S bench --backend cuda --network coba --closed-loop 100 --loops 100 --batch $b; done
} >"$OUT/bench.jsonl" 2>"$OUT/bench.err"
echo "== bench done $(date +%T)"; grep -v "^\[" "$OUT/bench.err" | tail -6
fi
[[ $PARTS == *sweep* ]] || exit 0

# 16 values of J+ (E->E; the other projections 1 + (J+ - 1) * 0.82, as the network's default) times
# 16 of the background drive (multiples of each population's default Ioffset).
python3 - "$OUT/sets.csv" <<'PY'
import sys
rows = ["E_to_E.Jplus,I_to_E.Jplus,E_to_I.Jplus,I_to_I.Jplus,E.Ioffset,I.Ioffset"]
ie, ii = 1.25e-3, 0.78 * 2e-3  # the defaults: 1.25 and 0.78 rheobases (1 and 2 pA), nA
for k in range(16):
    jp = 1.0 + 0.5 * k
    ji = 1.0 + (jp - 1.0) * 0.82
    for d in range(16):
        s = 0.8 + 0.04 * d
        rows.append(f"{jp},{ji},{ji},{ji},{ie * s:.6g},{ii * s:.6g}")
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
head -3 "$OUT/sets.csv"
t0=$EPOCHREALTIME
timeout 300 $S sweep clustered --params-csv "$OUT/sets.csv" --duration 10s --backend cuda --batch 256 \
  --out "$OUT/sweep_batched" >"$OUT/sweep_batched.log" 2>&1
rc=$?; t1=$EPOCHREALTIME
echo "== batched sweep rc=$rc $(python3 -c "print($t1 - $t0)") s"
head -$((SINGLE + 1)) "$OUT/sets.csv" >"$OUT/sets_single.csv"
timeout 300 $S sweep clustered --params-csv "$OUT/sets_single.csv" --duration 10s --backend cuda --batch 1 \
  --out "$OUT/sweep_single" >"$OUT/sweep_single.log" 2>&1
rc=$?; t2=$EPOCHREALTIME
echo "== one at a time: $SINGLE instances rc=$rc $(python3 -c "print($t2 - $t1)") s"
python3 - "$OUT" "$(python3 -c "print($t1 - $t0)")" "$(python3 -c "print($t2 - $t1)")" "$SINGLE" <<'PY'
import csv, sys
out, batched, single, n = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
rows = list(csv.DictReader(open(f"{out}/sweep_batched/sweep.csv")))
one = list(csv.DictReader(open(f"{out}/sweep_single/sweep.csv")))
same = sum(a == b for a, b in zip(rows[:n], one))
print(f"batched: {len(rows)} rows in {batched:.1f} s; one at a time: {single / n:.2f} s an instance, "
      f"{256 * single / n:.0f} s for 256 ({256 * single / n / batched:.1f}x); {same} of {n} rows equal")
print("errors:", sum(1 for r in rows if r["error"]), "E rates (Hz) of the first rows:",
      [r["E_rate_hz"][:5] for r in rows[:16]])
PY
