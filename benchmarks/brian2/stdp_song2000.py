"""Brian2 reference of spikegen's stdp-song2000 network: Brian2's STDP example (Song, Miller &
Abbott 2000), written here with the same parameters as models/networks/stdp_song2000.cpp.

1000 Poisson inputs at 15 Hz, one conductance-based LIF neuron, additive all-to-all STDP with a
5 % depression bias, weights uniform in [0, gmax] at the start. Prints (and writes with --out) a
JSON record: the histogram of w / gmax in 20 bins after the run, the fractions of weights below
0.1 gmax and above 0.9 gmax, and the output neuron's rate.

    python3 stdp_song2000.py --duration 100 --seed 1 --out results/stdp_song2000_s1.json
"""

import argparse
import json
import time

import numpy as np
from brian2 import (ms, mV, Hz, second, NeuronGroup, PoissonGroup, Synapses, SpikeMonitor, run, seed,
                    defaultclock, prefs)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--duration", type=float, default=100.0, help="seconds of biological time")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=str, default=None)
    args = p.parse_args()
    seed(args.seed)
    prefs.codegen.target = "cython"
    defaultclock.dt = 0.1 * ms

    N, F, gmax = 1000, 15 * Hz, 0.01
    taum, taue, taupre, taupost = 10 * ms, 5 * ms, 20 * ms, 20 * ms
    Ee, vt, vr, El = 0 * mV, -54 * mV, -60 * mV, -74 * mV
    dApre = 0.01 * gmax
    dApost = -dApre * taupre / taupost * 1.05

    neuron = NeuronGroup(1, """dv/dt = (ge * (Ee - v) + El - v) / taum : volt
                               dge/dt = -ge / taue : 1""",
                         threshold="v > vt", reset="v = vr", method="euler")
    neuron.v = vr
    inputs = PoissonGroup(N, rates=F)
    S = Synapses(inputs, neuron,
                 """w : 1
                    dApre/dt = -Apre / taupre : 1 (event-driven)
                    dApost/dt = -Apost / taupost : 1 (event-driven)""",
                 on_pre="""ge += w
                           Apre += dApre
                           w = clip(w + Apost, 0, gmax)""",
                 on_post="""Apost += dApost
                            w = clip(w + Apre, 0, gmax)""")
    S.connect()
    S.w = "rand() * gmax"
    spikes = SpikeMonitor(neuron)
    start = time.time()
    run(args.duration * second)
    wall = time.time() - start

    w = np.asarray(S.w) / gmax
    histogram, _ = np.histogram(w, bins=20, range=(0.0, 1.0))
    record = {
        "network": "stdp-song2000", "simulator": "brian2 (cython runtime)", "seed": args.seed,
        "duration_s": args.duration, "dt_ms": 0.1,
        "w_over_gmax_histogram_20_bins": histogram.tolist(),
        "fraction_below_0.1_gmax": float(np.mean(w < 0.1)),
        "fraction_above_0.9_gmax": float(np.mean(w > 0.9)),
        "mean_w_over_gmax": float(np.mean(w)),
        "output_rate_hz": spikes.num_spikes / args.duration,
        "wall_s": wall,
    }
    text = json.dumps(record, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
