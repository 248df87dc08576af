#!/usr/bin/env bash
# `mpirun -np N spikegen run` and `spikegen run --ranks N` write the files one process writes, byte
# for byte (docs/scaling.md).
# Arguments: mpiexec, its flags, N, the spikegen binary, a scratch folder.
set -euo pipefail
mpiexec=$1 flags=$2 ranks=$3 spikegen=$4 scratch=$5
rm -rf "$scratch" && mkdir -p "$scratch"
run_args=(run coba --scale 0.5 --backend cpu --threads 1 --duration 200ms --record spikes,V --save-vars EI.gSyn)
"$spikegen" "${run_args[@]}" --out "$scratch/one" > "$scratch/one.log"
# shellcheck disable=SC2086
"$mpiexec" -np "$ranks" $flags "$spikegen" "${run_args[@]}" --out "$scratch/split" > "$scratch/split.log"
"$spikegen" "${run_args[@]}" --ranks "$ranks" --out "$scratch/threads" > "$scratch/threads.log"
for split in split threads; do
  grep -q "spike exchange between $ranks ranks" "$scratch/$split.log"
  for f in "$scratch"/one/*.npy; do
    cmp "$f" "$scratch/$split/$(basename "$f")"
  done
done
echo "mpirun -np $ranks and --ranks $ranks: $(ls "$scratch"/one/*.npy | wc -l) files as one process writes them"
