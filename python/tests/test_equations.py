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


def equation_exp_cond(method="exact"):
    return sg.PostsynapticModel(
        name="EquationExpCond", params=["tau", "E"], vars=[sg.Var("gSyn", initial=0.0)], linear=True,
        equations="dgSyn/dt = -gSyn / tau : uS", integration_method=method,
        apply_input_code="gSyn += inSyn;\ninSyn = 0.0;\nIsyn += gSyn * (E - V);")


def relaxing_current(method="exact"):
    return sg.CurrentSourceModel(name="Relaxing", params=["amp", "tau"], vars=[sg.Var("I")],
                                 equations="dI/dt = (amp - I) / tau : nA", integration_method=method,
                                 injection_code="injectCurrent(I);")


def test_postsynaptic_equations_match_exp_cond(backend):
    spiker = sg.NeuronModel(name="Regular", vars=[sg.Var("next")], threshold_code="t >= next - 0.5 * dt",
                            reset_code="next += 3.7;")
    membrane = sg.NeuronModel(name="Leaky", vars=[sg.Var("V")], sim_code="V += ((-65.0 - V) / 10.0 + Isyn) * dt;")
    net = sg.Network("equation_psm")
    net.add_neuron_group("Pre", 1, spiker, {}, {"next": 1.0})
    for name, psm in (("Builtin", sg.models.ExpCond()), ("Equation", equation_exp_cond())):
        net.add_neuron_group(name, 1, membrane, {}, {"V": -65.0})
        net.add_synapse_group("S" + name, "Pre", name,
                              sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": 0.02}),
                              sg.Postsynaptic(psm, {"tau": 5.0, "E": 0.0}), sg.init.OneToOne())
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    for _ in range(200):
        sim.run(1)
        assert sim.pull_var("Equation", "V")[0] == pytest.approx(sim.pull_var("Builtin", "V")[0], abs=1e-4)
    assert sim.pull_var("Builtin", "V")[0] > -64.5


def test_current_source_equation_injects_the_analytic_value(backend):
    probe = sg.NeuronModel(name="Probe", vars=[sg.Var("Iin")], sim_code="Iin = Isyn;")
    net = sg.Network("equation_current", dt=0.1, precision="double")
    net.add_neuron_group("N", 3, probe, {}, {"Iin": 0.0})
    net.add_current_source("I", "N", relaxing_current(), {"amp": 1.5, "tau": 4.0}, {"I": 0.0})
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run(30)
    np.testing.assert_allclose(sim.pull_var("N", "Iin"), 1.5 * (1.0 - math.exp(-3.0 / 4.0)), atol=1e-12)


def test_model_file_keeps_postsynaptic_and_current_source_equations():
    membrane = sg.NeuronModel(name="Leaky", vars=[sg.Var("V")], sim_code="V += Isyn * dt;")
    net = sg.Network("file_models")
    net.add_neuron_group("Pre", 2, membrane, {}, {"V": 0.0})
    net.add_neuron_group("Post", 2, membrane, {}, {"V": 0.0})
    net.add_synapse_group("S", "Pre", "Post", sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": 0.1}),
                          sg.Postsynaptic(equation_exp_cond(), {"tau": 5.0, "E": 0.0}), sg.init.OneToOne())
    net.add_current_source("I", "Post", relaxing_current("rk4"), {"amp": 1.0, "tau": 4.0}, {"I": 0.0})
    text = sg.write_model(net)
    models = json.loads(text)["models"]
    assert models["postsynaptic"][0]["equations"] == "dgSyn/dt = -gSyn / tau : uS"
    assert models["postsynaptic"][0]["integration_method"] == "exact"
    assert models["current_sources"][0]["integration_method"] == "rk4"
    assert sg.write_model(sg.read_model(text)) == text


def test_bad_postsynaptic_and_current_source_equations():
    membrane = sg.NeuronModel(name="Leaky", vars=[sg.Var("V")], sim_code="V += Isyn * dt;")
    net = sg.Network("broken_models")
    net.add_neuron_group("Pre", 1, membrane, {}, {"V": 0.0})
    net.add_neuron_group("Post", 1, membrane, {}, {"V": 0.0})
    with pytest.raises(sg.Error, match=r"model 'Relaxing', field 'equations', line 1: 'J' in dJ/dt is not a state"):
        bad = relaxing_current()
        bad.equations = "dJ/dt = -J"
        net.add_current_source("I", "Post", bad, {"amp": 1.0, "tau": 4.0}, {"I": 0.0})
    psm = equation_exp_cond()
    psm.equations = "dgSyn/dt = -gSyn * gSyn / tau"
    net.add_synapse_group("S", "Pre", "Post", sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": 0.1}),
                          sg.Postsynaptic(psm, {"tau": 5.0, "E": 0.0}), sg.init.OneToOne())
    with pytest.raises(sg.Error, match=r"model 'EquationExpCond', field 'equations', line 1, column 2: exact: "
                                       r"the system is not linear"):
        sg.Simulation(net, backend="cpu")


def test_unit_mismatch_is_an_error_at_the_right_hand_side():
    model = sg.NeuronModel(name="Mixed", params=["tau"], vars=[sg.Var("V"), sg.Var("w")],
                           equations="dV/dt = (V + w) / tau : mV\ndw/dt = -w / tau : nA")
    net = sg.Network("mixed")
    net.add_neuron_group("N", 1, model, {"tau": 5.0}, {"V": 0.0, "w": 0.0})
    with pytest.raises(sg.Error, match=r"line 1, column 9: unit mismatch: the right-hand side adds 'V' \(dimension V\) "
                                       r"and 'w' \(dimension A\)"):
        sg.Simulation(net, backend="cpu")


def test_diverging_postsynaptic_variable_stops_the_run(backend):
    stiff = sg.PostsynapticModel(name="StiffSynapse", vars=[sg.Var("g", initial=1.0)], decay_code="g *= -2.0;")
    quiet = sg.NeuronModel(name="Quiet", vars=[sg.Var("V")], sim_code="V = 0.0;")
    net = sg.Network("diverging_synapse")
    net.add_neuron_group("N", 2, quiet, {}, {"V": 0.0})
    net.add_synapse_group("NN", "N", "N", sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": 0.0}),
                          sg.Postsynaptic(stiff), sg.init.OneToOne())
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    with pytest.raises(sg.Error, match="synapse group 'NN', variable 'g' of postsynaptic model 'StiffSynapse' "
                                       "became NaN or infinite"):
        sim.run(200)
