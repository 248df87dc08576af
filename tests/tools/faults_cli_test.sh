#!/bin/sh
# `spikegen run` when things go wrong (docs/user_guide.md, "When things go wrong"): Ctrl-C or
# SIGTERM, a full disk (a file size limit, as no root is needed), NaN in a state variable, a
# compile failure and a network too large for memory each stop with one clear message and a
# non-zero status, and leave no output folder, no staging folder and no half-written file.
# Usage: faults_cli_test.sh SPIKEGEN WORKDIR
set -u
spikegen="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work"
export SPIKEGEN_CACHE_DIR="$work/cache" OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# model FILE NAME SIZE SIM_CODE DT RECORDING: one group of SIZE neurons; RECORDING is its fields
# that say what it records.
model() {
  cat >"$1" <<JSON
{"version": 1, "name": "$2", "dt": $5,
 "models": {"neurons": [{"name": "Drift", "vars": [{"name": "V", "initial": 0.0}], "sim_code": "$4",
                         "threshold_code": "V > 1.0e9", "reset_code": "V = 0.0;"}]},
 "neuron_groups": [{"name": "N", "size": $3, "model": "Drift", $6}]}
JSON
}

# expect_failure STATUS TEXT OUT -- COMMAND...: COMMAND exits with STATUS, says TEXT, and leaves
# neither OUT nor OUT.partial.
expect_failure() {
  status=$1 text=$2 out=$3; shift 4
  "$@" >"$work/log" 2>&1
  got=$?
  [ "$got" -eq "$status" ] || fail "$* exited with $got, not $status: $(cat "$work/log")"
  grep -qF -- "$text" "$work/log" || fail "$* did not say '$text': $(cat "$work/log")"
  [ ! -e "$out" ] && [ ! -e "$out.partial" ] || fail "$* left $out or $out.partial"
}

model "$work/drift.json" faults_drift 20 "V += 0.001;" 0.1 '"record_spikes": true'
model "$work/recorded.json" faults_recorded 20 "V += 0.001;" 0.1 '"record_vars": {"V": 1}'
# The compile cache is filled first, so that the runs below do not write a compiled library.
for network in drift recorded; do
  "$spikegen" run "$work/$network.json" --backend cpu --duration 10ms --out "$work/warm" >/dev/null ||
    fail "the first run of $network failed"
done

# interrupt SIGNAL LOG [ARGS...]: runs drift.json for a long time with ARGS, sends SIGNAL once it
# steps, and sets $status to its exit status.
interrupt() {
  signal=$1 log=$2; shift 2
  "$spikegen" run "$work/drift.json" --backend cpu --duration 100000s --log info "$@" >"$log" 2>&1 &
  pid=$!
  waited=0
  until grep -qs "initialised" "$log" || [ $waited -ge 600 ]; do sleep 0.1; waited=$((waited + 1)); done
  sleep 1
  kill -"$signal" $pid
  wait $pid
  status=$?
}

# Ctrl-C in the middle of a long run: stopped at a chunk boundary, nothing written, status 130.
interrupt INT "$work/interrupted.log" --out "$work/interrupted"
[ $status -eq 130 ] || fail "SIGINT: exit status $status, not 130: $(cat "$work/interrupted.log")"
grep -Eq "^spikegen: interrupted \(SIGINT\): stopped at t = [1-9][0-9]* ms of a run to 100000000 ms; no results were written$" \
  "$work/interrupted.log" || fail "SIGINT: unexpected message: $(cat "$work/interrupted.log")"
[ ! -e "$work/interrupted" ] && [ ! -e "$work/interrupted.partial" ] || fail "SIGINT left output behind"

# SIGTERM (a batch system's time limit) with --checkpoint-out: the state is saved and resumes.
interrupt TERM "$work/terminated.log" --checkpoint-out "$work/term.ckpt" --out "$work/terminated"
[ $status -eq 143 ] || fail "SIGTERM: exit status $status, not 143: $(cat "$work/terminated.log")"
grep -q "continue with --resume $work/term.ckpt --duration [0-9]*ms" "$work/terminated.log" ||
  fail "SIGTERM: no resume advice: $(cat "$work/terminated.log")"
stopped=$(sed -n 's/.*stopped at t = \([0-9]*\) ms.*/\1/p' "$work/terminated.log")
"$spikegen" run "$work/drift.json" --backend cpu --duration 10ms --resume "$work/term.ckpt" --out "$work/resumed" \
  >/dev/null || fail "resuming the checkpoint saved at SIGTERM failed"
start=$(sed -n 's/.*"start_ms": \([0-9.e+-]*\).*/\1/p' "$work/resumed/summary.json")
awk -v a="$start" -v b="$stopped" 'BEGIN { exit !((a - b) ^ 2 < 1) }' ||
  fail "the resumed run starts at $start ms, not at the $stopped ms where it stopped"

# A full disk: 20 neurons' V for 10 s is 16 MB, more than the file size limit of 2 to 4 MB
# (ulimit -f counts 512- or 1024-byte blocks, depending on the shell).
expect_failure 1 "writing '$work/full.partial/N_V.npy': File too large; nothing was written under that name" \
  "$work/full" -- sh -c "ulimit -f 4096; exec '$spikegen' run '$work/recorded.json' --backend cpu --duration 10s --out '$work/full'"
expect_failure 1 "checkpoint of network 'faults_recorded'" "$work/full" -- \
  sh -c "ulimit -f 4096; exec '$spikegen' run '$work/recorded.json' --backend cpu --duration 10s --checkpoint-out '$work/full.ckpt' --out '$work/full'"
grep -qF "writing '$work/full.ckpt': File too large" "$work/log" || fail "checkpoint on a full disk: $(cat "$work/log")"
ls "$work" | grep -q "full.ckpt" && fail "a checkpoint or its temporary was left: $(ls "$work")"

# NaN in a state variable: the run stops, naming the group and variable.
model "$work/unstable.json" faults_unstable 20 "V = 1.0 / V;" 0.1 '"record_spikes": true'
expect_failure 1 "neuron group 'N', variable 'V'" "$work/unstable" -- \
  "$spikegen" run "$work/unstable.json" --backend cpu --duration 100ms --out "$work/unstable"
grep -q "became NaN or infinite" "$work/log" || fail "NaN: $(cat "$work/log")"

# A compile failure (here an option the compiler refuses) names the network and shows the compiler.
expect_failure 1 "compiling the generated code of network 'faults_drift'" "$work/broken" -- \
  env SPIKEGEN_CPU_EXTRA_FLAGS=-fno-such-option-for-spikegen \
  "$spikegen" run "$work/drift.json" --backend cpu --duration 1ms --out "$work/broken"
grep -q "such-option-for-spikegen" "$work/log" || fail "compile failure without the compiler's words: $(cat "$work/log")"

# A network larger than any machine (2.5 TB of spike recording window at 10,000 steps a chunk) is
# refused before anything is allocated.
model "$work/huge.json" faults_huge 2000000000 "V += 0.001;" 0.01 '"record_spikes": true'
expect_failure 1 "network 'faults_huge' is too large for backend 'cpu'" "$work/huge" -- \
  "$spikegen" run "$work/huge.json" --backend cpu --duration 1s --out "$work/huge"
grep -q "largest buffer is neuron group 'N', spike recording, 2500000000000 bytes" "$work/log" ||
  fail "too large: $(cat "$work/log")"

[ $failures -eq 0 ] && echo "ok"
exit $failures
