#!/bin/sh
# `spikegen bench`: bad input fails before anything is measured, with a message that helps, and
# leaves no output file and no scratch cache behind; a short run appends one complete record.
# Usage: bench_cli_test.sh SPIKEGEN WORKDIR. Timings are never checked, only that they are there.
set -u
spikegen="$1"; work="$2"
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work"; mkdir -p "$work/tmp"
export TMPDIR="$work/tmp" OMP_WAIT_POLICY=PASSIVE # scratch caches go here; see the check at the end
out="$work/records.jsonl"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_failure TEXT ARGS...: `spikegen bench ARGS` fails, its message contains TEXT, no $out.
expect_failure() {
  expected="$1"; shift
  if message=$("$spikegen" bench "$@" 2>&1 >/dev/null); then
    fail "spikegen bench $* succeeded"
    return
  fi
  case "$message" in
    *"$expected"*) echo "ok: spikegen bench $*: $message" ;;
    *) fail "spikegen bench $*: expected '$expected' in: $message" ;;
  esac
  if [ -e "$out" ]; then fail "spikegen bench $* left $out"; rm -f "$out"; fi
}

expect_failure "known networks: " --network no-such-network --out "$out"
expect_failure "or a model file" --network no-such-network --out "$out"
expect_failure "cannot open model file" --network "$work/missing.json" --out "$out"
expect_failure "is not available in this build of spikegen (available: " --network coba --backend no-such-backend --out "$out"
expect_failure "non-negative" --network coba --duration -1s --out "$out"
expect_failure "non-negative" --network coba --duration nan --out "$out"
expect_failure "is not a number" --network coba --duration abc --out "$out"
expect_failure "above 0" --network coba --duration 0 --out "$out"
expect_failure "1 or more" --network coba --repeats 0 --out "$out"
expect_failure "a number above 0" --network coba --scale -1 --out "$out"
expect_failure "applies to microcircuit and microcircuit-dc" --network coba --in-degree-scale 0.5 --out "$out"
expect_failure "inDegreeScale must be in (0, 1]" --network microcircuit --scale 0.01 --in-degree-scale 2 --out "$out"
expect_failure "applies to standard networks" --network "$root/benchmarks/networks/idle.json" --in-degree-scale 0.5 --out "$out"
expect_failure "does not exist" --network coba --out "$work/missing/records.jsonl"
expect_failure "not a regular file" --network coba --out "$work"
if [ "$(id -u)" != 0 ]; then # root may write anywhere
  mkdir -p "$work/readonly" && chmod a-w "$work/readonly"
  expect_failure "cannot create files" --network coba --out "$work/readonly/records.jsonl"
  chmod u+w "$work/readonly"
fi

if "$spikegen" backends | grep -q '^cpu'; then
  "$spikegen" bench --network coba --backend cpu --threads 1 --scale 0.05 --duration 20ms --repeats 2 --out "$out" ||
    fail "a short benchmark of coba"
  "$spikegen" bench --network "$root/benchmarks/networks/idle.json" --backend cpu --threads 1 --duration 10ms \
    --repeats 1 --deterministic --out "$out" || fail "a short benchmark of benchmarks/networks/idle.json"
  [ "$(wc -l <"$out")" = 2 ] || fail "expected 2 records (one line each) in $out"
  head -1 "$out" | grep -qF '"deterministic":false' || fail "the coba record lacks \"deterministic\":false"
  tail -1 "$out" | grep -qF '"deterministic":true' || fail "the --deterministic record lacks \"deterministic\":true"
  for field in 'spikegen bench --network coba --backend cpu --threads 1 --scale 0.05' '"build_cold_s":' '"build_cold_cache_hit":false' \
               '"build_cached_s":' '"build_cached_cache_hit":true' '"init_s":' '"sim_s":' '"realtime_factor":' \
               '"synaptic_events_per_s":' '"peak_host_memory_bytes":' '"device_memory_bytes":' '"rates_hz":{"E":' \
               '"git_revision":' '"machine":{' '"cpu":' '"threads":1' '"seed":1234' '"scale":0.05' '"repeats":2'; do
    head -1 "$out" | grep -qF "$field" || fail "the coba record lacks $field"
  done
else
  echo "cpu backend not built: the short benchmarks are skipped"
fi
[ -z "$(ls -A "$work/tmp")" ] || fail "scratch caches left behind: $(ls "$work/tmp")"
[ "$failures" = 0 ] || { echo "$failures failures"; exit 1; }
echo "all passed"
