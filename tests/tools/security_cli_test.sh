#!/bin/sh
# The hostile model files of the security issue, through the command line (docs/security.md):
# `validate` and `run` refuse them with the file and JSON path, nothing they carry runs, and no
# folder appears outside the test's own. Usage: security_cli_test.sh SPIKEGEN WORKDIR.
set -u
spikegen="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work/a/b/cwd"
cd "$work/a/b/cwd" || exit 1
export SPIKEGEN_GENERATED_DIR= SPIKEGEN_CACHE_DIR="$work/cache" OMP_WAIT_POLICY=PASSIVE
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# model FILE NETWORK_NAME NEURON_MODEL_NAME G: a one-projection network with a custom neuron model.
model() {
  cat >"$1" <<JSON
{"name": "$2", "dt": 0.1,
 "models": {"neurons": [{"name": "$3", "params": ["tau"], "vars": [{"name": "V", "initial": 0.0}],
                         "sim_code": "V += dt * (Isyn - V) / tau;", "threshold_code": "V > 1.0", "reset_code": "V = 0.0;"}]},
 "neuron_groups": [{"name": "A", "size": 10, "model": "$3", "params": {"tau": 10}}],
 "synapse_groups": [{"name": "AA", "source": "A", "target": "A",
   "weight_update": {"model": "StaticPulseConstantWeight", "params": {"g": $4}},
   "postsynaptic": {"model": "DeltaCurr"}, "connectivity": {"snippet": "OneToOne"}}]}
JSON
}

# expect_refused FILE TEXT: validate and run both fail, naming the file and containing TEXT.
expect_refused() {
  for command in validate run; do
    if [ "$command" = run ]; then
      message=$("$spikegen" run "$1" --backend cpu --duration 1ms --out "$work/out" 2>&1) && { fail "run $1 succeeded"; continue; }
    else
      message=$("$spikegen" validate "$1" 2>&1) && { fail "validate $1 succeeded"; continue; }
    fi
    case "$message" in
      *"$1: $2"*) printf "ok: spikegen %s: %s\n" "$command" "$message" ;;
      *) fail "spikegen $command $1: expected '$1: $2' in: $message" ;;
    esac
    case "$message" in *json.exception*) fail "a raw JSON library message: $message" ;; esac
  done
}

model ok.json ok Leaky 0.1
"$spikegen" validate ok.json >/dev/null || fail "the valid model does not validate"

model injected.json injected 'Leaky\nstatic int x = system(\"touch '"$work"'/marker\");\n//' 0.1
expect_refused injected.json "/models/neurons/0/name: the name 'Leaky\\nstatic int x = system("
[ ! -e "$work/marker" ] || fail "the injected code ran"

model escaped.json 'coba/../../../escaped' Leaky 0.1
expect_refused escaped.json "/name: the name 'coba/../../../escaped' contains '/'"

model overflow.json overflow Leaky 1e400
expect_refused overflow.json "/synapse_groups/0/weight_update/params/g: the number '1e400' is beyond the range of a double"

model huge.json huge Leaky 0.1
sed -i 's/"size": 10/"size": 4e9/' huge.json
expect_refused huge.json "/neuron_groups/0/size: 4000000000.0 is too large (at most 2147483647)"

found=$(find "$work" -name 'escaped' -o -name marker)
[ -z "$found" ] || fail "files outside the test's folders: $found"
[ ! -e "$work/out" ] || fail "a refused run left output in $work/out"
[ "$failures" = 0 ] || { echo "$failures failures"; exit 1; }
echo "all passed"
