#!/usr/bin/env bash
# The CPU backend's threads on an idle and on a loaded machine (issue 16): `spikegen bench` of each
# network with 1 thread, with 2 threads, and with the thread count left to spikegen, first on the
# idle machine, then again while this script keeps one core busy with a competing process that it
# starts and stops itself. One JSON record per run (machine, git revision, threads, environment)
# goes to OUT/cpu_threads.jsonl; a summary table to stdout. Beside each phase it runs
# spikegen_cpu_parallel_ceiling (a step of perfectly divisible work of the networks' size, one
# barrier a step): the speedup 2 threads can have on this machine at that moment, whatever the
# simulator.
# Usage (repository root): benchmarks/cpu_threads.sh [--build DIR] [--out DIR] [--networks "coba cuba"]
#   [--duration 1s] [--repeats 3]
set -uo pipefail
build=build out=bench_out/cpu_threads networks="coba cuba" duration=1s repeats=3
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2 ;; --out) out=$2 ;; --networks) networks=$2 ;; --duration) duration=$2 ;;
    --repeats) repeats=$2 ;;
    *) echo "cpu_threads.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift 2
done
spikegen="$build/tools/spikegen" ceiling="$build/benchmarks/spikegen_cpu_parallel_ceiling"
for program in "$spikegen" "$ceiling"; do
  [ -x "$program" ] || { echo "cpu_threads.sh: no $program (build first)" >&2; exit 1; }
done
mkdir -p "$out"
records="$out/cpu_threads.jsonl"
: >"$records"
busy_pid=""
stop_busy() { [ -n "$busy_pid" ] && kill "$busy_pid" 2>/dev/null; wait "$busy_pid" 2>/dev/null; busy_pid=""; }
trap stop_busy EXIT

run_all() { # $1: idle | loaded
  for net in $networks; do
    for threads in 1 2 auto; do
      option=(--threads "$threads"); [ "$threads" = auto ] && option=()
      SPIKEGEN_LOAD="$1" "$spikegen" bench --backend cpu --network "$net" --duration "$duration" \
        --repeats "$repeats" "${option[@]}" >>"$records" || echo "cpu_threads.sh: $net $threads failed" >&2
    done
  done
  "$ceiling" --neurons 4000 --threads 2 --repeats "$repeats" --label "$1" >>"$records" ||
    echo "cpu_threads.sh: the parallel ceiling failed" >&2
}
run_all idle
# One busy process on one core, as a browser or a compiler would be.
( while :; do :; done ) &
busy_pid=$!
sleep 1
run_all loaded
stop_busy

python3 - "$records" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print(f"{'network':10} {'load':7} {'threads':>8} {'s per bio s':>12}")
for r in rows:
    if r.get('benchmark') == 'cpu_parallel_ceiling':
        print(f"{'ceiling':10} {r['label']:7} {'1 vs 2':>8}   speedup median {r['speedup_median']:.2f} "
              f"(min {r['speedup_min']:.2f}, max {r['speedup_max']:.2f}) at {min(r['us_per_step_1_thread']):.2f} us a step")
        continue
    asked = 'auto' if '--threads' not in r['command'] else str(r['threads'])
    print(f"{r['network']:10} {r['environment'].get('SPIKEGEN_LOAD', '?'):7} {asked + ' -> ' + str(r['threads']):>8} {r['sim_s']:12.4f}")
PY
