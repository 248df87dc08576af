"""Variables and connectivity as numpy arrays: dtypes, lengths, round trips, and closed loops."""
import numpy as np
import pytest

import spikegen as sg


def small_network():
    net = sg.Network("state", dt=0.1, seed=3)
    lif = dict(C=1.0, TauM=20.0, Vrest=-70.0, Vreset=-70.0, Vthresh=-51.0, Ioffset=0.0, TauRefrac=2.0)
    net.add_neuron_group("N", 50, sg.models.LIF(), lif, {"V": sg.init.Uniform(-70.0, -60.0), "RefracTime": 0.0},
                         record_spikes=True)
    flags = sg.NeuronModel(name="Flags", vars=[sg.Var("on", "bool"), sg.Var("n", "unsigned")], sim_code="n += 1;")
    net.add_neuron_group("F", 7, flags, {}, {"on": 0, "n": 0})
    net.add_synapse_group("NN", "N", "N",
                          weight_update=sg.WeightUpdate(sg.models.StaticPulse(), {}, {"g": sg.init.Uniform(0.0, 1.0)}),
                          postsynaptic=sg.Postsynaptic(sg.models.DeltaCurr()),
                          connectivity=sg.init.FixedProbability(0.2))
    net.add_current_source("Stimulus", "N", sg.models.ExternalCurrent())
    return net


@pytest.fixture
def sim(backend):
    simulation = sg.Simulation(small_network(), backend=backend)
    simulation.initialize()
    return simulation


def test_pull_gives_each_variable_its_own_dtype(sim):
    assert sim.pull_var("N", "V").dtype == np.float32
    assert sim.pull_var("F", "on").dtype == np.bool_
    assert sim.pull_var("F", "n").dtype == np.uint32
    assert sim.pull_var("Stimulus", "amp").dtype == np.float32
    v = sim.pull_var("N", "V")
    assert v.shape == (50,) and np.all((v >= -70.0) & (v < -60.0))


def test_push_then_pull_round_trips(sim):
    v = np.linspace(-80.0, -55.0, 50, dtype=np.float32)
    sim.push_var("N", "V", v)
    assert np.array_equal(sim.pull_var("N", "V"), v)
    on = np.array([True, False, True, True, False, False, True])
    sim.push_var("F", "on", on)
    assert np.array_equal(sim.pull_var("F", "on"), on)
    n = np.arange(7, dtype=np.uint32) * 1000
    sim.push_var("F", "n", n)
    sim.run(3)
    assert np.array_equal(sim.pull_var("F", "n"), n + 3)
    # A strided view is taken element by element.
    wide = np.zeros(100, dtype=np.float32)
    wide[::2] = np.arange(50)
    sim.push_var("Stimulus", "amp", wide[::2])
    assert np.array_equal(sim.pull_var("Stimulus", "amp"), np.arange(50, dtype=np.float32))
    sim.push_var("Stimulus", "amp", wide[::2][::-1])
    assert np.array_equal(sim.pull_var("Stimulus", "amp"), np.arange(49, -1, -1, dtype=np.float32))


def test_synapse_variables_follow_the_connectivity(sim):
    starts, targets = sim.row_starts("NN"), sim.post_indices("NN")
    assert starts.dtype == np.uint32 and targets.dtype == np.uint32
    assert len(starts) == 51 and starts[0] == 0 and starts[-1] == len(targets)
    assert np.all(np.diff(starts.astype(np.int64)) >= 0) and np.all(targets < 50)
    g = sim.pull_var("NN", "g")
    assert len(g) == len(targets) and np.all((g >= 0.0) & (g < 1.0))
    sim.push_var("NN", "g", np.full(len(g), 0.5, dtype=np.float32))
    assert np.all(sim.pull_var("NN", "g") == 0.5)


def test_wrong_dtype_length_or_shape_is_refused(sim):
    with pytest.raises(TypeError, match=r"push_var\('N', 'V'\): expected an array of dtype float32"):
        sim.push_var("N", "V", np.zeros(50, dtype=np.float64))
    with pytest.raises(sg.Error, match=r"group 'N', variable 'V': 49 values given, 50 expected"):
        sim.push_var("N", "V", np.zeros(49, dtype=np.float32))
    with pytest.raises(TypeError, match="expected a 1-D array, got 2 dimensions"):
        sim.push_var("N", "V", np.zeros((5, 10), dtype=np.float32))
    with pytest.raises(TypeError):
        sim.push_var("N", "V", [0.0] * 50)


