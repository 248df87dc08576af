"""COBA and CUBA built with the Python API are the networks spikegen's C++ builds (the standard
networks): the same model file text, and bit-identical spikes on every backend."""
import numpy as np
import pytest

import spikegen as sg

SCALE = 0.25  # 1000 neurons: quick, with the same 80 inputs per neuron as at full size
SEED = 4321


def add_populations(net, lif_params, v_init):
    for name, size in (("E", round(3200 * SCALE)), ("I", round(800 * SCALE))):
        net.add_neuron_group(name, size, sg.models.LIF(), lif_params, {"V": v_init, "RefracTime": 0.0},
                             record_spikes=True)


def coba_in_python():
    """models/networks/coba.cpp, written in Python."""
    net = sg.Network("coba", dt=0.1, precision="float", seed=SEED)
    g_leak = 0.01  # uS
    add_populations(net, dict(C=0.2, TauM=20.0, Vrest=-60.0, Vreset=-60.0, Vthresh=-50.0, Ioffset=0.0,
                              TauRefrac=5.0), sg.init.Normal(-65.0, 5.0))
    for source, weight, tau, reversal, mean, sd in (("E", 6.0e-3, 5.0, 0.0, 4.0, 1.5),
                                                    ("I", 67.0e-3, 10.0, -80.0, 20.0, 12.0)):
        for target in ("E", "I"):
            net.add_synapse_group(
                source + target, source, target,
                weight_update=sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": weight}),
                postsynaptic=sg.Postsynaptic(sg.models.ExpCond(), {"tau": tau, "E": reversal},
                                             {"gSyn": sg.init.Normal(mean * g_leak, sd * g_leak)}),
                connectivity=sg.init.FixedProbability(0.02 / SCALE))
    return net


def cuba_in_python():
    """models/networks/cuba.cpp, written in Python."""
    net = sg.Network("cuba", dt=0.1, precision="float", seed=SEED)
    resistance = 100.0  # MOhm
    add_populations(net, dict(C=0.2, TauM=20.0, Vrest=-49.0, Vreset=-60.0, Vthresh=-50.0, Ioffset=0.0,
                              TauRefrac=5.0), sg.init.Uniform(-60.0, -50.0))
    for source, weight_mv, tau in (("E", 60.0 * 0.27 / 10.0, 5.0), ("I", -20.0 * 4.5 / 10.0, 10.0)):
        for target in ("E", "I"):
            net.add_synapse_group(
                source + target, source, target,
                weight_update=sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": weight_mv / resistance}),
                postsynaptic=sg.Postsynaptic(sg.models.ExpCurr(), {"tau": tau}),
                connectivity=sg.init.FixedProbability(0.02 / SCALE))
    return net


def run_spikes(net, backend, ms=200.0):
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run_for(ms)
    return {group: sim.spikes(group) for group in ("E", "I")}


@pytest.mark.parametrize("name, build", [("coba", coba_in_python), ("cuba", cuba_in_python)])
def test_python_network_is_the_cpp_one(name, build, backend):
    in_python = build()
    in_cpp = sg.standard_network(name, seed=SEED, scale=SCALE)
    assert sg.write_model(in_python) == sg.write_model(in_cpp)

    python_spikes = run_spikes(in_python, backend)
    cpp_spikes = run_spikes(in_cpp, backend)
    for group in ("E", "I"):
        times, ids = python_spikes[group]
        assert len(ids) > 100, f"{name} {group} should fire"
        assert np.array_equal(times, cpp_spikes[group][0])
        assert np.array_equal(ids, cpp_spikes[group][1])
