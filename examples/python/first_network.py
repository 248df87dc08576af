#!/usr/bin/env python3
"""A first spikegen network from Python (docs/python.md walks through it): 1,000 LIF neurons, 80 %
excitatory, with random connections and a custom adaptive neuron model; simulated for one second on
the default backend, then drawn as a raster (first_network.png) with the firing rates.

    python3 -m pip install . matplotlib      # once, from the repository root
    python3 examples/python/first_network.py [--backend cpu|cuda|opencl]
"""
import argparse

import numpy as np

import spikegen as sg


def adaptive_lif():
    """LIF with a spike-triggered adaptation current A (nA) that decays with tauA."""
    return sg.NeuronModel(
        name="AdaptiveLIF",
        params=["C", "TauM", "Vrest", "Vreset", "Vthresh", "Ioffset", "TauRefrac", "tauA", "jumpA"],
        vars=[sg.Var("V"), sg.Var("RefracTime"), sg.Var("A", initial=0.0)],
        sim_code="""
if (RefracTime > 0.0) {
    RefracTime -= dt;
} else {
    V += (Isyn + Ioffset - A - (V - Vrest) * C / TauM) * dt / C;
}
A -= A * dt / tauA;""",
        threshold_code="RefracTime <= 0.0 && V >= Vthresh",
        reset_code="V = Vreset;\nRefracTime = TauRefrac;\nA += jumpA;")


def build(seed):
    net = sg.Network("first_network", dt=0.1, seed=seed)
    common = dict(C=0.25, TauM=20.0, Vrest=-70.0, Vreset=-65.0, Vthresh=-50.0, TauRefrac=2.0)
    start = {"V": sg.init.Uniform(-70.0, -50.0), "RefracTime": 0.0}
    net.add_neuron_group("E", 800, adaptive_lif(), dict(common, Ioffset=0.3, tauA=100.0, jumpA=0.02), start,
                         record_spikes=True)
    net.add_neuron_group("I", 200, sg.models.LIF(), dict(common, Ioffset=0.3), start, record_spikes=True)
    for source, weight in (("E", 0.05), ("I", -0.2)):  # nA
        for target in ("E", "I"):
            net.add_synapse_group(
                source + target, source, target,
                weight_update=sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": weight}),
                postsynaptic=sg.Postsynaptic(sg.models.ExpCurr(), {"tau": 5.0 if source == "E" else 10.0}),
                connectivity=sg.init.FixedProbability(0.1),
                axonal_delay_steps=10)  # 1 ms
    return net


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default=sg.default_backend(), choices=sg.backends())
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="first_network.png")
    args = parser.parse_args()

    net = build(args.seed)
    sim = sg.Simulation(net, backend=args.backend)
    sim.initialize()
    sim.run_for(1000.0)  # ms; a progress bar when run in a terminal

    print(f"{sim.device}: built in {sim.timings['generate_s'] + sim.timings['compile_s']:.2f} s, "
          f"simulated 1 s in {sim.timings['simulate_s']:.3f} s")
    spikes = {group: sim.spikes(group) for group in ("E", "I")}
    for group, (times, ids) in spikes.items():
        print(f"{group}: {len(ids) / net.neuron_group(group).size:.1f} Hz")
    print(f"mean adaptation current of E: {sim.pull_var('E', 'A').mean():.3f} nA")

    import matplotlib
    matplotlib.use("Agg")  # writes a file; no display needed
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 4))
    for (group, (times, ids)), offset, colour in zip(spikes.items(), (0, 800), ("tab:red", "tab:blue")):
        ax.scatter(times, ids.astype(np.int64) + offset, s=0.5, c=colour, label=group)
    ax.set(xlabel="time (ms)", ylabel="neuron", xlim=(0, 1000), title="first_network")
    ax.legend(loc="upper right", markerscale=10)
    fig.tight_layout()
    fig.savefig(args.out, dpi=120)
    print(f"raster: {args.out}")


if __name__ == "__main__":
    main()
