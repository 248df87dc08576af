#!/usr/bin/env python3
"""Reference spike times of a single Izhikevich (2003) regular-spiking neuron.

Plain numpy/float64 integration (no Brian), used by spikegen's tests to
compare the first spike times of its Izhikevich model against a reference.

Model (Izhikevich 2003, "Simple model of spiking neurons"):
    dv/dt = 0.04 v^2 + 5 v + 140 - u + I        (v in mV, t in ms)
    du/dt = a (b v - u)
    if v >= 30 mV:  v <- c,  u <- u + d
Regular spiking (RS): a = 0.02, b = 0.2, c = -65, d = 8.
Initial state: v = -65, u = b*v = -13.  Constant input I from t = 0.

Integration schemes (one "step" advances the state from t_n = n*dt to
t_{n+1} = (n+1)*dt):
  euler      forward Euler on both variables with the whole dt; u uses the
             OLD v:   v' = v + dt f(v,u);  u' = u + dt a (b v - u)
  izh2003    Izhikevich's 2003 scheme (also GeNN's NeuronModels::Izhikevich):
             two sub-steps of dt/2 for v, then one step of dt for u using the
             NEW v:   v += dt/2 f(v,u);  v += dt/2 f(v,u);  u += dt a (b v - u)
             (for dt = 1 ms these are the paper's two 0.5 ms sub-steps)
  precise    (reference only) adaptive RK45 with event location (scipy,
             rtol 1e-10), i.e. the continuous-time spike times.

After each step, if v >= 30 a spike is emitted and v <- c, u <- u + d
(equivalent to Izhikevich's MATLAB code and GeNN, which apply the reset at
the start of the next step, before integrating).

Spike-time conventions in the JSON (both are given for every run):
  spike_times_ms        t_{n+1}: the grid time at which v >= 30 was reached
                        (Izhikevich's net.m records this time).
  spike_times_step_start_ms
                        t_n = t_{n+1} - dt: the start of the step in which
                        the crossing happened (what Brian2's SpikeMonitor and
                        GeNN record, as they stamp spikes with the time at the
                        beginning of the step).

Every discrete run is done in float64 (the reference) and, for information,
again in float32: "float32_spike_times_ms" and "float32_agrees_first_n" (how
many leading spikes are identical) show how sensitive each case is to
rounding.  With dt = 1 ms the v update overshoots far above 30 mV in the
crossing step, and that overshoot (which feeds u) amplifies rounding
differences, so only the first few spikes of the dt = 1 ms izh2003 runs are
robust.

Usage: izhikevich_rs.py [--out FILE.json] [--n-spikes 10]
The committed output is izhikevich_rs_reference.json beside this file.
"""

import argparse
import json
import math
import sys

import numpy as np

RS = {"a": 0.02, "b": 0.2, "c": -65.0, "d": 8.0}
V_PEAK = 30.0
V0 = -65.0


def f_v(v, u, I):
    return 0.04 * v * v + 5.0 * v + 140.0 - u + I


def simulate(scheme, I, dt, n_spikes, t_max=2000.0, p=RS, dtype=np.float64):
    """Returns (spike end-of-step times, start-of-step times, margins).

    margins[k] = min over the crossing step and the step before it of
    |v - 30| (how close the spike decision itself was to the threshold).
    All arithmetic is done in `dtype` (numpy scalars).
    """
    F = dtype
    a, b, c, d = F(p["a"]), F(p["b"]), F(p["c"]), F(p["d"])
    I = F(I)
    v = F(V0)
    u = F(p["b"] * V0)
    dtf = F(dt)
    k140, k5, k004, half, peak = F(140.0), F(5.0), F(0.04), F(0.5), F(V_PEAK)

    def fv(v, u):
        return k004 * v * v + k5 * v + k140 - u + I
    steps = int(round(t_max / dt))
    spike_steps = []
    margins = []
    prev_margin = float("inf")
    with np.errstate(over="ignore", invalid="ignore"):
        for n in range(steps):
            if scheme == "euler":
                dv = fv(v, u)
                du = a * (b * v - u)
                v = v + dtf * dv
                u = u + dtf * du
            elif scheme == "izh2003":
                h = dtf * half
                v = v + h * fv(v, u)
                v = v + h * fv(v, u)
                u = u + dtf * (a * (b * v - u))
            else:
                raise ValueError(scheme)
            if not math.isfinite(float(v)):
                v = F(np.inf)
            margin = abs(float(v) - V_PEAK)
            if v >= peak:
                spike_steps.append(n)
                margins.append(round(min(margin, prev_margin), 6))
                v = c
                u = u + d
                prev_margin = float("inf")
                if len(spike_steps) >= n_spikes:
                    break
            else:
                prev_margin = margin
    ends = [round((n + 1) * float(dt), 10) for n in spike_steps]
    starts = [round(n * float(dt), 10) for n in spike_steps]
    return ends, starts, margins


def simulate_precise(I, n_spikes, t_max=2000.0, p=RS):
    from scipy.integrate import solve_ivp
    a, b, c, d = p["a"], p["b"], p["c"], p["d"]

    def rhs(t, y):
        return [f_v(y[0], y[1], I), a * (b * y[0] - y[1])]

    def ev(t, y):
        return y[0] - V_PEAK
    ev.terminal = True
    ev.direction = 1

    t0, y = 0.0, [V0, b * V0]
    spikes = []
    while len(spikes) < n_spikes and t0 < t_max:
        sol = solve_ivp(rhs, (t0, t_max), y, method="RK45", events=ev,
                        rtol=1e-10, atol=1e-10, max_step=0.5)
        if sol.t_events[0].size == 0:
            break
        ts = float(sol.t_events[0][0])
        us = float(sol.y_events[0][0][1])
        spikes.append(round(ts, 6))
        t0, y = ts, [c, us + d]
    return spikes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=None)
    ap.add_argument("--n-spikes", type=int, default=10)
    args = ap.parse_args()

    runs = []
    for I in (5.0, 10.0, 15.0):
        for dt in (0.1, 1.0):
            for scheme in ("euler", "izh2003"):
                ends, starts, _ = simulate(scheme, I, dt, args.n_spikes)
                ends32, _, _ = simulate(scheme, I, dt, args.n_spikes,
                                        dtype=np.float32)
                agree = 0
                for x, y in zip(ends, ends32):
                    if abs(x - y) > 1e-9:
                        break
                    agree += 1
                runs.append({
                    "I": I, "dt_ms": dt, "scheme": scheme,
                    "dtype": "float64",
                    "spike_times_ms": ends,
                    "spike_times_step_start_ms": starts,
                    "float32_spike_times_ms": ends32,
                    "float32_agrees_first_n": agree,
                })
        runs.append({
            "I": I, "dt_ms": None, "scheme": "precise", "dtype": "float64",
            "spike_times_ms": simulate_precise(I, args.n_spikes),
        })

    out = {
        "description": "First spike times of an Izhikevich (2003) RS neuron "
                       "under constant input; see izhikevich_rs.py docstring "
                       "for the schemes and the spike-time conventions.",
        "generator": "benchmarks/brian2/izhikevich_rs.py",
        "params": dict(RS, v_peak=V_PEAK, v0=V0, u0=RS["b"] * V0),
        "n_spikes": args.n_spikes,
        "runs": runs,
    }
    text = json.dumps(out, indent=1)
    print(text)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
