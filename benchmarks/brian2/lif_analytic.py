#!/usr/bin/env python3
"""Analytic inter-spike interval of a LIF neuron under constant current.

    tau_m dV/dt = -(V - E_L) + R I,   V >= V_th -> spike, V <- V_reset,
    V clamped at V_reset for tau_ref after each spike.

With V_inf = E_L + R I > V_th the ISI is

    T = tau_ref + tau_m * ln((R I + E_L - V_reset) / (R I + E_L - V_th))

(derivation in docs/reference_models.md).  For V_inf <= V_th the neuron
never fires after its first reset (T = inf).

The script prints the analytic T for a few parameter sets and cross-checks
each against a direct time-stepped simulation (exact exponential
sub-threshold update, fine dt = 1 us, so discretisation error < 1 us, plus a
dt = 0.1 ms run with threshold tested on the grid, which shows the expected
rounding of T up to the grid).  "isi_brian2_dt0.1_expected_ms" is the ISI
that Brian2 produces for the same neuron at dt = 0.1 ms (checked against
Brian2 2.5.1 in runtime mode; see docs/reference_models.md).
Output: JSON on stdout.
"""

import json
import math


def isi_analytic(tau_m, E_L, V_th, V_reset, tau_ref, RI):
    v_inf = E_L + RI
    if v_inf <= V_th:
        return math.inf
    return tau_ref + tau_m * math.log((v_inf - V_reset) / (v_inf - V_th))


def isi_simulated(tau_m, E_L, V_th, V_reset, tau_ref, RI, dt, n_spikes=4,
                  t_max=2000.0):
    """Exact-exponential stepping; returns the mean of the ISIs after the
    first spike (which starts from V_reset, so every ISI is a full one)."""
    v_inf = E_L + RI
    decay = math.exp(-dt / tau_m)
    v = V_reset
    ref_steps = int(round(tau_ref / dt))
    ref_left = 0
    spikes = []
    n_steps = int(round(t_max / dt))
    for n in range(n_steps):
        if ref_left > 0:
            ref_left -= 1
            v = V_reset
            continue
        v = v_inf + (v - v_inf) * decay
        if v >= V_th:
            spikes.append((n + 1) * dt)
            v = V_reset
            ref_left = ref_steps
            if len(spikes) > n_spikes:
                break
    if len(spikes) < 2:
        return math.inf
    isis = [b - a for a, b in zip(spikes, spikes[1:])]
    return sum(isis) / len(isis)


EXAMPLES = [
    # name, tau_m (ms), E_L, V_th, V_reset (mV), tau_ref (ms), R*I (mV)
    ("CUBA neuron, no input (E_L=-49 above V_th)", 20.0, -49.0, -50.0, -60.0, 5.0, 0.0),
    ("CUBA neuron, no input, no refractoriness", 20.0, -49.0, -50.0, -60.0, 0.0, 0.0),
    ("COBA-like neuron, R=100 MOhm, I=0.25 nA", 20.0, -60.0, -50.0, -60.0, 5.0, 25.0),
    ("tau_m=10 ms, E_L=V_reset=-65, RI=20 mV, ref 2 ms", 10.0, -65.0, -50.0, -65.0, 2.0, 20.0),
    ("strong drive RI=100 mV", 20.0, -70.0, -50.0, -70.0, 2.0, 100.0),
    ("sub-threshold drive RI=9 mV (never fires)", 20.0, -60.0, -50.0, -60.0, 5.0, 9.0),
]


def main():
    rows = []
    for name, tau, el, vth, vr, tref, ri in EXAMPLES:
        T = isi_analytic(tau, el, vth, vr, tref, ri)
        fine = isi_simulated(tau, el, vth, vr, tref, ri, dt=0.001)
        coarse = isi_simulated(tau, el, vth, vr, tref, ri, dt=0.1)
        rows.append({
            "name": name, "tau_m_ms": tau, "E_L_mV": el, "V_th_mV": vth,
            "V_reset_mV": vr, "tau_ref_ms": tref, "RI_mV": ri,
            "isi_analytic_ms": None if math.isinf(T) else round(T, 6),
            "rate_analytic_hz": 0.0 if math.isinf(T) else round(1000.0 / T, 6),
            "isi_sim_dt0.001_ms": None if math.isinf(fine) else round(fine, 6),
            "isi_sim_dt0.1_ms": None if math.isinf(coarse) else round(coarse, 6),
            "isi_dt0.1_expected_ms": None if math.isinf(T) else
                round(tref + 0.1 * math.ceil((T - tref) / 0.1 - 1e-9), 6),
            # Brian2 (exact integration, refractory=tau_ref, "unless
            # refractory") holds v for tau_ref/dt - 1 updates after the
            # reset, so its discrete ISI is one step shorter when tau_ref > 0.
            "isi_brian2_dt0.1_expected_ms": None if math.isinf(T) else
                round(0.1 * math.ceil((T - tref) / 0.1 - 1e-9) + tref
                      - (0.1 if tref > 0 else 0.0), 6),
        })
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
