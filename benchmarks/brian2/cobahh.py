#!/usr/bin/env python3
"""Brian2 reference run of the COBAHH benchmark (Brette et al. 2007, benchmark 3) as in Brian2's
COBAHH example: 4000 Hodgkin-Huxley neurons (Traub-Miles), 3200 E / 800 I, p = 0.02,
conductance-based exponential synapses (we 6 nS, wi 67 nS, taue 5 ms, taui 10 ms, Ee 0 mV,
Ei -80 mV), v ~ N(-65, 5) mV, ge ~ N(40, 15) nS, gi ~ N(200, 120) nS, m = h = n = 0; exponential
Euler at dt = 0.1 ms; threshold v > -20 mV with a 3 ms refractory period (the example's). Prints
and writes the mean rates of E and I, for spikegen's `cobahh` network (docs/reference_models.md).

Runtime mode (numpy), so no compiler is needed; a second of biological time takes minutes.
Usage: cobahh.py [--seed 1] [--duration 1.0] [--out FILE.json]
"""
import argparse
import json
import time

from brian2 import (NeuronGroup, SpikeMonitor, Synapses, defaultclock, ms, mV, nS, prefs, run, second, seed,
                    siemens, cm, ufarad, msiemens, umetre)
import brian2
import numpy as np

EQUATIONS = """
dv/dt = (gl*(El-v) + ge*(Ee-v) + gi*(Ei-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK))/Cm : volt
dm/dt = alpha_m*(1-m) - beta_m*m : 1
dn/dt = alpha_n*(1-n) - beta_n*n : 1
dh/dt = alpha_h*(1-h) - beta_h*h : 1
dge/dt = -ge*(1./taue) : siemens
dgi/dt = -gi*(1./taui) : siemens
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=1.0, help="seconds")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    prefs.codegen.target = "numpy"
    seed(args.seed)
    defaultclock.dt = 0.1 * ms
    area = 20000 * umetre**2
    namespace = dict(Cm=(1 * ufarad * cm**-2) * area, gl=(5e-5 * siemens * cm**-2) * area, El=-60 * mV,
                     EK=-90 * mV, ENa=50 * mV, g_na=(100 * msiemens * cm**-2) * area,
                     g_kd=(30 * msiemens * cm**-2) * area, VT=-63 * mV, taue=5 * ms, taui=10 * ms, Ee=0 * mV,
                     Ei=-80 * mV, we=6 * nS, wi=67 * nS)
    P = NeuronGroup(4000, EQUATIONS, threshold="v>-20*mV", refractory=3 * ms, method="exponential_euler",
                    namespace=namespace)
    Pe, Pi = P[:3200], P[3200:]
    Ce = Synapses(Pe, P, on_pre="ge+=we", namespace=namespace)
    Ci = Synapses(Pi, P, on_pre="gi+=wi", namespace=namespace)
    Ce.connect(p=0.02)
    Ci.connect(p=0.02)
    P.v = "El + (randn() * 5 - 5)*mV"
    P.ge = "(randn() * 1.5 + 4) * 10.*nS"
    P.gi = "(randn() * 12 + 20) * 10.*nS"
    spikes = SpikeMonitor(P)
    start = time.time()
    run(args.duration * second, namespace=namespace)
    wall = time.time() - start
    i, t = np.asarray(spikes.i), np.asarray(spikes.t / ms)
    rate_e = np.sum(i < 3200) / 3200 / args.duration
    rate_i = np.sum(i >= 3200) / 800 / args.duration
    halves = [float(np.sum(t < 500.0 * args.duration) / 4000 / (args.duration / 2)),
              float(np.sum(t >= 500.0 * args.duration) / 4000 / (args.duration / 2))]
    result = dict(source="benchmarks/brian2/cobahh.py", brian2=brian2.__version__, seed=args.seed,
                  duration_s=args.duration, rate_e_hz=float(rate_e), rate_i_hz=float(rate_i),
                  rate_first_half_hz=halves[0], rate_second_half_hz=halves[1], synapses=int(len(Ce) + len(Ci)),
                  sim_wall_s=wall)
    print(json.dumps(result))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
