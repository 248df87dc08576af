"""Equations with automatic integration from Python: custom models, the built-in AdEx and
Hodgkin-Huxley models, the cobahh network, model files and errors."""
import json
import math

import numpy as np
import pytest

import spikegen as sg


def leak(method):
    return sg.NeuronModel(name="Leak", params=["tau", "E"], vars=[sg.Var("V")],
                          equations="dV/dt = (E - V) / tau : mV", integration_method=method)


@pytest.mark.parametrize("method", ["exact", "exponential_euler"])
def test_linear_equation_is_integrated_exactly(backend, method):
    net = sg.Network("leak", dt=0.5, precision="double")
    net.add_neuron_group("N", 1, leak(method), {"tau": 5.0, "E": -65.0}, {"V": -50.0})
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run(20)
    assert sim.pull_var("N", "V")[0] == pytest.approx(-65.0 + 15.0 * math.exp(-2.0), abs=1e-11)


def test_rk4_error_shrinks_at_fourth_order(backend):
    errors = []
    for dt in (0.4, 0.2):
        net = sg.Network("rk4", dt=dt, precision="double")
        # Non-linear, so nothing is exact: dV/dt = -V^2 / tau, V(t) = V0 / (1 + V0 t / tau).
        model = sg.NeuronModel(name="Square", params=["tau"], vars=[sg.Var("V")],
                               equations="dV/dt = -V * V / tau", integration_method="rk4")
        net.add_neuron_group("N", 1, model, {"tau": 5.0}, {"V": 1.0})
        sim = sg.Simulation(net, backend=backend)
        sim.initialize()
        sim.run(round(4.0 / dt))
        errors.append(abs(sim.pull_var("N", "V")[0] - 1.0 / (1.0 + 4.0 / 5.0)))
    assert math.log2(errors[0] / errors[1]) == pytest.approx(4.0, abs=0.3)


def test_builtin_adex_adapts_and_hodgkin_huxley_spikes_once_per_action_potential(backend):
    net = sg.Network("builtin_equations")
    adex = {"C": 0.2, "gL": 0.012, "EL": -70.0, "VT": -50.0, "DeltaT": 2.0, "tauw": 300.0, "a": 0.002,
            "b": 0.06, "Vr": -58.0, "Vpeak": 0.0, "Ioffset": 0.5}
    net.add_neuron_group("AdEx", 1, sg.models.AdEx(), adex, {"V": -70.0, "w": 0.0}, record_spikes=True)
    hh = {"C": 0.2, "gL": 0.01, "EL": -60.0, "ENa": 50.0, "EK": -90.0, "gNa": 20.0, "gK": 6.0, "VT": -63.0,
          "Vthresh": -20.0, "Ioffset": 1.0}
    net.add_neuron_group("HH", 1, sg.models.HodgkinHuxley(), hh, {"V": -60.0, "m": 0.0, "h": 0.0, "n": 0.0},
                         record_spikes=True)
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run_for(200.0)
    adex_times, _ = sim.spikes("AdEx")
    assert len(adex_times) >= 4
    intervals = np.diff(adex_times)
    assert intervals[-1] > 1.5 * intervals[0]  # adaptation
    hh_times, _ = sim.spikes("HH")
    # 1 nA drives a regular train of ~120 Hz; each action potential is one spike (none 1 ms apart).
    assert 15 <= len(hh_times) <= 30
    assert np.diff(hh_times).min() > 5.0


def test_cobahh_is_a_standard_network(backend):
    assert "cobahh" in dict(sg.standard_networks())
    net = sg.standard_network("cobahh", scale=0.05, seed=3)
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run_for(50.0)
    assert len(sim.spikes("E")[0]) > 0


def test_model_file_keeps_equations_and_method():
    model = sg.NeuronModel(name="AdaptiveLeak", params=["tau", "E", "tauw"], vars=[sg.Var("V"), sg.Var("w")],
                           equations="dV/dt = (E - V - w) / tau : mV\ndw/dt = -w / tauw : mV",
                           integration_method="rk2", threshold_code="V > -50.0", reset_code="V = E;")
    net = sg.Network("file")
    net.add_neuron_group("N", 2, model, {"tau": 10.0, "E": -65.0, "tauw": 100.0}, {"V": -65.0, "w": 0.0})
    text = sg.write_model(net)
    neuron = json.loads(text)["models"]["neurons"][0]
    assert neuron["equations"] == model.equations
    assert neuron["integration_method"] == "rk2"
    assert sg.write_model(sg.read_model(text)) == text


def test_bad_equations_name_the_model_and_line():
    model = sg.NeuronModel(name="Broken", params=["tau"], vars=[sg.Var("V")],
                           equations="dV/dt = -V / tau\ndV/dt = V * V", integration_method="exact")
    net = sg.Network("broken")
    with pytest.raises(sg.Error, match=r"model 'Broken', field 'equations', line 2, column 2: 'V' is defined twice"):
        net.add_neuron_group("N", 1, model, {"tau": 10.0}, {"V": 0.0})
    bad_method = sg.NeuronModel(name="BadMethod", params=["tau"], vars=[sg.Var("V")],
                                equations="dV/dt = -V / tau", integration_method="rk45")
    net.add_neuron_group("M", 1, bad_method, {"tau": 10.0}, {"V": 0.0})
    with pytest.raises(sg.Error, match="unknown integration method 'rk45'"):
        sg.Simulation(net, backend="cpu")
