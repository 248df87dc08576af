#!/bin/sh
# Runs a short COBA simulation with the CLI and plots it: usage plot_test.sh SPIKEGEN PYTHON WORKDIR.
# Exits 77 (ctest skip) when PYTHON cannot import matplotlib.
set -e
spikegen="$1"; python="$2"; work="$3"
"$python" -c "import matplotlib" 2>/dev/null || { echo "matplotlib not importable by $python: skipped"; exit 77; }
rm -rf "$work"
"$spikegen" run coba --scale 0.1 --duration 200ms --backend cpu --out "$work"
"$python" "$(dirname "$0")/../../tools/plot_spikes.py" "$work"
test -s "$work/raster.png"
