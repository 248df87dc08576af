#!/usr/bin/env python3
"""Brian2 reference run of Brette et al. (2007) benchmark 1 (COBA).

Random network of 4000 leaky integrate-and-fire neurons (3200 excitatory,
800 inhibitory) with exponentially decaying synaptic *conductances*,
2 % random connectivity, no external input: activity is started only by the
random initial voltages and conductances of the paper's Brian script and is
then either self-sustained or dies out (the network is bistable; see
docs/reference_models.md for the per-seed table).

Parameters (see docs/reference_models.md for the sources):
  C_m = 200 pF, g_L = 10 nS  ->  tau_m = C_m / g_L = 20 ms
  E_L = -60 mV, V_th = -50 mV, V_reset = -60 mV, t_ref = 5 ms
  E_e = 0 mV, E_i = -80 mV, tau_e = 5 ms, tau_i = 10 ms
  w_e = 6 nS = 0.6 g_L,  w_i = 67 nS = 6.7 g_L
  Conductances are expressed in units of g_L (dimensionless), so
  tau_m dv/dt = (E_L - v) + g_e (E_e - v) + g_i (E_i - v).
  Initial state: v = E_L + (5 randn - 5) mV, g_e = 4 + 1.5 randn,
  g_i = 20 + 12 randn (in units of g_L, i.e. 40 +- 15 nS and 200 +- 120 nS).
  dt = 0.1 ms, forward Euler (as in the paper's Brian script).

Runs in C++ standalone mode with OpenMP and prints a JSON summary.
Usage: coba.py --threads N --seed S --duration D --out FILE.json
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
    args = parse_args("COBA", "spikegen_brian2_coba")

    import brian2
    from brian2 import (device, defaultclock,
                        NeuronGroup, Synapses, SpikeMonitor, run,
                        ms, mV, second)
    import numpy as np

    setup_standalone(args)

    N_E, N_I = 3200, 800
    N = N_E + N_I
    taum = 20 * ms     # C_m / g_L = 200 pF / 10 nS
    taue = 5 * ms
    taui = 10 * ms
    El = -60 * mV
    Vt = -50 * mV
    Vr = -60 * mV
    Ee = 0 * mV
    Ei = -80 * mV
    we = 6.0 / 10.0    # 6 nS  / g_L (10 nS)
    wi = 67.0 / 10.0   # 67 nS / g_L (10 nS)
    p_conn = 0.02

    eqs = """
    dv/dt = ((El - v) + ge*(Ee - v) + gi*(Ei - v)) / taum : volt (unless refractory)
    dge/dt = -ge / taue : 1
    dgi/dt = -gi / taui : 1
    """
    method = args.method or "euler"
    P = NeuronGroup(N, eqs, threshold="v > Vt", reset="v = Vr",
                    refractory=5 * ms, method=method)
    # Paper's Brian script: v = (randn*5 - 5) mV relative to rest,
    # ge = randn*1.5 + 4, gi = randn*12 + 20 (units of g_L).
    if args.kick is not None:
        # Non-standard: everything at rest (v = E_L, g = 0) except the first
        # K excitatory neurons, which start just above threshold and fire in
        # the first time step.  Probes how small a kick ignites the network.
        P.v = "El"
        P.ge = 0
        P.gi = 0
        if args.kick > 0:
            P.v[0:args.kick] = -49.9 * mV
    else:
        # Paper's Brian script.
        P.v = "El + (randn()*5 - 5)*mV"
        if args.g_init_scale == 1.0:
            P.ge = "randn()*1.5 + 4"
            P.gi = "randn()*12 + 20"
        else:
            # Non-standard: scale mean and s.d. of both initial conductances.
            k = args.g_init_scale
            P.ge = "k*(randn()*1.5 + 4)"
            P.gi = "k*(randn()*12 + 20)"

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
        "network": "COBA",
        "threads": args.threads,
        "seed": args.seed,
        "duration_s": float(args.duration),
        "dt_ms": 0.1,
        "method": method,
        "g_init_scale": args.g_init_scale,
        "kick": args.kick,
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
