#!/usr/bin/env python3
"""Independent re-implementation of the flattened Dendrify model (plain numpy,
no Brian2 / Dendrify objects) written from the description in README.md, and a
comparison against the Brian2+Dendrify runs of dendrify_reference.py.

It checks that the written description (equations, constants, event
conditions, reset/event ordering, timers) is complete: event times must match
exactly and voltages to round-off.

Run:  /tmp/dendvenv/bin/python dendrify_flat_check.py
"""

import math
import sys
import tempfile

import numpy as np

# ---------------------------------------------------------------- constants
DT = 0.1                      # ms
PI = math.pi
CM = 1.0e-6                   # F/cm^2   (1 uF/cm^2)
GL = 40e-6                    # S/cm^2   (40 uS/cm^2)
RA = 150.0                    # ohm*cm
SCALE, SPINE = 2.8, 1.5       # spine factor only on dendrites


def area_cm2(length_um, diam_um, dend):
    return PI * (length_um * 1e-4) * (diam_um * 1e-4) * SCALE * (SPINE if dend else 1.0)


def r_cyl_ohm(length_um, diam_um):
    return 4.0 * RA * (length_um * 1e-4) / (PI * (diam_um * 1e-4) ** 2)


# units used below: mV, ms, nS, pF, pA  (nS*mV = pA, pA/pF = mV/ms)
A_S, A_P, A_D = area_cm2(25, 25, False), area_cm2(100, 2.5, True), area_cm2(100, 1, True)
C = np.array([A_S, A_P, A_D]) * CM * 1e12          # pF
GLK = np.array([A_S, A_P, A_D]) * GL * 1e9         # nS
G_SP = 15.0                                        # nS (given)
G_PD = 1e9 / ((r_cyl_ohm(100, 2.5) + r_cyl_ohm(100, 1)) / 2)   # nS, half cylinders
EL = -65.0
E_NA, E_K = 70.0, -89.0
VTH_D = -35.0
GRISE = {1: 22.0, 2: 9.0}
GFALL = {1: 14.0, 2: 5.7}
N_RISE, N_FALL, N_OFF, N_REF = 12, 24, 2, 50       # steps (1.2, 2.4, 0.2, 5 ms)
G_AMPA, TAU_AMPA, G_NMDA, TAU_NMDA = 3.0, 2.0, 3.0, 60.0
SOMA_TH, SOMA_RESET, SOMA_RESET2 = -40.0, 40.0, -55.0
N_WIDTH, N_SOMA_REF = 8, 40                         # steps (0.8, 4 ms)


def simulate(n_steps, iext, syn_steps=(), nmda=False):
    """iext(k) -> array of 3 currents (pA) for the update of step k.
    syn_steps: steps k at which one presynaptic spike arrives (s += 1 after
    the update of step k)."""
    V = np.full(3, EL)
    sA = sN = 0.0
    st = {1: 0.0, 2: 0.0}
    gate = {1: 0.0, 2: 0.0}
    lastspike = -10**9
    reset2_at = []
    syn_count = {}
    for k in syn_steps:
        syn_count[k] = syn_count.get(k, 0) + 1
    trace = np.empty((n_steps, 3))
    soma_sp, dsp = [], {1: [], 2: []}
    for k in range(n_steps):
        trace[k] = V                         # value at t_k (StateMonitor 'start')
        I = np.array(iext(k), dtype=float)
        # -- state update (forward Euler, all RHS from old values, step index k)
        not_ref = (k - lastspike) >= N_SOMA_REF
        gr = {c: GRISE[c] * (k <= st[c] + N_RISE) * gate[c] for c in (1, 2)}
        gf = {c: GFALL[c] * (st[c] + N_OFF <= k <= st[c] + N_OFF + N_FALL) * gate[c]
              for c in (1, 2)}
        Vs, Vp, Vd = V
        dVs = (GLK[0] * (EL - Vs) + I[0] + G_SP * (Vp - Vs)) / C[0]
        dVp = (GLK[1] * (EL - Vp) + I[1] + G_SP * (Vs - Vp) + G_PD * (Vd - Vp)
               + gr[1] * (E_NA - Vp) + gf[1] * (E_K - Vp)) / C[1]
        mg = 1.0 / (1.0 + math.exp(-0.062 * Vd) / 3.57)
        dVd = (GLK[2] * (EL - Vd) + I[2] + G_PD * (Vp - Vd)
               + G_AMPA * sA * (0.0 - Vd) + G_NMDA * sN * (0.0 - Vd) * mg
               + gr[2] * (E_NA - Vd) + gf[2] * (E_K - Vd)) / C[2]
        sA, sN = sA - DT * sA / TAU_AMPA, sN - DT * sN / TAU_NMDA
        V = V + DT * np.array([dVs, dVp, dVd])
        # -- thresholds (on post-update values)
        spike = V[0] > SOMA_TH and not_ref
        ev = {c: V[c] >= VTH_D and k >= st[c] + N_REF * gate[c] for c in (1, 2)}
        if spike:
            lastspike = k
            soma_sp.append(k)
            reset2_at.append(k + N_WIDTH)
        # -- synapses slot: delayed second reset, presynaptic input
        if k in reset2_at:
            V[0] = SOMA_RESET2
        n_in = syn_count.get(k, 0)
        if n_in:
            sA += n_in
            if nmda:
                sN += n_in
        # -- resets
        if spike:
            V[0] = SOMA_RESET
        # -- after_resets: dSpike event actions
        for c in (1, 2):
            if ev[c]:
                st[c] = float(k)
                gate[c] = 1.0
                dsp[c].append(k)
    return trace, soma_sp, dsp