def test_unknown_group_or_variable_names_it(sim):
    with pytest.raises(sg.Error, match="no neuron group, current source or synapse group 'Nope'|'Nope'"):
        sim.pull_var("Nope", "V")
    with pytest.raises(sg.Error, match="'W'"):
        sim.pull_var("N", "W")
    with pytest.raises(sg.Error, match="'F' does not record spikes"):
        sim.spikes("F")
    with pytest.raises(sg.Error, match="'Nope'"):
        sim.row_starts("Nope")


def test_push_or_pull_before_initialize_is_an_error(backend):
    sim = sg.Simulation(small_network(), backend=backend)
    with pytest.raises(sg.Error, match="initiali"):
        sim.push_var("N", "V", np.zeros(50, dtype=np.float32))
    with pytest.raises(sg.Error, match="initiali"):
        sim.pull_var("N", "V")


def test_closed_loop_takes_each_window_once(sim):
    """The closed loop of the benchmark: run a window, take its spikes, push the next current."""
    sim.push_var("N", "V", np.full(50, -70.0, dtype=np.float32))
    sim.push_var("NN", "g", np.zeros(sim.post_indices("NN").size, dtype=np.float32))
    for window in range(4):
        amp = np.where(np.arange(50) % 4 == window, 2.0, 0.0).astype(np.float32)
        sim.push_var("Stimulus", "amp", amp)
        sim.run(200)
        times, ids = sim.take_spikes("N")
        assert set(ids.tolist()) == set(range(window, 50, 4)), f"window {window}"
        assert np.all((times >= 20.0 * window - 1e-9) & (times < 20.0 * (window + 1)))
    assert sim.take_spikes("N")[0].size == 0


def test_recorded_variables_come_as_a_samples_by_neurons_array(backend):
    counter = sg.NeuronModel(name="Counter", vars=[sg.Var("V")], sim_code="V += 1.0 + id;")
    net = sg.Network("recorded_var", dt=0.5)
    group = net.add_neuron_group("N", 6, counter, {}, {"V": 0.0}, record_vars={"V": 1})
    assert group.var_recordings == {"V": 1}
    assert group.set_var_recording("V", every_steps=4) is group
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run(10)
    sim.run(7)
    times, values = sim.recorded_var("N", "V")
    steps = np.arange(0, 17, 4)  # the multiples of 4 below 17
    np.testing.assert_array_equal(times, 0.5 * (steps + 1))
    assert values.shape == (5, 6) and values.dtype == np.float64
    np.testing.assert_array_equal(values, np.outer(steps + 1, 1.0 + np.arange(6)))
    with pytest.raises(sg.Error, match="does not record 'U'"):
        sim.recorded_var("N", "U")


def test_a_subset_of_neurons_is_recorded_in_the_order_given(backend):
    counter = sg.NeuronModel(name="Counter", vars=[sg.Var("V")], sim_code="V += 1.0 + id;")
    net = sg.Network("recorded_subset", dt=0.5)
    group = net.add_neuron_group("N", 6, counter, {}, {"V": 0.0})
    group.set_var_recording("V", every_steps=2, neurons=np.array([5, 1], dtype=np.uint32))
    with pytest.raises(sg.Error, match="neuron 6 .* outside the group of 6 neurons"):
        group.set_var_recording("V", neurons=[6])
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run(9)
    times, values = sim.recorded_var("N", "V")
    np.testing.assert_array_equal(sim.recorded_var_neurons("N", "V"), [5, 1])
    steps = np.arange(0, 9, 2)
    np.testing.assert_array_equal(values, np.outer(steps + 1, [6.0, 2.0]))


def test_checkpoint_resumes_spike_for_spike(tmp_path, backend):
    def network():
        return sg.standard_network("coba", scale=0.2, seed=5)

    continuous_net = network()
    continuous = sg.Simulation(continuous_net, backend=backend)
    continuous.initialize()
    continuous.run(600)
    first = sg.Simulation(network(), backend=backend)
    first.initialize()
    first.run(300)
    path = tmp_path / "state.ckpt"
    first.save_checkpoint(path)
    resumed_net = network()
    resumed = sg.Simulation(resumed_net, backend="cpu")  # written on any backend, resumed on the CPU
    resumed.load_checkpoint(path)
    assert resumed.current_step == 300
    resumed.run(300)
    for group in ("E", "I"):
        expected, got = continuous.spikes(group), resumed.spikes(group)
        assert len(expected[0]) > 0
        assert np.array_equal(expected[0], got[0]) and np.array_equal(expected[1], got[1])
    assert np.array_equal(continuous.pull_var("E", "V"), resumed.pull_var("E", "V"))
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(sg.Error, match="it was not loaded"):
        resumed.load_checkpoint(path)
    assert resumed.current_step == 600
