#!/usr/bin/env python3
"""Brian2 reference spike trains of the AdEx neuron (Brette & Gerstner 2005) in four firing
patterns of Naud et al. (2008), "Firing patterns in the adaptive exponential integrate-and-fire
model", Biol Cybern 99:335-347, Table 1 (tonic, adapting, initial burst, regular bursting), each
under a constant current from t = 0, for spikegen's test tests/conformance/equations_test.cpp.

The equations are spikegen's built-in AdEx (models/adex.cpp): V is capped at Vpeak inside the
right-hand sides; RK4 at dt = 0.1 ms, Vpeak = 0 mV; spike when V > Vpeak, then V = Vr, w += b.
Initial state V = EL, w = 0. Spike times are the start of the step whose threshold test passed
(Brian2's SpikeMonitor convention, which is also spikegen's).

Usage: adex_firing_patterns.py [--out adex_firing_patterns_reference.json]
"""
import argparse
import json

from brian2 import (NeuronGroup, SpikeMonitor, StateMonitor, defaultclock, ms, mV, nA, nF, uS, prefs, run,
                    start_scope)
import brian2

# Naud et al. 2008, Table 1, in spikegen's units (nF, uS, mV, ms, nA).
PATTERNS = {
    "tonic":         dict(C=0.2, gL=0.010, EL=-70.0, VT=-50.0, DeltaT=2.0, tauw=30.0, a=0.002, b=0.0, Vr=-58.0, I=0.5),
    "adapting":      dict(C=0.2, gL=0.012, EL=-70.0, VT=-50.0, DeltaT=2.0, tauw=300.0, a=0.002, b=0.06, Vr=-58.0, I=0.5),
    "initial_burst": dict(C=0.13, gL=0.018, EL=-58.0, VT=-50.0, DeltaT=2.0, tauw=150.0, a=0.004, b=0.12, Vr=-50.0, I=0.4),
    "bursting":      dict(C=0.2, gL=0.010, EL=-58.0, VT=-50.0, DeltaT=2.0, tauw=120.0, a=0.002, b=0.1, Vr=-46.0, I=0.21),
}
VPEAK = 0.0
DURATION_MS = 500.0

EQUATIONS = """
Vcapped = clip(v, -1*volt, Vpeak) : volt
dv/dt = (gL * (EL - Vcapped) + gL * DeltaT * exp((Vcapped - VT) / DeltaT) - w + I) / C : volt
dw/dt = (a * (Vcapped - EL) - w) / tauw : amp
"""


def run_pattern(p):
    start_scope()
    defaultclock.dt = 0.1 * ms
    namespace = dict(C=p["C"] * nF, gL=p["gL"] * uS, EL=p["EL"] * mV, VT=p["VT"] * mV, DeltaT=p["DeltaT"] * mV,
                     tauw=p["tauw"] * ms, a=p["a"] * uS, b=p["b"] * nA, Vr=p["Vr"] * mV, Vpeak=VPEAK * mV,
                     I=p["I"] * nA)
    group = NeuronGroup(1, EQUATIONS, threshold="v > Vpeak", reset="v = Vr; w += b", method="rk4",
                        namespace=namespace)
    group.v = namespace["EL"]
    group.w = 0 * nA
    spikes = SpikeMonitor(group)
    run(DURATION_MS * ms, namespace=namespace)
    return [round(float(t / ms), 6) for t in spikes.t]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="adex_firing_patterns_reference.json")
    args = parser.parse_args()
    prefs.codegen.target = "numpy"
    result = {"source": "benchmarks/brian2/adex_firing_patterns.py", "brian2": brian2.__version__,
              "dt_ms": 0.1, "duration_ms": DURATION_MS, "Vpeak_mV": VPEAK, "method": "rk4", "patterns": {}}
    for name, p in PATTERNS.items():
        times = run_pattern(p)
        result["patterns"][name] = dict(params=p, spike_times_ms=times)
        print(name, len(times), "spikes, first", times[:6])
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
