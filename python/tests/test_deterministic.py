"""Deterministic mode from Python: the keyword and property, the model-file field, and a plastic
network with random weights that gives the same spikes and weights, bit for bit, on every backend
as on the CPU with one thread."""
import numpy as np

import spikegen as sg


def test_keyword_property_and_model_file():
    net = sg.Network("n", deterministic=True)
    assert net.deterministic
    net.deterministic = False
    assert not sg.Network("n").deterministic
    coba = sg.standard_network("coba", scale=0.05, deterministic=True)
    assert coba.deterministic
    assert '"deterministic": true' in sg.write_model(coba)


def run(backend, threads=0):
    # Random initial weights, learned further by additive STDP, driven by Poisson noise.
    net = sg.standard_network("stdp-song2000", seed=3, learning_rate_scale=10.0, deterministic=True)
    sim = sg.Simulation(net, backend=backend, threads=threads)
    sim.initialize()
    sim.run_for(500.0)
    return sim.spikes("Neuron"), sim.pull_var("InputNeuron", "w"), sim.pull_var("Neuron", "V")


def test_same_bits_as_one_cpu_thread(backend):
    (times, ids), w, v = run(backend, threads=2 if backend == "cpu" else 0)
    (ref_times, ref_ids), ref_w, ref_v = run("cpu", threads=1)
    assert len(ids) > 0, "the comparison needs spikes"
    assert np.array_equal(times, ref_times) and np.array_equal(ids, ref_ids)
    assert w.tobytes() == ref_w.tobytes()
    assert v.tobytes() == ref_v.tobytes()


def run_coba(backend, threads=0):
    # 12,000 neurons, every projection static without delay: GPU neuron updates deliver the spikes.
    net = sg.standard_network("coba", scale=3.0, seed=5, deterministic=True)
    sim = sg.Simulation(net, backend=backend, threads=threads)
    sim.initialize()
    sim.run_for(30.0)
    return sim.spikes("E"), sim.propagation


def test_spikes_delivered_by_the_neuron_update_give_the_same_bits(backend):
    (times, ids), how = run_coba(backend)
    (ref_times, ref_ids), _ = run_coba("cpu", threads=1)
    assert len(ids) > 0, "the comparison needs spikes"
    assert np.array_equal(times, ref_times) and np.array_equal(ids, ref_ids)
    if backend != "cpu":
        assert all(h.startswith("delivered by the neuron update") for h in how.values()), how
