#!/usr/bin/env python3
"""Brian2 reference spike trains of one Hodgkin-Huxley neuron with the Traub-Miles channels of
Brian2's COBAHH example (Brette et al. 2007, benchmark 3) under a step current, for spikegen's test
tests/conformance/equations_test.cpp (the built-in HodgkinHuxley model, models/hodgkin_huxley.cpp).

Area 20,000 um^2: C 0.2 nF, gL 0.01 uS, EL -60 mV, EK -90 mV, ENa 50 mV, gNa 20 uS, gK 6 uS,
VT -63 mV. Exponential Euler at dt = 0.1 ms; a spike is v rising above -20 mV (refractory while
v > -20 mV, as spikegen's model). Initial state v = EL, m = h = n = 0 (as in COBAHH). The current
steps from 0 to I in the first step whose start t exceeds 20.05 ms and stays on to the end (200 ms).

Usage: hh_step_current.py [--out hh_step_current_reference.json]
"""
import argparse
import json

from brian2 import NeuronGroup, SpikeMonitor, defaultclock, ms, mV, nA, nF, uS, prefs, run, start_scope
import brian2

AMPLITUDES_NA = [0.1, 0.3, 1.0]
ONSET_MS = 20.05
DURATION_MS = 200.0

EQUATIONS = """
dv/dt = (gL * (EL - v) - gNa * m**3 * h * (v - ENa) - gK * n**4 * (v - EK) + I_inj) / C : volt
dm/dt = alpha_m * (1 - m) - beta_m * m : 1
dn/dt = alpha_n * (1 - n) - beta_n * n : 1
dh/dt = alpha_h * (1 - h) - beta_h * h : 1
alpha_m = 0.32 * 4 / exprel((13*mV - v + VT) / (4*mV)) / ms : Hz
beta_m = 0.28 * 5 / exprel((v - VT - 40*mV) / (5*mV)) / ms : Hz
alpha_h = 0.128 * exp((17*mV - v + VT) / (18*mV)) / ms : Hz
beta_h = 4. / (1 + exp((40*mV - v + VT) / (5*mV))) / ms : Hz
alpha_n = 0.032 * 5 / exprel((15*mV - v + VT) / (5*mV)) / ms : Hz
beta_n = .5 * exp((10*mV - v + VT) / (40*mV)) / ms : Hz
I_inj = amplitude * int(t > onset) : amp
above : boolean
"""


def run_amplitude(amplitude):
    start_scope()
    defaultclock.dt = 0.1 * ms
    namespace = dict(C=0.2 * nF, gL=0.01 * uS, EL=-60 * mV, EK=-90 * mV, ENa=50 * mV, gNa=20 * uS, gK=6 * uS,
                     VT=-63 * mV, amplitude=amplitude * nA, onset=ONSET_MS * ms)
    group = NeuronGroup(1, EQUATIONS, threshold="v > -20*mV and not above", reset="above = True",
                        method="exponential_euler", namespace=namespace)
    # One spike per action potential: 'above' is cleared once v is back below -20 mV.
    group.run_regularly("above = above and v > -20*mV", when="before_thresholds")
    group.v = -60 * mV
    spikes = SpikeMonitor(group)
    run(DURATION_MS * ms, namespace=namespace)
    return [round(float(t / ms), 6) for t in spikes.t]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="hh_step_current_reference.json")
    args = parser.parse_args()
    prefs.codegen.target = "numpy"
    result = {"source": "benchmarks/brian2/hh_step_current.py", "brian2": brian2.__version__, "dt_ms": 0.1,
              "onset_ms": ONSET_MS, "duration_ms": DURATION_MS, "method": "exponential_euler", "runs": []}
    for amplitude in AMPLITUDES_NA:
        times = run_amplitude(amplitude)
        result["runs"].append(dict(I_nA=amplitude, spike_times_ms=times))
        print(amplitude, "nA:", len(times), "spikes, first", times[:6])
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
