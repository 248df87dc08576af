#!/usr/bin/env python3
"""Reference numbers for a Dendrify-style reduced compartmental neuron.

Builds a 3-compartment neuron (soma -- prox -- dist, a chain) with the real
Dendrify package on top of Brian2 and runs a handful of deterministic
protocols (current steps into a dendrite / the soma, synaptic input onto the
distal dendrite).  Everything it measures is printed as one JSON document on
stdout, so spikegen's compartment feature can be checked against it.

The model is adapted from Dendrify's documented "back-propagating dSpikes"
example (same global membrane parameters, same dSpike kinetics); the trunk
compartment of that example is used as `prox` and its proximal dendrite as
`dist`.  soma-prox coupling is given explicitly (15 nS), prox-dist coupling is
computed by Dendrify ('half_cylinders' rule) so both code paths are exercised.

Run:  /tmp/dendvenv/bin/python dendrify_reference.py [--out FILE] [--traces DIR]
      [--show-model]
(see README.md for the virtual environment).
"""

import argparse
import json
import os
import sys

import numpy as np

import brian2 as b
from brian2.units import cm, ms, mV, nS, ohm, pA, pF, second, uF, um, uS, volt

import dendrify
from dendrify import Dendrite, NeuronModel, Soma

b.prefs.codegen.target = "numpy"   # no compiler needed
b.BrianLogger.log_level_error()

DT = 0.1 * ms
METHOD = "euler"

# Somatic spiking (passed to make_neurongroup, as in Dendrify's examples)
SOMA_THRESHOLD = "V_soma > -40*mV"
SOMA_RESET = "V_soma = 40*mV"
SOMA_SECOND_RESET = "V_soma = -55*mV"
SOMA_SPIKE_WIDTH = 0.8 * ms
SOMA_REFRACTORY = 4 * ms

# Synapses on the distal dendrite
G_AMPA = 3 * nS
TAU_AMPA = 2 * ms
G_NMDA = 3 * nS
TAU_NMDA = 60 * ms

COMPS = ("soma", "prox", "dist")
DENDS = ("prox", "dist")


def build_model():
    """Create a fresh NeuronModel (Dendrify copies compartments internally,
    but dspikes()/synapse() may be called only once per object)."""
    b.defaultclock.dt = DT  # dSpike timings are converted to steps with this dt
    soma = Soma("soma", model="leakyIF", length=25 * um, diameter=25 * um)
    prox = Dendrite("prox", length=100 * um, diameter=2.5 * um)
    dist = Dendrite("dist", length=100 * um, diameter=1 * um)

    prox.dspikes("Na", g_rise=22 * nS, g_fall=14 * nS)
    dist.dspikes("Na", g_rise=9 * nS, g_fall=5.7 * nS)

    dist.synapse("AMPA", tag="x", g=G_AMPA, t_decay=TAU_AMPA)
    dist.synapse("NMDA", tag="x", g=G_NMDA, t_decay=TAU_NMDA)

    model = NeuronModel(
        [(soma, prox, 15 * nS), (prox, dist, "half_cylinders")],
        cm=1 * uF / cm**2, gl=40 * uS / cm**2, v_rest=-65 * mV,
        r_axial=150 * ohm * cm, scale_factor=2.8, spine_factor=1.5)
    model.config_dspikes("Na", threshold=-35 * mV,
                         duration_rise=1.2 * ms, duration_fall=2.4 * ms,
                         offset_fall=0.2 * ms, refractory=5 * ms,
                         reversal_rise="E_Na", reversal_fall="E_K")
    return model


def make_group(model):
    group, ap_reset = model.make_neurongroup(
        1, method=METHOD, threshold=SOMA_THRESHOLD, reset=SOMA_RESET,
        second_reset=SOMA_SECOND_RESET, spike_width=SOMA_SPIKE_WIDTH,
        refractory=SOMA_REFRACTORY)
    return group, ap_reset


def _plain(value):
    """Quantity -> (float in a readable unit, unit string)."""
    if isinstance(value, b.Quantity):
        dim = value.dim
        for unit, name in ((pF, "pF"), (nS, "nS"), (mV, "mV"), (ms, "ms")):
            if dim == unit.dim:
                return [float(value / unit), name]
        return [float(value), str(dim)]
    return [float(value), "1"]


def describe_model(model):
    return {
        "equations": model.equations,
        "events": model.events,
        "event_actions": model.event_actions,
        "namespace": {k: _plain(v) for k, v in sorted(model.parameters.items())},
    }


