#!/usr/bin/env python3
"""The closed loop of `spikegen bench --closed-loop STEPS` (tools/closed_loop_benchmark.cpp), driven
from Python: each loop runs a window, takes every group's spikes of the window, counts them per neuron
and pushes a current to every neuron. Prints one JSON record; with --cli it also runs the C++ loop and
records what Python adds per loop (docs/benchmarks.md, "Closed loops").

    python3 benchmarks/python/closed_loop.py --network clustered --scale 5 --backend cpu \
        --cli build/tools/spikegen
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np

import spikegen as sg

FEEDBACK_NA = 1e-4  # nA per spike of the last window (tools/closed_loop_benchmark.h, kLoopFeedbackNa)
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def summary(seconds):
    seconds = sorted(seconds)
    return {"median_us": 1e6 * seconds[len(seconds) // 2], "mean_us": 1e6 * sum(seconds) / len(seconds),
            "max_us": 1e6 * seconds[-1]}


def measure(args):
    net = sg.standard_network(args.network, scale=args.scale, record_spikes=True)
    groups = [(g.name, g.size) for g in net.neuron_groups]
    for name, _ in groups:
        net.add_current_source("loop_" + name, name, sg.models.ExternalCurrent())
    sim = sg.Simulation(net, backend=args.backend, threads=args.threads)
    sim.initialize()
    dtype = sim.pull_var("loop_" + groups[0][0], "amp").dtype
    feedback = dtype.type(-FEEDBACK_NA)
    total, run, host, spikes = [], [], [], 0
    for loop in range(-1, args.loops):  # loop -1: warm-up
        start = time.perf_counter()
        sim.run(args.window_steps)
        ran = time.perf_counter()
        for name, size in groups:
            _, ids = sim.take_spikes(name)
            amp = np.bincount(ids, minlength=size).astype(dtype) * feedback
            sim.push_var("loop_" + name, "amp", amp)
            if loop >= 0:
                spikes += ids.size
        end = time.perf_counter()
        if loop >= 0:
            total.append(end - start)
            run.append(ran - start)
            host.append(end - ran)
    return {"benchmark": "closed_loop_python", "network": args.network, "scale": args.scale,
            "backend": sim.backend, "device": sim.device, "threads": args.threads or None,
            "window_steps": args.window_steps, "window_ms": args.window_steps * net.dt, "loops": args.loops,
            "neurons": sum(size for _, size in groups), "spikes_per_loop": spikes / args.loops,
            "loop": summary(total), "run": summary(run), "host": summary(host)}


def git_revision():
    try:
        head = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", REPO, "diff", "--quiet", "HEAD", "--"]).returncode != 0
        return head + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine():
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"host": platform.node(), "cpu": cpu, "cores": len(os.sched_getaffinity(0)), "kernel": platform.release(),
            "load_average_1min": os.getloadavg()[0]}


def cpp_record(args):
    command = [args.cli, "bench", "--network", args.network, "--scale", str(args.scale), "--backend", args.backend,
               "--closed-loop", str(args.window_steps), "--loops", str(args.loops)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--network", default="clustered")
    parser.add_argument("--scale", type=float, default=5.0, help="clustered: 5 gives 25,000 neurons")
    parser.add_argument("--backend", default=sg.default_backend())
    parser.add_argument("--threads", type=int, default=0, help="cpu backend (0: all)")
    parser.add_argument("--window-steps", type=int, default=100)
    parser.add_argument("--loops", type=int, default=200)
    parser.add_argument("--cli", help="the spikegen command line: also measure the loop in C++, and the difference")
    args = parser.parse_args()
    if args.window_steps < 1 or args.loops < 1:
        parser.error("--window-steps and --loops must be 1 or more")
    sg.set_log_level("warn")

    record = {"machine": machine(), "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "git_revision": git_revision(), "spikegen_version": sg.__version__,
              "python": platform.python_version(), "command": " ".join([sys.executable] + sys.argv)}
    if args.cli:  # C++ first: the same machine state for both, the build cache warm for Python
        cpp = cpp_record(args)
        record["cpp"] = {key: cpp[key] for key in ("loop", "run", "host", "spikes_per_loop", "git_revision")}
    record.update(measure(args))
    if args.cli:
        record["python_overhead_us"] = {part: record[part]["median_us"] - record["cpp"][part]["median_us"]
                                        for part in ("loop", "run", "host")}
    print(json.dumps(record))
    summary_line = (f"{record['network']} x{args.scale} on {record['device']}: {record['loop']['median_us']:.1f} us "
                    f"a loop from Python (run {record['run']['median_us']:.1f}, host {record['host']['median_us']:.1f})")
    if args.cli:
        summary_line += (f"; C++ {record['cpp']['loop']['median_us']:.1f} us; Python adds "
                         f"{record['python_overhead_us']['loop']:.1f} us")
    print(summary_line, file=sys.stderr)


if __name__ == "__main__":
    main()
