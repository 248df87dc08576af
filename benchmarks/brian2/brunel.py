#!/usr/bin/env python3
"""Brian2 reference run of Brunel (2000) model A (spikegen's brunel-* standard networks).

N_E = 10000, N_I = 2500 LIF neurons with delta synapses (V jumps by J = 0.1 mV or -g J after
D = 1.5 ms), tau = 20 ms, theta = 20 mV, V_r = 10 mV, refractory 2 ms, C_E = 1000 and C_I = 250
inputs per neuron (fixed in-degree, as in the paper, or --binomial for spikegen's independent
draws with probability 0.1), C_E external Poisson inputs of rate eta * nu_thr each (as one
PoissonInput). Prints rates, mean ISI CV and the synchrony measures of
tests/reference/brunel_test.cpp (coefficient of variation of the population count in 1 ms bins,
and its peak frequency). Usage: brunel.py G ETA [--scale S] [--duration SECONDS] [--binomial]
"""
import argparse
import numpy as np
from brian2 import (NeuronGroup, PoissonInput, Synapses, SpikeMonitor, run, defaultclock, seed,
                    ms, mV, Hz, prefs, set_device)

p = argparse.ArgumentParser()
p.add_argument("g", type=float)
p.add_argument("eta", type=float)
p.add_argument("--scale", type=float, default=1.0)
p.add_argument("--duration", type=float, default=0.4)
p.add_argument("--binomial", action="store_true")
p.add_argument("--seed", type=int, default=1)
p.add_argument("--build-dir", default="/tmp/brian2_brunel")
a = p.parse_args()
set_device("cpp_standalone", directory=a.build_dir)
seed(a.seed)
np.random.seed(a.seed)
defaultclock.dt = 0.1 * ms
NE, NI = int(round(10000 * a.scale)), int(round(2500 * a.scale))
CE, CI, J, D, tau, theta = 1000, 250, 0.1 * mV, 1.5 * ms, 20 * ms, 20 * mV
nu_thr = theta / (J * CE * tau)
G = NeuronGroup(NE + NI, "dv/dt = -v / tau : volt (unless refractory)", threshold="v >= theta",
                reset="v = 10*mV", refractory=2 * ms, method="exact")
G.v = "20*mV * rand()"
ext = PoissonInput(G, "v", CE, a.eta * nu_thr, weight=J)
for pre, w, C in ((slice(0, NE), J, CE), (slice(NE, NE + NI), -a.g * J, CI)):
    n_pre = pre.stop - pre.start
    S = Synapses(G[pre], G, on_pre="v += %r * mV" % float(w / mV), delay=D)
    if a.binomial:
        S.connect(p=C / n_pre)
    else:
        i = np.random.randint(0, n_pre, size=(NE + NI) * C)
        j = np.repeat(np.arange(NE + NI), C)
        S.connect(i=i, j=j)
M = SpikeMonitor(G)
run(a.duration * 1000 * ms)
t, i = np.asarray(M.t / ms), np.asarray(M.i)
t0, T = 100.0, a.duration * 1000
for name, lo, hi in (("E", 0, NE), ("I", NE, NE + NI)):
    m = (t >= t0) & (i >= lo) & (i < hi)
    tt, ii = t[m], i[m]
    N = hi - lo
    cvs = []
    for n in np.unique(ii):
        s = np.sort(tt[ii == n])
        if len(s) >= 3:
            d = np.diff(s)
            cvs.append(d.std() / d.mean())
    b = np.histogram(tt, bins=np.arange(t0, T + 1e-9, 1.0))[0]
    f = np.fft.rfftfreq(len(b), 1e-3)
    P = np.abs(np.fft.rfft(b - b.mean())) ** 2
    print("%s rate %.2f Hz, ISI CV %.3f, population CV (1 ms) %.3f, peak %.1f Hz" % (
        name, len(tt) / N / ((T - t0) / 1000), np.mean(cvs) if cvs else 0, b.std() / b.mean(), f[1 + np.argmax(P[1:])]))
