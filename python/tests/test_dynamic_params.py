"""Dynamic parameters from Python: the same spikes as literals, changed while the simulation runs."""
import numpy as np
import pytest

import spikegen as sg


def lif_under_dc(amp):
    net = sg.Network("dynamic_dc_py", dt=0.1, precision="double")
    net.add_neuron_group("N", 1, sg.models.LIF(),
                         {"C": 0.25, "TauM": 10.0, "Vrest": -65.0, "Vreset": -65.0, "Vthresh": 0.0,
                          "Ioffset": 0.0, "TauRefrac": 2.0}, {"V": -65.0, "RefracTime": 0.0})
    net.add_current_source("I", "N", sg.models.DC(), {"amp": amp})
    net.set_param_dynamic("I", "amp")
    return net


def test_set_param_acts_from_the_next_step(backend):
    net = lif_under_dc(0.2)
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run_for(50.0)
    v50 = -65.0 + 40.0 * 0.2 * (1 - np.exp(-5.0))
    assert sim.pull_var("N", "V")[0] == pytest.approx(v50, abs=1e-9)
    sim.set_param("I", "amp", 0.05)
    assert sim.param("I", "amp") == 0.05 and net.param("I", "amp") == 0.2
    sim.run_for(50.0)
    target = -65.0 + 40.0 * 0.05
    assert sim.pull_var("N", "V")[0] == pytest.approx(target + (v50 - target) * np.exp(-5.0), abs=1e-9)
    again = sg.Simulation(lif_under_dc(0.1), backend=backend)
    assert again.timings["compile_cache_hit"], "another value of a dynamic parameter needs no compile"


def test_what_cannot_be_dynamic_is_refused():
    net = sg.standard_network("coba", scale=0.05)
    with pytest.raises(sg.Error, match="shapes the connectivity"):
        net.set_param_dynamic("EE", "connectivity.prob")
    sim = sg.Simulation(net, backend="cpu")
    with pytest.raises(sg.Error, match="is not dynamic"):
        sim.set_param("E", "Vthresh", -49.0)


def test_dynamic_seed_shares_one_program(backend):
    def run(seed):
        net = sg.standard_network("coba", scale=0.1, seed=seed)
        net.seed_dynamic = True
        sim = sg.Simulation(net, backend=backend)
        sim.initialize()
        sim.run_for(50.0)
        return sim, sim.spikes("E")[0]
    first, spikes21 = run(21)
    second, spikes22 = run(22)
    assert second.timings["compile_cache_hit"]
    assert not np.array_equal(spikes21, spikes22)
