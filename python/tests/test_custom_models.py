"""Models written in Python (code strings) run on every backend and give what the arithmetic says."""
import math

import numpy as np
import pytest

import spikegen as sg

DT = 0.1


def leaky_integrator():
    """V relaxes to I with time constant tau (exactly, step by step); a spike at theta resets it."""
    return sg.NeuronModel(
        name="LeakyIntegrator",
        params=["tau", "I", "theta"],
        derived_params=[sg.DerivedParam("decay", "exp(-dt / tau)")],
        vars=[sg.Var("V"), sg.Var("count", "int")],
        sim_code="V = I + (V - I) * decay;",
        threshold_code="V >= theta",
        reset_code="V = 0.0;\ncount += 1;")


def test_custom_neuron_fires_at_the_analytic_interval(backend):
    tau, current, theta = 10.0, 2.0, 1.0
    net = sg.Network("custom_neuron", dt=DT, precision="double")
    net.add_neuron_group("N", 3, leaky_integrator(), {"tau": tau, "I": current, "theta": theta},
                         {"V": 0.0, "count": 0}, record_spikes=True)
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run_for(100.0)
    times, ids = sim.spikes("N")

    # Crossing theta from 0 takes tau * ln(I / (I - theta)) = 6.93 ms: the 70th step.
    steps_per_spike = math.ceil(tau * math.log(current / (current - theta)) / DT)
    intervals = np.diff(times[ids == 0])
    assert len(intervals) > 5
    np.testing.assert_allclose(intervals, steps_per_spike * DT, atol=1e-9)
    counts = sim.pull_var("N", "count")
    assert counts.dtype == np.int32
    assert list(counts) == [len(intervals) + 1] * 3


def counting_synapse():
    """Counts the spikes that arrive and the postsynaptic spikes, per synapse (a learning rule)."""
    return sg.WeightUpdateModel(
        name="Counter",
        vars=[sg.Var("g"), sg.Var("arrivals", "int"), sg.Var("post_spikes", "int")],
        sim_code="addToPost(g);\narrivals += 1;",
        learn_post_code="post_spikes += 1;")


def test_custom_learning_rule_counts_every_spike(backend):
    net = sg.Network("custom_rule", dt=DT, seed=11)
    net.add_neuron_group("Pre", 20, sg.models.Poisson(), {"rate": 50.0}, record_spikes=True)
    lif = dict(C=1.0, TauM=20.0, Vrest=-70.0, Vreset=-70.0, Vthresh=-51.0, Ioffset=0.0, TauRefrac=2.0)
    net.add_neuron_group("Post", 10, sg.models.LIF(), lif, {"V": -70.0, "RefracTime": 0.0}, record_spikes=True)
    net.add_synapse_group("Syn", "Pre", "Post",
                          weight_update=sg.WeightUpdate(counting_synapse(), {}, {"g": 40.0, "arrivals": 0,
                                                                                "post_spikes": 0}),
                          postsynaptic=sg.Postsynaptic(sg.models.DeltaCurr()),
                          connectivity=sg.init.FixedProbability(0.5))
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run_for(300.0)
    end = sim.time
    pre_times, pre_ids = sim.spikes("Pre")
    post_times, post_ids = sim.spikes("Post")
    assert len(post_ids) > 20, "the targets should fire"

    starts, targets = sim.row_starts("Syn"), sim.post_indices("Syn")
    arrivals, post_spikes = sim.pull_var("Syn", "arrivals"), sim.pull_var("Syn", "post_spikes")
    # A spike arrives in the step after the one that emits it.
    pre_count = np.bincount(pre_ids[pre_times < end - DT / 2 - DT], minlength=20)
    post_count = np.bincount(post_ids, minlength=10)
    for i in range(20):
        row = slice(starts[i], starts[i + 1])
        assert np.all(arrivals[row] == pre_count[i]), f"row {i}"
        assert np.array_equal(post_spikes[row], post_count[targets[row]]), f"row {i}"


def decaying(derived):
    return sg.NeuronModel(name="Decaying", params=["tau"], derived_params=[derived], vars=[sg.Var("V")],
                          sim_code="V = V * decay + 1.0;")


def test_derived_parameter_from_a_python_function():
    net = sg.Network("python_derived", precision="double")
    net.add_neuron_group("N", 2, decaying(sg.DerivedParam("decay", lambda p, dt: math.exp(-dt / p["tau"]))),
                         {"tau": 10.0}, {"V": 1.0})
    sim = sg.Simulation(net, backend="cpu")
    sim.initialize()
    sim.run(1)
    assert np.allclose(sim.pull_var("N", "V"), math.exp(-0.01) + 1.0, rtol=0, atol=1e-15)
    with pytest.raises(sg.Error, match="derived parameter 'decay' is a function"):
        sg.write_model(net)


def test_derived_parameter_function_that_fails_or_returns_no_number():
    for function, error, message in ((lambda p, dt: 1 / 0, ZeroDivisionError, "division"),
                                     (lambda p, dt: "x", TypeError, "derived parameter 'decay': the function "
                                                                    "returned a str, not a number")):
        net = sg.Network("bad_derived")
        with pytest.raises(error, match=message):
            net.add_neuron_group("N", 2, decaying(sg.DerivedParam("decay", function)), {"tau": 10.0}, {"V": 0.0})
            sg.Simulation(net, backend="cpu")
