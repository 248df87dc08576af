#!/bin/sh
# benchmarks/run_matrix.sh on a tiny matrix: a backend that is not built is skipped with a message,
# the others run, and the records become a Markdown table with the command in every row.
# Usage: run_matrix_test.sh BUILD-DIR WORKDIR. Exits 77 (ctest skip) without python3 or the cpu backend.
set -u
build="$1"; work="$2"
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v python3 >/dev/null || { echo "no python3: skipped"; exit 77; }
"$build/tools/spikegen" backends | grep -q '^cpu' || { echo "cpu backend not built: skipped"; exit 77; }
rm -rf "$work"
export OMP_WAIT_POLICY=PASSIVE
"$root/benchmarks/run_matrix.sh" --build "$build" --out "$work" --networks coba --scale 0.05 --duration 10ms \
  --repeats 1 --threads 1 --backends "cpu no-such-backend" >"$work.log" 2>&1
status=$?
cat "$work.log"
[ $status = 0 ] || { echo "FAIL: run_matrix.sh exited $status"; exit 1; }
grep -q "no-such-backend: not built" "$work.log" || { echo "FAIL: no message about the missing backend"; exit 1; }
[ "$(wc -l <"$work/bench.jsonl")" = 1 ] || { echo "FAIL: expected one record"; exit 1; }
grep -q '^| coba ×0.05 |' "$work/bench.md" || { echo "FAIL: no coba row in bench.md"; exit 1; }
grep -q 'spikegen bench .*--network coba --scale 0.05 --backend cpu --threads 1`' "$work/bench.md" ||
  { echo "FAIL: the row does not say its command"; exit 1; }
echo "all passed"
