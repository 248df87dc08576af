"""Batches from Python: instance k is the single run with its parameters and seed; a batch's state
moves as one (batch_size, n) array; bad input raises one clear error."""
import numpy as np
import pytest

import spikegen as sg

THRESHOLDS = [-50.0, -51.5]


def coba():
    net = sg.standard_network("coba", scale=0.1, seed=21)
    net.set_param_dynamic("E", "Vthresh")
    return net


def test_instance_k_is_the_single_run_with_its_parameters_and_seed(backend):
    sim = sg.Simulation(coba(), backend=backend, batch_size=2)
    sim.set_param("E", "Vthresh", THRESHOLDS)
    sim.initialize()
    sim.run_for(100.0)
    assert sim.batch_size == 2 and sim.instance_seed(1) == 22
    for k, threshold in enumerate(THRESHOLDS):
        net = sg.standard_network("coba", scale=0.1, seed=21 + k)
        net.connectivity_seed = 21
        net.set_param("E", "Vthresh", threshold)
        one = sg.Simulation(net, backend=backend)
        one.initialize()
        one.run_for(100.0)
        times, ids = sim.spikes("E", instance=k)
        assert len(times) > 20
        np.testing.assert_array_equal(times, one.spikes("E")[0])
        np.testing.assert_array_equal(ids, one.spikes("E")[1])
        np.testing.assert_array_equal(sim.pull_var("E", "V", instance=k), one.pull_var("E", "V"))
    assert sim.param("E", "Vthresh", instance=1) == -51.5


def test_a_batch_moves_as_one_array():
    sim = sg.Simulation(coba(), backend="cpu", batch_size=3)
    sim.initialize()
    v = sim.pull_var("E", "V")
    assert v.shape == (3, 320) and v.dtype == np.float32
    new = np.linspace(-70, -55, 3 * 320, dtype=np.float32).reshape(3, 320)
    sim.push_var("E", "V", new)
    np.testing.assert_array_equal(sim.pull_var("E", "V"), new)
    np.testing.assert_array_equal(sim.pull_var("E", "V", instance=2), new[2])
    sim.push_var("E", "V", new[::-1].copy()[:, ::2].repeat(2, axis=1))  # a strided array is packed
    sim.push_var("E", "V", np.full(320, -65.0, dtype=np.float32), instance=1)
    assert (sim.pull_var("E", "V")[1] == -65.0).all()
    sim.set_param("E", "Vthresh", -49.0, instance=2)
    assert [sim.param("E", "Vthresh", instance=k) for k in range(3)] == [-50.0, -50.0, -49.0]


def test_bad_batch_input_raises_one_clear_error():
    with pytest.raises(sg.Error, match="2 instance seeds given for a batch of 3"):
        sg.Simulation(coba(), backend="cpu", batch_size=3, instance_seeds=[1, 2])
    sim = sg.Simulation(coba(), backend="cpu", batch_size=3)
    with pytest.raises(sg.Error, match="2 values given for a batch of 3"):
        sim.set_param("E", "Vthresh", [-50.0, -51.0])
    sim.initialize()
    with pytest.raises(TypeError, match="2 rows given for a batch of 3"):
        sim.push_var("E", "V", np.zeros((2, 320), dtype=np.float32))
    with pytest.raises(sg.Error, match="instance 3 does not exist"):
        sim.spikes("E", instance=3)


def test_sweep_in_batches_gives_the_rows_of_one_at_a_time():
    grid = {"E.Vthresh": [-50.0, -51.0, -52.0]}
    one = sg.sweep(coba(), grid=grid, duration=100.0, backend="cpu", batch_size=1)
    batched = sg.sweep(coba(), grid=grid, duration=100.0, backend="cpu", batch_size=3)
    assert batched == one
    shared = sg.sweep(coba(), grid=grid, duration=100.0, backend="cpu", batch_size=3, shared_connectivity=True)
    assert shared[0] == one[0] and shared[1] != one[1]


def test_a_shared_variable_is_one_copy():
    net = sg.standard_network("coba", scale=0.1, seed=21, individual_weights=True)
    net.set_var_shared("EE", "g")
    assert net.var_is_shared("EE", "g")
    sim = sg.Simulation(net, backend="cpu", batch_size=2)
    sim.initialize()
    sizes = {m["name"]: m["bytes"] for m in sim.memory_usage}
    assert sizes["s0_g"] == 4 * sim.row_starts("EE")[-1]
    g = sim.pull_var("EE", "g", instance=1)
    sim.push_var("EE", "g", np.zeros_like(g), instance=0)
    assert (sim.pull_var("EE", "g", instance=1) == 0).all()
    with pytest.raises(sg.Error, match="has no per-synapse variable"):
        net.set_var_shared("EE", "w")
