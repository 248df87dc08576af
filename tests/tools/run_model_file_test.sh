#!/bin/sh
# `spikegen run` on a model file that uses given spike times, AdEx equations, fixed in-degree and a
# recording of two neurons' V: the file's seed is the one reported, and every recording the file
# asks for is written (values, times, neurons), with or without --record; --deterministic is reported.
# Usage: run_model_file_test.sh SPIKEGEN WORKDIR
set -e
spikegen="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work"
cat >"$work/mixed.json" <<'JSON'
{"version": 1, "name": "cli_mixed", "dt": 0.1, "precision": "float", "seed": 3,
 "neuron_groups": [
  {"name": "S", "size": 3, "model": "SpikeSourceArray", "record_spikes": true, "spike_times": [[1.0, 3.0], [2.5], []]},
  {"name": "A", "size": 10, "model": "AdEx",
   "params": {"C": 0.281, "DeltaT": 2.0, "EL": -70.6, "Ioffset": 0.5, "VT": -50.4, "Vpeak": 0.0, "Vr": -70.6,
              "a": 0.004, "b": 0.0805, "gL": 0.03, "tauw": 144.0},
   "var_inits": {"V": -70.6, "w": 0.0}, "record_spikes": true,
   "record_vars": {"V": {"every": 10, "neurons": [3, 1]}}}],
 "synapse_groups": [
  {"name": "SA", "source": "S", "target": "A",
   "weight_update": {"model": "StaticPulseConstantWeight", "params": {"g": 0.2}},
   "postsynaptic": {"model": "ExpCurr", "params": {"tau": 5.0}},
   "connectivity": {"snippet": "FixedNumberPre", "params": {"num": 2}}}]}
JSON
"$spikegen" run "$work/mixed.json" --duration 10ms --backend cpu --out "$work/plain"
"$spikegen" run "$work/mixed.json" --duration 10ms --backend cpu --record spikes,V --out "$work/record"
"$spikegen" run "$work/mixed.json" --duration 10ms --backend cpu --deterministic --out "$work/deterministic"
python3 - "$work" <<'PY'
import ast, json, struct, sys
work = sys.argv[1]

def load(path):  # a .npy file (version 1, little endian) as (shape, flat list): numpy is not needed
    data = open(path, "rb").read()
    length = struct.unpack("<H", data[8:10])[0]
    header = ast.literal_eval(data[10:10 + length].decode())
    kind = {"<f8": "d", "<u4": "I"}[header["descr"]]
    count = 1
    for n in header["shape"]:
        count *= n
    return header["shape"], list(struct.unpack("<%d%s" % (count, kind), data[10 + length:]))

for run in ("plain", "record"):
    out = f"{work}/{run}"
    assert json.load(open(f"{out}/summary.json"))["seed"] == 3
    shape, _ = load(f"{out}/A_V.npy")
    assert tuple(shape) == (10, 2), shape  # steps 0, 10, ..., 90; neurons 3 and 1
    assert load(f"{out}/A_V_neurons.npy")[1] == [3, 1]
    times = load(f"{out}/A_V_times_ms.npy")[1]
    assert all(abs(t - 0.1 * (10 * k + 1)) < 1e-9 for k, t in enumerate(times)) and len(times) == 10, times
    spikes = load(f"{out}/S_spike_times_ms.npy")[1]
    assert all(abs(a - b) < 1e-6 for a, b in zip(spikes, [1.0, 2.5, 3.0])) and len(spikes) == 3, spikes
    assert load(f"{out}/S_spike_ids.npy")[1] == [0, 1, 0]
assert not json.load(open(f"{work}/plain/summary.json"))["deterministic"]
assert json.load(open(f"{work}/deterministic/summary.json"))["deterministic"] is True
print("ok")
PY

# validate passes the file and reports the memory it needs; a bad code string fails validate and
# run alike, naming the file and the JSON path of the field.
"$spikegen" validate "$work/mixed.json" | grep -q "iB of backend memory"
sed 's/"neuron_groups": \[/"models": {"neurons": [{"name": "Broken", "vars": [{"name": "V"}], "sim_code": "V += undefined_name;"}]},\n "neuron_groups": [{"name": "B", "size": 2, "model": "Broken", "var_inits": {"V": 0}},/' \
  "$work/mixed.json" >"$work/broken.json"
for command in validate "run --duration 1ms --backend cpu --out $work/broken"; do
  if message=$("$spikegen" $command "$work/broken.json" 2>&1 >/dev/null); then
    echo "$command accepted a model with an undefined name"; exit 1
  fi
  echo "$message" | grep -q "broken.json: /models/neurons/0/sim_code: model 'Broken', field 'sim code', line 1, column 6: unknown name 'undefined_name'" ||
    { echo "$command: unexpected message: $message"; exit 1; }
done
echo "validate: ok"
