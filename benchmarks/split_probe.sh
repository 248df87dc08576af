#!/usr/bin/env bash
# A network split over MPI processes on GPUs (docs/scaling.md): `hpc` on one process and split over
# RANKS processes, in deterministic mode, the written files compared byte for byte, with the
# timings and the time in spike exchange. Each rank takes its host's GPU of its local rank; with
# DEVICE=0 every rank shares GPU 0 (a machine of one GPU: checks the numbers, not the speed).
# Usage: OUT=dir [DEVICE=0] [THREADS=1] bash benchmarks/split_probe.sh BUILD_DIR [RANKS] [SCALE] [BACKEND]
set -uo pipefail
build=$1 ranks=${2:-2} scale=${3:-4} backend=${4:-cuda}
spikegen=$build/tools/spikegen
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 NCCL_NVLS_ENABLE=0
device=()
[ -n "${DEVICE:-}" ] && device=(--device "$DEVICE")
args=(run hpc --scale "$scale" --backend "$backend" --deterministic --duration 500ms)
"$spikegen" "${args[@]}" "${device[@]}" --out "$OUT/one" > "$OUT/one.log" 2>&1
# THREADS=1: the ranks as threads of one process (--ranks), else as MPI processes.
if [ "${THREADS:-0}" = 1 ]; then
  "$spikegen" "${args[@]}" "${device[@]}" --ranks "$ranks" --out "$OUT/split" > "$OUT/split.log" 2>&1
else
  mpirun -np "$ranks" --oversubscribe "$spikegen" "${args[@]}" "${device[@]}" --out "$OUT/split" > "$OUT/split.log" 2>&1
fi
echo "split run exit code: $?"
cat "$OUT/one.log" "$OUT/split.log"
same=0 differ=0
for f in "$OUT"/one/*.npy; do
  if cmp -s "$f" "$OUT/split/$(basename "$f")"; then same=$((same + 1)); else differ=$((differ + 1)); echo "differs: $(basename "$f")"; fi
done
echo "split over $ranks ranks: $same files the same as one process, $differ different"