def run_protocol(name, stim_segments=None, inputs=None, on_pre=None,
                 duration=None, trace_dir=None):
    """Run one protocol on a fresh neuron.

    stim_segments: list of (t_length, {var: current}) run back to back; the
        currents are held constant over each segment (so a current set at the
        start of a segment is seen by the state update of the first step of the
        segment).
    inputs/on_pre: presynaptic spike times (each one a separate source) and the
        on_pre statement of the Synapses onto the neuron (delay 0).
    """
    model = build_model()
    group, ap_reset = make_group(model)

    # 'start' slot: value at t_k after everything of step k-1 (incl. resets)
    mon = b.StateMonitor(group, ["V_soma", "V_prox", "V_dist"], record=0,
                         when="start")
    # 'after_groups': value right after the state update, i.e. what the
    # thresholds of the same step see (used for threshold margins)
    mon_ag = b.StateMonitor(
        group, ["V_soma", "V_prox", "V_dist", "not_refractory",
                "spiketime_Na_prox", "gate_Na_prox",
                "spiketime_Na_dist", "gate_Na_dist"],
        record=0, when="after_groups")
    spk = b.SpikeMonitor(group)
    ev = {d: b.EventMonitor(group, f"spike_Na_{d}") for d in DENDS}
    objs = [group, ap_reset, mon, mon_ag, spk, *ev.values()]

    if inputs is not None:
        n_in = len(inputs)
        src = b.SpikeGeneratorGroup(n_in, np.arange(n_in),
                                    np.asarray(inputs) * ms)
        syn = b.Synapses(src, group, on_pre=on_pre)
        syn.connect()
        objs += [src, syn]

    net = b.Network(*objs)
    if stim_segments:
        for length, currents in stim_segments:
            for var in ("I_ext_soma", "I_ext_prox", "I_ext_dist"):
                setattr(group, var, currents.get(var, 0 * pA))
            net.run(length)
    else:
        net.run(duration)

    t = np.asarray(mon.t / ms)
    V = {c: np.asarray(getattr(mon, f"V_{c}")[0] / mV) for c in COMPS}
    steps = np.rint(t / float(DT / ms)).astype(int)

    res = {}
    res["soma_spike_times_ms"] = [round(float(x), 1) for x in spk.t / ms]
    res["dspike_times_ms"] = {d: [round(float(x), 1) for x in ev[d].t / ms]
                              for d in DENDS}
    # peaks over the recorded trace (values at t_k = k*dt, k = 0..N-1)
    res["peak_mV"] = {c: round(float(V[c].max()), 4) for c in COMPS}
    res["peak_time_ms"] = {c: round(float(t[np.argmax(V[c])]), 1)
                           for c in COMPS}
    # per-event peak of the compartment that fired, in [t_ev, t_ev + 5 ms]
    per_event = {}
    for d in DENDS:
        lst = []
        for te in ev[d].t / ms:
            k0 = int(round(te / float(DT / ms)))
            w = (steps >= k0) & (steps <= k0 + 50)
            k = np.argmax(V[d][w])
            lst.append([round(float(t[w][k]), 1), round(float(V[d][w][k]), 4)])
        per_event[d] = lst
    res["dspike_peaks_[t_ms,V_mV]"] = per_event
    # for somatic spikes: peak in each dendrite within [t_sp, t_sp + 4 ms]
    bap = []
    for ts in spk.t / ms:
        k0 = int(round(ts / float(DT / ms)))
        w = (steps >= k0) & (steps <= k0 + 40)
        entry = {"t_spike_ms": round(float(ts), 1)}
        for d in DENDS:
            k = np.argmax(V[d][w])
            entry[d] = [round(float(t[w][k]), 1), round(float(V[d][w][k]), 4)]
        bap.append(entry)
    res["bap_peaks_[t_ms,V_mV]"] = bap

    # values at a few fixed times (value at t_k, i.e. 'start' slot)
    samples = {}
    for ts in (9.9, 20.0, 30.0, 60.0, 109.9, 159.9):
        k = int(round(ts / float(DT / ms)))
        idx = np.nonzero(steps == k)[0]
        if len(idx):
            samples[f"{ts:.1f}"] = {c: round(float(V[c][idx[0]]), 4)
                                    for c in COMPS}
    res["V_at_t_mV"] = samples

    # threshold margins: smallest |V - threshold| over all steps at which the
    # condition was actually evaluated with the other clause true
    Vag = {c: np.asarray(getattr(mon_ag, f"V_{c}")[0] / mV) for c in COMPS}
    k_ag = np.rint(np.asarray(mon_ag.t / ms) / float(DT / ms))
    margins = {}
    nr = np.asarray(mon_ag.not_refractory[0]).astype(bool)
    margins["soma(-40, strict >)"] = round(
        float(np.min(np.abs(Vag["soma"][nr] + 40.0))), 6)
    for d in DENDS:
        st = np.asarray(getattr(mon_ag, f"spiketime_Na_{d}")[0])
        gt = np.asarray(getattr(mon_ag, f"gate_Na_{d}")[0])
        elig = k_ag >= st + 50 * gt
        margins[f"{d}(-35, >=)"] = round(
            float(np.min(np.abs(Vag[d][elig] + 35.0))), 6)
    res["threshold_margin_mV"] = margins

    if trace_dir:
        os.makedirs(trace_dir, exist_ok=True)
        arr = np.column_stack([t] + [V[c] for c in COMPS])
        np.savetxt(os.path.join(trace_dir, f"{name}.csv"), arr,
                   delimiter=",", fmt="%.15g",
                   header="t_ms,V_soma_mV,V_prox_mV,V_dist_mV", comments="")
    return res


