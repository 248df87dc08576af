#!/usr/bin/env bash
# Runs `spikegen bench` over every standard network and every backend and device usable on this
# machine: cpu with 1 thread and with every core, opencl on each device `spikegen devices` lists,
# cuda when a GPU answers. Backends or devices that are missing or fail are skipped with a message.
# Writes OUT/bench.jsonl (one record per run; started afresh) and OUT/bench.md (a Markdown table for
# docs/benchmarks.md, made by benchmarks/bench_table.py). Needs bash, coreutils and python3 only.
#
# Usage (repository root): benchmarks/run_matrix.sh [options]
#   --build DIR        build folder holding tools/spikegen (default: build)
#   --out DIR          where bench.jsonl and bench.md go (default: bench_out/<host>)
#   --networks "A B"   networks to run (default: all that `spikegen networks` lists)
#   --scale S          scale of every network (default 1, the published size)
#   --scale NAME=S     scale of one network (repeatable; wins over --scale S)
#   --threads "1 2"    CPU thread counts (default: 1 and all cores)
#   --backends "cpu opencl cuda"   backends to try (default: all built)
#   --duration 1s --repeats 3 --seed 1234    passed to `spikegen bench`
#   --timeout SECONDS  limit per run, beyond which it is skipped (default 900)
set -uo pipefail

build=build out="" networks="" threads="" backends="" duration=1s repeats=3 seed=1234 timeout_s=900
default_scale=1
declare -A scales=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --build|--out|--networks|--scale|--threads|--backends|--duration|--repeats|--seed|--timeout) ;;
    *) echo "run_matrix.sh: unknown option '$1' (--help lists them)" >&2; exit 2 ;;
  esac
  [ $# -ge 2 ] || { echo "run_matrix.sh: $1 needs a value" >&2; exit 2; }
  case "$1" in
    --build) build=$2 ;;
    --out) out=$2 ;;
    --networks) networks=$2 ;;
    --scale) if [[ $2 == *=* ]]; then scales[${2%%=*}]=${2#*=}; else default_scale=$2; fi ;;
    --threads) threads=$2 ;;
    --backends) backends=$2 ;;
    --duration) duration=$2 ;;
    --repeats) repeats=$2 ;;
    --seed) seed=$2 ;;
    --timeout) timeout_s=$2 ;;
  esac
  shift 2
done

here=$(cd "$(dirname "$0")" && pwd)
spikegen=$build/tools/spikegen
[ -x "$spikegen" ] || { echo "run_matrix.sh: no $spikegen: build it first (cmake --build $build --target spikegen_cli)" >&2; exit 1; }
out=${out:-bench_out/$(uname -n)}
mkdir -p "$out" || exit 1
jsonl=$out/bench.jsonl log=$out/bench.log
: >"$jsonl"; : >"$log"

networks=${networks:-$("$spikegen" networks | awk '{print $1}')}
built=$("$spikegen" backends | awk '{print $1}')
backends=${backends:-$built}
cores=$(nproc)
threads=${threads:-$(printf '%s\n' 1 "$cores" | sort -nu)}

# One run; a failure (missing device, out of memory, timeout) is reported and the matrix goes on.
ran=0 failed=0
bench() {
  local args=(bench --duration "$duration" --repeats "$repeats" --seed "$seed" --out "$jsonl" "$@")
  echo "== spikegen ${args[*]}"
  local err
  err=$(timeout "$timeout_s" "$spikegen" "${args[@]}" 2>&1 >/dev/null)
  local rc=$?
  printf '== spikegen %s\n%s\n' "${args[*]}" "$err" >>"$log"
  if [ $rc -eq 0 ]; then
    ran=$((ran + 1)); echo "   ${err##*$'\n'}"
  else
    failed=$((failed + 1))
    [ $rc -eq 124 ] && err="timed out after ${timeout_s} s (--timeout)"
    echo "   skipped (exit $rc): ${err##*$'\n'}"
  fi
}

# The backends and devices present, each as the arguments that select it.
targets=()
for backend in $backends; do
  if ! grep -qx "$backend" <<<"$built"; then
    echo "-- $backend: not built into $spikegen (built: $(echo $built)): skipped"
    continue
  fi
  case "$backend" in
    cpu) for t in $threads; do targets+=("--backend cpu --threads $t"); done ;;
    opencl)
      # `spikegen devices` lists the OpenCL devices as "INDEX  PLATFORM:DEVICE  NAME" under "opencl ...:".
      devices=$("$spikegen" devices | awk '/^[a-z]/ {section=$1} section ~ /^opencl/ && /^[0-9]+ / {print $1}')
      [ -n "$devices" ] || echo "-- opencl: built, but no OpenCL device found: skipped"
      for d in $devices; do targets+=("--backend opencl --device $d"); done ;;
    cuda)
      # A tiny network tells whether a driver and a GPU are there.
      probe=$(mktemp)
      if err=$("$spikegen" bench --network "$here/networks/idle.json" --backend cuda --duration 1ms --repeats 1 \
                 --out "$probe" 2>&1 >/dev/null); then
        targets+=("--backend cuda")
      else
        echo "-- cuda: built, but unusable here: ${err##*$'\n'}: skipped"
      fi
      rm -f "$probe" ;;
    *) targets+=("--backend $backend") ;;
  esac
done

for network in $networks; do
  scale=${scales[$network]:-$default_scale}
  for target in "${targets[@]}"; do
    # shellcheck disable=SC2086 # the target is a list of arguments
    bench --network "$network" --scale "$scale" $target
  done
done

echo "-- $ran runs measured, $failed skipped; records in $jsonl, messages in $log"
if [ -s "$jsonl" ]; then
  python3 "$here/bench_table.py" "$jsonl" >"$out/bench.md" && echo "-- table in $out/bench.md"
fi
