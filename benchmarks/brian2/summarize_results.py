#!/usr/bin/env python3
"""Print markdown tables of the JSON results in benchmarks/brian2/results/.

Usage: summarize_results.py [RESULTS_DIR]
"""

import glob
import json
import os
import sys


def load(d):
    rows = []
    for f in sorted(glob.glob(os.path.join(d, "*.json"))):
        with open(f) as fh:
            r = json.load(fh)
        r["_file"] = os.path.basename(f)
        rows.append(r)
    return rows


def fmt(x, nd=2):
    if x is None:
        return "-"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return ("%%.%df" % nd) % x
    return str(x)


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "results")
    rows = load(d)
    print("| file | net | init | thr | seed | T (s) | exc Hz | inh Hz | CV ISI "
          "| frac active | died | last spike (s) | sim wall min (s) | all (s) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in sorted(rows, key=lambda r: (r["network"], r.get("kick") is not None,
                                         r.get("g_init_scale", 1.0),
                                         r["duration_s"], r["threads"], r["seed"])):
        init = "paper"
        if r.get("kick") is not None:
            init = "kick %d" % r["kick"]
        elif r.get("g_init_scale", 1.0) != 1.0:
            init = "g x %g" % r["g_init_scale"]
        print("| %s | %s | %s | %d | %d | %g | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["_file"], r["network"], init, r["threads"], r["seed"],
            r["duration_s"], fmt(r["rate_exc_hz"]), fmt(r["rate_inh_hz"]),
            fmt(r["cv_isi_mean"]), fmt(r["fraction_active"], 3), fmt(r["died"]),
            fmt(r["last_spike_s"], 4), fmt(r["sim_wall_s"], 3),
            ", ".join("%.3f" % x for x in r["sim_wall_s_all"])))


if __name__ == "__main__":
    main()