def passive_steady_state(model, comp, amp_pA):
    """Analytic steady state of the passive (no dSpike) network for a DC
    current into `comp` -- a cross-check of the Euler traces."""
    p = model.parameters
    gL = [float(p[f"gL_{c}"] / nS) for c in COMPS]
    gsp = float(p["g_soma_prox"] / nS)
    gpd = float(p["g_dist_prox"] / nS)
    A = np.array([[gL[0] + gsp, -gsp, 0.0],
                  [-gsp, gL[1] + gsp + gpd, -gpd],
                  [0.0, -gpd, gL[2] + gpd]])
    rhs = np.zeros(3)
    rhs[COMPS.index(comp)] = amp_pA          # pA / nS = mV
    dv = np.linalg.solve(A, rhs)
    return {c: round(-65.0 + float(dv[i]), 4) for i, c in enumerate(COMPS)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--traces", metavar="DIR",
                    help="also write per-protocol V traces as CSV here")
    ap.add_argument("--out", metavar="FILE",
                    help="also write the JSON to FILE (e.g. dendrify_reference.json)")
    ap.add_argument("--show-model", action="store_true",
                    help="include equations/namespace in the JSON")
    args = ap.parse_args()

    model = build_model()
    out = {
        "source": "benchmarks/brian2/dendrify/dendrify_reference.py",
        "versions": {"python": sys.version.split()[0],
                     "brian2": b.__version__,
                     "dendrify": dendrify.__version__,
                     "numpy": np.__version__},
        "settings": {"dt_ms": float(DT / ms), "method": METHOD,
                     "codegen_target": b.prefs.codegen.target,
                     "soma_threshold": SOMA_THRESHOLD,
                     "soma_reset": SOMA_RESET,
                     "soma_second_reset": SOMA_SECOND_RESET,
                     "soma_spike_width_ms": float(SOMA_SPIKE_WIDTH / ms),
                     "soma_refractory_ms": float(SOMA_REFRACTORY / ms)},
    }
    if args.show_model:
        out["model"] = describe_model(model)
    else:
        out["namespace"] = {k: _plain(v)
                            for k, v in sorted(model.parameters.items())}

    def step(var, amp):
        return [(10 * ms, {}), (100 * ms, {var: amp * pA}), (50 * ms, {})]

    six = [20.0, 20.1, 20.2, 20.3, 20.4, 20.5]
    protocols = {
        "a_dist_step_60pA_subthreshold": dict(stim_segments=step("I_ext_dist", 60)),
        "b1_dist_step_110pA_dspikes_only": dict(stim_segments=step("I_ext_dist", 110)),
        "b2_dist_step_190pA_dspikes_and_soma": dict(stim_segments=step("I_ext_dist", 190)),
        "c_soma_step_150pA": dict(stim_segments=step("I_ext_soma", 150)),
        "d1_ampa_1_input_at_20ms": dict(inputs=[20.0], on_pre="s_AMPA_x_dist += 1",
                                         duration=150 * ms),
        "d2_ampa_6_inputs_20.0_to_20.5ms": dict(
            inputs=six, on_pre="s_AMPA_x_dist += 1", duration=150 * ms),
        "e_ampa_nmda_6_inputs_20.0_to_20.5ms": dict(
            inputs=six, on_pre="s_AMPA_x_dist += 1; s_NMDA_x_dist += 1",
            duration=150 * ms),
    }
    out["protocols"] = {}
    for name, kw in protocols.items():
        out["protocols"][name] = run_protocol(name, trace_dir=args.traces, **kw)

    out["passive_steady_state_mV"] = {
        "dist_60pA": passive_steady_state(model, "dist", 60.0),
        "soma_60pA": passive_steady_state(model, "soma", 60.0),
    }
    text = json.dumps(out, indent=1) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text)


if __name__ == "__main__":
    main()
