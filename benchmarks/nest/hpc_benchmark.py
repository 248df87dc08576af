#!/usr/bin/env python3
"""NEST reference of spikegen's `hpc` and `hpc-stdp` networks: NEST's hpc_benchmark.

The same model as models/networks/hpc.cpp: N_E = 9000 scale and N_I = 2250 scale iaf_psc_alpha
neurons (C_m 250 pF, tau_m 10 ms, E_L = V_reset = 0 mV, V_th 20 mV, t_ref 0.5 ms, tau_syn
0.32582722403722841 ms), V_m normal(5.7, 7.2) mV; fixed in-degrees 9000 from E and 2250 from I with
multapses, no autapses; weights J (a 0.14 mV PSP peak, 45.61 pA) and -5 J, delay 1.5 ms; every neuron
one Poisson train of rate eta nu_thr C_E (eta 1.685) with weight J. dt 0.1 ms. E->E synapses learn by
power-law STDP (stdp_pl_synapse_hom: lambda 0.1, alpha 0.0513, mu 0.4, tau_plus 15 ms, the neurons'
tau_minus 30 ms) as in NEST's benchmark and spikegen's `hpc-stdp`; --static keeps them static (`hpc`).

Prints one JSON object: the rates of E and I over the timed part (after --warmup ms) and the wall time:

    /tmp/nestvenv/bin/python benchmarks/nest/hpc_benchmark.py --static --scale 0.1 --duration 1.0

Install: python3 -m venv /tmp/nestvenv && /tmp/nestvenv/bin/pip install nest-simulator
"""
import argparse
import json
import math
import time


def psp_peak_per_pa(tau_m, tau_syn, c_m):
    """The peak (mV) of the PSP of a 1 pA alpha current, maximised on a fine grid of t."""
    b = 1.0 / tau_syn - 1.0 / tau_m

    def v(t):
        return math.e / (tau_syn * c_m * b) * ((math.exp(-t / tau_m) - math.exp(-t / tau_syn)) / b
                                               - t * math.exp(-t / tau_syn))
    return max(v(k * 1e-5) for k in range(1, 1000000))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", type=float, default=0.1)
    p.add_argument("--duration", type=float, default=1.0, help="biological seconds timed")
    p.add_argument("--warmup", type=float, default=100.0, help="ms simulated before the timed part")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--static", action="store_true", help="E->E static, as spikegen's hpc")
    a = p.parse_args()
    import nest

    nest.set_verbosity("M_ERROR")
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": 0.1, "local_num_threads": a.threads, "rng_seed": a.seed,
                          "print_time": False})
    tau_m, c_m, tau_syn, theta = 10.0, 250.0, 0.32582722403722841, 20.0
    CE, CI, g, eta = 9000, 2250, 5.0, 1.685
    J = 0.14 / psp_peak_per_pa(tau_m, tau_syn, c_m)  # pA
    nu_thr = theta / (CE * tau_m / c_m * J * math.e * tau_syn)  # kHz
    NE, NI = int(round(9000 * a.scale)), int(round(2250 * a.scale))
    params = {"E_L": 0.0, "C_m": c_m, "tau_m": tau_m, "t_ref": 0.5, "V_th": theta, "V_reset": 0.0,
              "tau_syn_ex": tau_syn, "tau_syn_in": tau_syn, "tau_minus": 30.0}
    exc = nest.Create("iaf_psc_alpha", NE, params=params)
    inh = nest.Create("iaf_psc_alpha", NI, params=params)
    all_neurons = exc + inh
    all_neurons.V_m = nest.random.normal(5.7, 7.2)
    noise = nest.Create("poisson_generator", params={"rate": eta * nu_thr * CE * 1000.0})
    nest.Connect(noise, all_neurons, syn_spec={"weight": J, "delay": 0.1})
    rule = {"allow_autapses": False, "allow_multapses": True}
    nest.SetDefaults("stdp_pl_synapse_hom", {"alpha": 0.0513, "lambda": 0.1, "mu": 0.4, "tau_plus": 15.0})
    ee = {"weight": J, "delay": 1.5} if a.static else {"synapse_model": "stdp_pl_synapse_hom", "weight": J, "delay": 1.5}
    nest.Connect(exc, exc, dict(rule, rule="fixed_indegree", indegree=CE), ee)
    nest.Connect(exc, inh, dict(rule, rule="fixed_indegree", indegree=CE), {"weight": J, "delay": 1.5})
    nest.Connect(inh, all_neurons, dict(rule, rule="fixed_indegree", indegree=CI), {"weight": -g * J, "delay": 1.5})
    rec = nest.Create("spike_recorder")
    nest.Connect(all_neurons, rec)
    nest.Simulate(a.warmup)
    rec.n_events = 0
    t0 = time.perf_counter()
    nest.Simulate(a.duration * 1000.0)
    sim_s = time.perf_counter() - t0
    spikes_e = sum(1 for s in rec.events["senders"] if s <= exc[-1].global_id)
    spikes_i = rec.n_events - spikes_e
    print(json.dumps({"simulator": "nest", "nest_version": nest.__version__,
                      "network": "hpc" if a.static else "hpc-stdp", "scale": a.scale,
                      "threads": a.threads, "warmup_ms": a.warmup, "duration_s": a.duration,
                      "weight_pa": round(J, 3), "wall_s_per_bio_s": round(sim_s / a.duration, 3),
                      "rate_e_hz": round(spikes_e / NE / a.duration, 2),
                      "rate_i_hz": round(spikes_i / NI / a.duration, 2)}))


if __name__ == "__main__":
    main()
