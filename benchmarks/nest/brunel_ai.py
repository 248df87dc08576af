#!/usr/bin/env python3
"""NEST reference timing of Brunel (2000) model A, asynchronous irregular state (spikegen's brunel-ai).

The same model as models/networks/brunel.cpp: N_E = 10000, N_I = 2500 iaf_psc_delta neurons
(tau_m 20 ms, C_m 1 pF so that a weight in pA is a jump in mV, threshold 20 mV, reset 10 mV, rest
0 mV, refractory 2 ms, inputs during the refractory period dropped), initial V uniform in [0, 20) mV;
fixed in-degree C_E = 1000 from E and C_I = 250 from I (no multapses), weights J = 0.1 mV and -g J with g = 5,
delay 1.5 ms; external drive: per neuron one Poisson train of rate C_E * eta * nu_thr (eta = 2,
nu_thr = 10 Hz), weight J. dt = 0.1 ms. Scaled like spikegen's --scale (in-degrees kept).

For each thread count, builds the network, simulates a short warm-up (which NEST spends on its
first-step preparation) and then --duration seconds, and prints one JSON object per line with the
wall time of the timed simulation per biological second and the synaptic events per second:

    /tmp/nestvenv/bin/python benchmarks/nest/brunel_ai.py --threads 1 2 --duration 0.3

Install: python3 -m venv /tmp/nestvenv && /tmp/nestvenv/bin/pip install nest-simulator
"""
import argparse
import json
import os
import subprocess
import sys
import time


def run_one(threads, scale, duration, seed):
    import nest  # imported per child process: NEST's kernel is set up once per process

    nest.set_verbosity("M_ERROR")
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": 0.1, "local_num_threads": threads, "rng_seed": seed,
                          "print_time": False})
    g, eta, J, D, tau, theta, CE_full, CI_full = 5.0, 2.0, 0.1, 1.5, 20.0, 20.0, 1000, 250
    NE, NI = int(round(10000 * scale)), int(round(2500 * scale))
    CE, CI = min(NE, CE_full), min(NI, CI_full)
    nu_thr = theta / (J * CE_full * tau) * 1000.0  # Hz
    params = {"tau_m": tau, "C_m": 1.0, "t_ref": 2.0, "E_L": 0.0, "V_reset": 10.0, "V_th": theta,
              "V_min": -1e10, "refractory_input": False}
    t0 = time.perf_counter()
    exc = nest.Create("iaf_psc_delta", NE, params=params)
    inh = nest.Create("iaf_psc_delta", NI, params=params)
    allN = exc + inh
    allN.V_m = nest.random.uniform(0.0, theta)
    noise = nest.Create("poisson_generator", params={"rate": eta * nu_thr * CE_full})
    nest.Connect(noise, allN, syn_spec={"weight": J, "delay": 0.1})
    nest.Connect(exc, allN, {"rule": "fixed_indegree", "indegree": CE, "allow_multapses": False}, {"weight": J, "delay": D})
    nest.Connect(inh, allN, {"rule": "fixed_indegree", "indegree": CI, "allow_multapses": False}, {"weight": -g * J, "delay": D})
    rec = nest.Create("spike_recorder")
    nest.Connect(allN, rec)
    warm = 0.01
    nest.Simulate(warm * 1000.0)
    build_s = time.perf_counter() - t0
    rec.n_events = 0
    t1 = time.perf_counter()
    nest.Simulate(duration * 1000.0)
    sim_s = time.perf_counter() - t1
    spikes_e = sum(1 for s in rec.events["senders"] if s <= exc[-1].global_id)
    spikes_i = rec.n_events - spikes_e
    events = spikes_e * (NE + NI) * CE / NE + spikes_i * (NE + NI) * CI / NI
    return {"simulator": "nest", "nest_version": nest.__version__, "network": "brunel-ai", "scale": scale,
            "threads": threads, "duration_s": duration, "build_s": round(build_s, 3), "simulate_s": round(sim_s, 3),
            "wall_s_per_bio_s": round(sim_s / duration, 3),
            "rate_e_hz": round(spikes_e / NE / duration, 2), "rate_i_hz": round(spikes_i / NI / duration, 2),
            "synaptic_events_per_s": float("%.3g" % (events / sim_s))}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--duration", type=float, default=0.3, help="biological seconds timed")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # child process
    a = p.parse_args()
    if a.one:
        print(json.dumps(run_one(a.threads[0], a.scale, a.duration, a.seed)))
        return
    for threads in a.threads:
        env = dict(os.environ, OMP_NUM_THREADS=str(threads))
        out = subprocess.run([sys.executable, __file__, "--one", "--threads", str(threads), "--scale", str(a.scale),
                              "--duration", str(a.duration), "--seed", str(a.seed)],
                             env=env, check=True, capture_output=True, text=True).stdout
        print([line for line in out.splitlines() if line.startswith("{")][-1], flush=True)


if __name__ == "__main__":
    main()
