"""Shared helpers for the Brian2 reference benchmarks (COBA / CUBA).

Everything here is plain Python/numpy; the Brian2-specific network
construction lives in coba.py / cuba.py.  The statistics computed here
(rates, CV of ISIs, fraction of active neurons, time of death) are the
same ones spikegen's own benchmark drivers are expected to report, so the
definitions are documented in docs/reference_models.md.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np


def parse_args(network_name, default_dir):
    p = argparse.ArgumentParser(
        description="Brian2 C++-standalone reference run of the %s benchmark "
                    "(Brette et al. 2007)." % network_name)
    p.add_argument("--threads", type=int, default=1,
                   help="OpenMP threads (prefs.devices.cpp_standalone."
                        "openmp_threads). 0 = build without OpenMP.")
    p.add_argument("--seed", type=int, default=1,
                   help="Brian2 seed (connectivity and initial conditions).")
    p.add_argument("--duration", type=float, default=1.0,
                   help="biological time to simulate, in seconds")
    p.add_argument("--out", type=str, default=None,
                   help="write the JSON result to this file as well")
    p.add_argument("--build-dir", type=str, default=None,
                   help="C++ standalone project directory (default: %s_t<threads> "
                        "under $SPIKEGEN_BRIAN2_BUILD or /tmp)" % default_dir)
    p.add_argument("--repeats", type=int, default=1,
                   help="run the compiled binary this many times and report "
                        "the minimum simulation wall time (all sim_wall_s "
                        "values are listed in sim_wall_s_all)")
    p.add_argument("--method", type=str, default=None,
                   help="Brian2 integration method override")
    if network_name == "COBA":
        p.add_argument("--g-init-scale", type=float, default=1.0,
                       help="multiply the mean and s.d. of the initial "
                            "conductances (1 = paper)")
        p.add_argument("--kick", type=int, default=None,
                       help="non-standard start: all neurons at rest with "
                            "g = 0 except the first KICK excitatory neurons "
                            "which start above threshold")
    p.add_argument("--save-spikes", type=str, default=None,
                   help="save spike indices/times (ms) to this .npz file")
    args = p.parse_args()
    if args.build_dir is None:
        base = os.environ.get("SPIKEGEN_BRIAN2_BUILD", "/tmp")
        args.build_dir = os.path.join(base, "%s_t%d" % (default_dir, args.threads))
    return args


def setup_standalone(args):
    """C++ standalone mode with OpenMP, dt = 0.1 ms and the run's seed (shared by coba.py/cuba.py)."""
    from brian2 import set_device, prefs, defaultclock, seed, ms
    set_device("cpp_standalone", directory=args.build_dir, build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = args.threads
    prefs.logging.file_log = False
    prefs.logging.delete_log_on_exit = True
    defaultclock.dt = 0.1 * ms
    seed(args.seed)


def machine_info():
    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    if cpu is None:
        cpu = platform.processor() or "unknown"
    u = platform.uname()
    return {
        "uname": " ".join([u.system, u.node, u.release, u.version, u.machine]),
        "cpu_model": cpu,
        "n_cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }


def git_revision():
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here,
                             capture_output=True, text=True, timeout=10)
        rev = out.stdout.strip()
        if out.returncode == 0 and rev:
            return rev
    except (OSError, subprocess.SubprocessError):
        pass
    return "none"


def spike_statistics(i, t, n_exc, n_total, duration_s, dt_s):
    """Statistics of one network run.

    i: neuron indices of spikes, t: spike times in seconds (same length).
    Neurons [0, n_exc) are excitatory, [n_exc, n_total) inhibitory.
    """
    i = np.asarray(i, dtype=np.int64)
    t = np.asarray(t, dtype=np.float64)
    counts = np.bincount(i, minlength=n_total)
    n_inh = n_total - n_exc
    rate_exc = counts[:n_exc].sum() / (n_exc * duration_s)
    rate_inh = counts[n_exc:].sum() / (n_inh * duration_s) if n_inh else 0.0

    # CV of the inter-spike intervals, averaged over neurons that have at
    # least 3 spikes (>= 2 ISIs).
    order = np.lexsort((t, i))
    i_s, t_s = i[order], t[order]
    cvs = []
    if len(i_s):
        bounds = np.flatnonzero(np.diff(i_s)) + 1
        for ti in np.split(t_s, bounds):
            if len(ti) >= 3:
                isi = np.diff(ti)
                m = isi.mean()
                if m > 0:
                    cvs.append(isi.std() / m)
    cv_mean = float(np.mean(cvs)) if cvs else None

    last_spike = float(t.max()) if len(t) else None
    # "Died" = no spike at all in the last 10% of the run (at least 20 ms).
    quiet_window = max(0.1 * duration_s, 0.02)
    died = (last_spike is None) or (last_spike < duration_s - quiet_window)
    # Population rate (all neurons) in the last 100 ms of the run.
    tail = min(0.1, duration_s)
    tail_rate = float(np.sum(t >= duration_s - tail - 1e-12) / (n_total * tail))

    return {
        "n_spikes": int(len(t)),
        "rate_exc_hz": float(rate_exc),
        "rate_inh_hz": float(rate_inh),
        "rate_all_hz": float(counts.sum() / (n_total * duration_s)),
        "cv_isi_mean": cv_mean,
        "cv_isi_n_neurons": len(cvs),
        "fraction_active": float(np.mean(counts > 0)),
        "last_spike_s": last_spike,
        "died": bool(died),
        "death_time_s": (last_spike if died else None),
        "rate_last_100ms_hz": tail_rate,
    }


def emit(result, out_path):
    text = json.dumps(result, indent=2, sort_keys=False)
    print(text)
    if out_path:
        d = os.path.dirname(os.path.abspath(out_path))
        os.makedirs(d, exist_ok=True)
        with open(out_path, "w") as f:
            f.write(text + "\n")


def build_and_run(device, build_dir, repeats):
    """Compile the standalone project, then run it `repeats` times.

    Returns (build_s, [sim_wall_s ...], [process_wall_s ...]).
    sim_wall_s is Brian's own measurement of Network::run (device._last_run_time),
    i.e. the time-stepping loop only, excluding compilation, file I/O,
    synapse creation and initialisation.
    """
    t0 = time.perf_counter()
    device.build(directory=build_dir, compile=True, run=False, clean=False)
    build_s = time.perf_counter() - t0
    sims, procs = [], []
    for _ in range(max(1, repeats)):
        t1 = time.perf_counter()
        device.run(build_dir, with_output=False, run_args=[])
        procs.append(time.perf_counter() - t1)
        sims.append(float(device._last_run_time))
    return build_s, sims, procs
