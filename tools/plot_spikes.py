#!/usr/bin/env python3
"""Spike raster and population rates of a `spikegen run` output directory.

    python3 tools/plot_spikes.py OUT_DIR [--max-neurons N]  ->  OUT_DIR/raster.png

Reads summary.json (populations, duration) and <group>_spike_times_ms.npy / <group>_spike_ids.npy.
Exits with 77 (the ctest skip code) when matplotlib is not installed.
"""
import argparse
import json
import os
import sys

SKIP = 77


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--max-neurons", type=int, default=500,
                        help="neurons per population shown in the raster (all are counted in the rates)")
    parser.add_argument("--bin-ms", type=float, default=5.0, help="bin width of the population rates")
    args = parser.parse_args()
    try:
        import matplotlib
        matplotlib.use("Agg")  # files only: no display needed
        import matplotlib.pyplot as plt
        import numpy as np
    except ImportError as e:
        print(f"plot_spikes: {e}; install matplotlib to plot", file=sys.stderr)
        return SKIP

    with open(os.path.join(args.out_dir, "summary.json")) as f:
        summary = json.load(f)
    populations = summary.get("populations", {})
    if not populations:
        print("plot_spikes: no spikes were recorded (run with --record spikes)", file=sys.stderr)
        return 1
    duration = float(summary["duration_ms"])

    fig, (raster, rates) = plt.subplots(2, 1, sharex=True, figsize=(10, 7),
                                        gridspec_kw={"height_ratios": [3, 1]})
    offset = 0
    bins = np.arange(0.0, duration + args.bin_ms, args.bin_ms)
    for index, (name, info) in enumerate(populations.items()):
        times = np.load(os.path.join(args.out_dir, f"{name}_spike_times_ms.npy"))
        ids = np.load(os.path.join(args.out_dir, f"{name}_spike_ids.npy"))
        size = int(info["size"])
        shown = min(size, args.max_neurons)
        keep = ids < shown
        colour = f"C{index}"
        raster.scatter(times[keep], ids[keep] + offset, s=1, color=colour, marker=".", linewidths=0,
                       label=f"{name} ({shown} of {size})")
        counts, _ = np.histogram(times, bins=bins)
        rate = counts / (size * args.bin_ms * 1e-3)  # Hz per neuron
        rates.step(bins[:-1], rate, where="post", color=colour, label=f"{name}: {info['rate_hz']:.1f} Hz mean")
        offset += shown
    raster.set_ylabel("neuron")
    raster.set_ylim(0, max(offset, 1))
    raster.legend(loc="upper right", markerscale=8)
    raster.set_title(f"{summary.get('network', '')} on {summary.get('backend', '')}, seed {summary.get('seed', '')}")
    rates.set_xlabel("time (ms)")
    rates.set_ylabel(f"rate (Hz, {args.bin_ms:g} ms bins)")
    rates.set_xlim(0, duration)
    rates.legend(loc="upper right")
    fig.tight_layout()
    path = os.path.join(args.out_dir, "raster.png")
    fig.savefig(path, dpi=100)
    print(f"written {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
