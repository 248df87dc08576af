#!/bin/sh
# Builds the model-file fuzzer with clang (libFuzzer + ASan + UBSan) and runs it: the reader, the
# checks of `spikegen validate` and the writer, on mutated model files.
# Usage: tests/fuzz/run_fuzz_model_file.sh [runs] [seconds]   (defaults: 1000000 runs, 3600 seconds)
# Objects go to build-fuzz-model/ (compiled in parallel, reused while their source is unchanged);
# crashes are written there as crash-*/leak-*; the corpus grows in build-fuzz-model/corpus.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${1:-1000000}
SECONDS_TO_RUN=${2:-3600}
OUT=${FUZZ_OUT:-$ROOT/build-fuzz-model}
CXX=${CXX_FUZZ:-clang++}
FLAGS="-std=c++20 -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -I$ROOT"
mkdir -p "$OUT/obj" "$OUT/corpus"
# The RNG's device source, embedded as CMake does it (core/CMakeLists.txt).
cmake -DINPUT="$ROOT/core/rng/philox_device.inc" -DOUTPUT="$OUT/rng_device_source.cpp" -DSYMBOL=kRngDeviceSource \
    -P "$ROOT/cmake/EmbedText.cmake"
# Everything a model file reaches: no runtime, no backend.
for source in "$ROOT"/core/lang/*.cpp "$ROOT"/core/equations/*.cpp "$ROOT"/core/model/*.cpp "$ROOT"/core/io/*.cpp \
              "$ROOT"/core/codegen/*.cpp "$ROOT"/core/connectivity/*.cpp "$ROOT"/core/rng/*.cpp "$ROOT"/core/*.cpp \
              "$ROOT"/models/*.cpp "$ROOT"/models/networks/*.cpp "$ROOT"/tests/fuzz/fuzz_model_file.cpp \
              "$OUT/rng_device_source.cpp"; do
    object="$OUT/obj/$(basename "$(dirname "$source")")_$(basename "$source").o"
    [ "$object" -nt "$source" ] || echo "$source $object"
done | xargs -r -n 2 -P "$(nproc)" sh -c "$CXX $FLAGS -c \"\$0\" -o \"\$1\""
"$CXX" -fsanitize=fuzzer,address,undefined "$OUT"/obj/*.o -lspdlog -lfmt -o "$OUT/fuzz_model_file"
cp -n "$ROOT"/tests/fuzz/corpus_model_file/* "$OUT/corpus/" 2>/dev/null || true
cd "$OUT"
exec ./fuzz_model_file -runs="$RUNS" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -print_final_stats=1 \
    -dict="$ROOT/tests/fuzz/model_file.dict" corpus