def step_current(comp, amp):
    def f(k):
        out = [0.0, 0.0, 0.0]
        if 100 <= k < 1100:
            out[comp] = amp
        return out
    return f


PROTOCOLS = {
    "a_dist_step_60pA_subthreshold": (1600, step_current(2, 60), (), False),
    "b1_dist_step_110pA_dspikes_only": (1600, step_current(2, 110), (), False),
    "b2_dist_step_190pA_dspikes_and_soma": (1600, step_current(2, 190), (), False),
    "c_soma_step_150pA": (1600, step_current(0, 150), (), False),
    "d1_ampa_1_input_at_20ms": (1500, lambda k: [0, 0, 0], (200,), False),
    "d2_ampa_6_inputs_20.0_to_20.5ms": (1500, lambda k: [0, 0, 0],
                                        (200, 201, 202, 203, 204, 205), False),
    "e_ampa_nmda_6_inputs_20.0_to_20.5ms": (1500, lambda k: [0, 0, 0],
                                            (200, 201, 202, 203, 204, 205), True),
}


def main():
    sys.path.insert(0, __file__.rsplit("/", 1)[0] or ".")
    import dendrify_reference as R
    from brian2.units import ms, pA

    print(f"C = {C} pF, gL = {GLK} nS, g_sp = {G_SP} nS, g_pd = {G_PD:.9f} nS")
    ok = True
    tmp = tempfile.mkdtemp()
    for name, (n, iext, syn, nmda) in PROTOCOLS.items():
        trace, soma_sp, dsp = simulate(n, iext, syn, nmda)
        if syn:
            inputs = [k * 0.1 for k in syn]
            on_pre = "s_AMPA_x_dist += 1" + ("; s_NMDA_x_dist += 1" if nmda else "")
            ref = R.run_protocol(name, inputs=inputs, on_pre=on_pre,
                                 duration=n * DT * ms, trace_dir=tmp)
        else:
            comp = ["I_ext_soma", "I_ext_prox", "I_ext_dist"][
                int(np.nonzero(iext(500))[0][0])]
            amp = max(iext(500))
            ref = R.run_protocol(name, stim_segments=[(10 * ms, {}),
                                                      (100 * ms, {comp: amp * pA}),
                                                      (50 * ms, {})],
                                 trace_dir=tmp)
        bt = np.loadtxt(f"{tmp}/{name}.csv", delimiter=",", skiprows=1)
        dv = np.max(np.abs(bt[:, 1:] - trace))
        same = ([round(k * DT, 1) for k in soma_sp] == ref["soma_spike_times_ms"]
                and [round(k * DT, 1) for k in dsp[1]] == ref["dspike_times_ms"]["prox"]
                and [round(k * DT, 1) for k in dsp[2]] == ref["dspike_times_ms"]["dist"])
        ok &= same and dv < 1e-6
        print(f"{name:40s} events identical: {same}   max|dV| = {dv:.3e} mV")
    print("FLAT MODEL MATCHES BRIAN2/DENDRIFY" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
