"""SpikeSourceArray (times from numpy) and fixed in-degree connectivity, reached from Python."""
import numpy as np
import pytest

import spikegen as sg


def test_spike_source_array_fires_at_the_given_times(backend):
    net = sg.Network("spike_source_array_py", dt=0.1)
    group = net.add_neuron_group("S", 3, sg.models.SpikeSourceArray(), {}, {}, record_spikes=True)
    group.set_spike_times([np.array([0.3, 1.25]), np.array([]), np.array([0.0, 0.05, 2.0])])
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run(30)
    times, ids = sim.spikes("S")
    # Rounded down to the step that holds each time; two times in step 0 of neuron 2 make one spike.
    np.testing.assert_allclose(times, [0.0, 0.3, 1.2, 2.0], atol=1e-6)
    np.testing.assert_array_equal(ids, [2, 0, 0, 2])


def test_spike_times_as_numpy_pairs_and_bad_ids():
    net = sg.Network("spike_pairs_py", dt=0.1)
    group = net.add_neuron_group("S", 2, sg.models.SpikeSourceArray(), {}, {})
    group.set_spike_times(np.array([1.0, 0.5, 2.0]), np.array([1, 0, 1], dtype=np.int64))
    with pytest.raises(sg.Error, match="neuron id 2 at index 0 of the spike times is outside the group"):
        group.set_spike_times(np.array([1.0]), np.array([2]))
    with pytest.raises(sg.Error, match="spike time 1 of neuron 0"):
        group.set_spike_times([np.array([1.0, np.nan]), np.array([])])


def test_fixed_number_pre_gives_every_target_num_sources(backend):
    net = sg.Network("fixed_in_degree_py", dt=0.1, seed=5)
    net.add_neuron_group("Pre", 50, sg.models.Poisson(), {"rate": 0.0})
    net.add_neuron_group("Post", 80, sg.models.Poisson(), {"rate": 0.0})
    for name, conn in [("A", sg.init.FixedNumberPre(7)), ("B", sg.init.FixedNumberPreWithReplacement(7))]:
        net.add_synapse_group(name, "Pre", "Post", sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": 1.0}),
                              sg.Postsynaptic(sg.models.DeltaCurr()), conn)
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    for name in ["A", "B"]:
        targets = sim.post_indices(name)
        np.testing.assert_array_equal(np.bincount(targets, minlength=80), np.full(80, 7))
    with pytest.raises(sg.Error, match="num <= num_pre"):
        net.add_synapse_group("C", "Pre", "Post", sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": 1.0}),
                              sg.Postsynaptic(sg.models.DeltaCurr()), sg.init.FixedNumberPre(51))
