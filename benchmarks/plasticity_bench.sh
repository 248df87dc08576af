#!/usr/bin/env bash
# What plasticity costs: coba-stdp (additive STDP on E->E) against COBA with the same per-synapse
# weights but static, at 4,000, 32,000 and 256,000 neurons, and stdp-song2000 for 100 s of
# biological time (its learned weights summarised). One JSON record per line from `spikegen bench`
# into $OUT/plasticity_<backend>.jsonl and a table on stdout (docs/benchmarks.md, Plasticity).
# Usage (repository root): benchmarks/plasticity_bench.sh BUILD_FOLDER BACKEND [SCALES]
set -uo pipefail
BUILD=${1:?build folder}; BACKEND=${2:?backend}; SCALES=${3:-1 8 64}
OUT=${OUT:-$PWD/plasticity_bench_out}
mkdir -p "$OUT"
PY=python3; python3 -c "import numpy" 2>/dev/null || PY=/usr/bin/python3 # a pyenv python3 may lack numpy
B=("$BUILD/tools/spikegen" bench --backend "$BACKEND" --duration 1s --repeats 3)
records="$OUT/plasticity_$BACKEND.jsonl"
: >"$records"
for scale in $SCALES; do
  timeout 300 "${B[@]}" --network coba --individual-weights --scale "$scale" >>"$records" 2>>"$OUT/plasticity_$BACKEND.err"
  timeout 300 "${B[@]}" --network coba-stdp --scale "$scale" >>"$records" 2>>"$OUT/plasticity_$BACKEND.err"
done
"$PY" - "$records" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
static = {r["scale"]: r for r in rows if r["network_name"] == "coba"}
for r in rows:
    if r["network_name"] != "coba_stdp":
        continue
    s = static.get(r["scale"])
    ratio = r["sim_s"] / s["sim_s"] if s else float("nan")
    print(f"{r['backend']:6} x{r['scale']:<3} static {s['us_per_step'] if s else float('nan'):8.2f} us/step, plastic "
          f"{r['us_per_step']:8.2f} us/step ({ratio:.2f}x), {r['sim_s']:.3f} s per biological second; "
          f"plastic synapses {r.get('plastic_synapses')}, {r.get('plastic_bytes_per_synapse', 0):.2f} B each "
          f"({r.get('plastic_index_bytes_per_synapse', 0):.2f} B column index); rates {r.get('rates_hz')}")
PY
# The Song et al. experiment at its published length.
start=$(date +%s.%N)
"$BUILD/tools/spikegen" run stdp-song2000 --backend "$BACKEND" --duration 100s --save-vars InputNeuron.w \
  --record spikes --out "$OUT/song_$BACKEND" >"$OUT/song_$BACKEND.log" 2>&1
echo "stdp-song2000 100 s on $BACKEND: rc=$? wall $(python3 -c "import time; print(round(time.time() - $start, 1))") s"
grep -E "simulation|Neuron " "$OUT/song_$BACKEND.log"
"$PY" - "$OUT/song_$BACKEND/InputNeuron_w.npy" <<'PY'
import sys
import numpy as np
w = np.load(sys.argv[1]) / 0.01
h, _ = np.histogram(w, bins=10, range=(0, 1))
print(f"w/gmax histogram (10 bins): {h.tolist()}; below 0.1: {np.mean(w < 0.1):.3f}, above 0.9: {np.mean(w > 0.9):.3f}")
PY
