#!/bin/sh
# Builds the code-string language fuzzer with clang (libFuzzer + ASan + UBSan) and runs it.
# Usage: tests/fuzz/run_fuzz.sh [seconds] [jobs]      (defaults: 60 seconds, 1 job)
# Crashes are written to build-fuzz/ as crash-*/leak-*; the corpus grows in build-fuzz/corpus.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECONDS_TO_RUN=${1:-60}
JOBS=${2:-1}
OUT=${FUZZ_OUT:-$ROOT/build-fuzz}
CXX=${CXX_FUZZ:-clang++}
mkdir -p "$OUT/corpus"
"$CXX" -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$ROOT" "$ROOT"/core/lang/*.cpp "$ROOT/tests/fuzz/fuzz_lang.cpp" -o "$OUT/fuzz_lang"
cp -n "$ROOT"/tests/fuzz/corpus_lang/* "$OUT/corpus/" 2>/dev/null || true
cd "$OUT"
exec ./fuzz_lang -max_total_time="$SECONDS_TO_RUN" -max_len=512 -jobs="$JOBS" -workers="$JOBS" \
    -print_final_stats=1 -dict="$ROOT/tests/fuzz/lang.dict" corpus
