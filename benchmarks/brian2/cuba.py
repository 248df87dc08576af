#!/usr/bin/env python3
"""Brian2 reference run of Brette et al. (2007) benchmark 2 (CUBA).

Random network of 4000 leaky integrate-and-fire neurons (3200 excitatory,
800 inhibitory) with exponentially decaying synaptic *currents*, 2 % random
connectivity, no external input, as in Brian2's examples/CUBA.py.  The leak
reversal E_L = -49 mV lies above threshold (-50 mV), so every neuron fires
on its own; recurrent inhibition keeps the rates low.

Parameters (see docs/reference_models.md for the sources):
  tau_m = 20 ms, E_L = -49 mV, V_th = -50 mV, V_reset = -60 mV, t_ref = 5 ms
  tau_e = 5 ms, tau_i = 10 ms
  w_e = 60*0.27/10 mV = 1.62 mV,  w_i = -20*4.5/10 mV = -9 mV
  (0.27 nS and 4.5 nS conductance increments times the driving forces
   E_e - E_L(COBA) = +60 mV and E_i - E_L(COBA) = -20 mV, divided by g_L = 10 nS)
  tau_m dv/dt = (E_L - v) + g_e + g_i  with g_e, g_i in volts.
  Initial state: v uniform in [V_reset, V_th), g_e = g_i = 0.
  dt = 0.1 ms, exact (linear) integration as in the Brian2 example.

Runs in C++ standalone mode with OpenMP and prints a JSON summary.
Usage: cuba.py --threads N --seed S --duration D --out FILE.json
"""

import os
import sys
import warnings

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import (parse_args, machine_info, git_revision,  # noqa: E402
                     spike_statistics, emit, build_and_run,
                     setup_standalone)


def main():
    args = parse_args("CUBA", "spikegen_brian2_cuba")

    import brian2
    from brian2 import (device, defaultclock,
                        NeuronGroup, Synapses, SpikeMonitor, run,
                        ms, mV, second)
    import numpy as np

    setup_standalone(args)

    N_E, N_I = 3200, 800
    N = N_E + N_I
    taum = 20 * ms
    taue = 5 * ms
    taui = 10 * ms
    Vt = -50 * mV
    Vr = -60 * mV
    El = -49 * mV
    we = (60 * 0.27 / 10) * mV    # 1.62 mV
    wi = (-20 * 4.5 / 10) * mV    # -9 mV
    p_conn = 0.02

    eqs = """
    dv/dt = (ge + gi - (v - El)) / taum : volt (unless refractory)
    dge/dt = -ge / taue : volt
    dgi/dt = -gi / taui : volt
    """
    method = args.method or "exact"
    P = NeuronGroup(N, eqs, threshold="v > Vt", reset="v = Vr",
                    refractory=5 * ms, method=method)
    P.v = "Vr + rand() * (Vt - Vr)"
    P.ge = 0 * mV
    P.gi = 0 * mV

    Ce = Synapses(P, P, on_pre="ge += we")
    Ci = Synapses(P, P, on_pre="gi += wi")
    Ce.connect("i < N_E", p=p_conn)
    Ci.connect("i >= N_E", p=p_conn)

    mon = SpikeMonitor(P)
    duration = args.duration * second
    run(duration)

    build_s, sims, procs = build_and_run(device, args.build_dir, args.repeats)

    i = np.asarray(mon.i[:])
    t = np.asarray(mon.t[:] / second)
    stats = spike_statistics(i, t, N_E, N, float(args.duration),
                             float(defaultclock.dt / second))
    if args.save_spikes:
        np.savez_compressed(args.save_spikes, i=i, t_ms=t * 1e3)

    result = {
        "simulator": "brian2",
        "version": brian2.__version__,
        "device": "cpp_standalone",
        "network": "CUBA",
        "threads": args.threads,
        "seed": args.seed,
        "duration_s": float(args.duration),
        "dt_ms": 0.1,
        "method": method,
        "n_neurons": N,
        "n_synapses_exc": int(len(Ce)),
        "n_synapses_inh": int(len(Ci)),
        "build_s": build_s,
        "sim_wall_s": min(sims),
        "sim_wall_s_all": sims,
        "process_wall_s_all": procs,
    }
    result.update(stats)
    result["machine"] = machine_info()
    result["git_revision"] = git_revision()
    emit(result, args.out)


if __name__ == "__main__":
    main()
