"""Bad input raises one clear exception (spikegen.Error, a ValueError and a RuntimeError) with the
C++ message: never a crash, never silent wrong numbers."""
import json
import signal
import threading
import _thread

import numpy as np
import pytest

import spikegen as sg

LIF = dict(C=1.0, TauM=20.0, Vrest=-70.0, Vreset=-70.0, Vthresh=-51.0, Ioffset=0.0, TauRefrac=2.0)


def network_with_group():
    net = sg.Network("errors")
    net.add_neuron_group("N", 10, sg.models.LIF(), LIF, {"V": -70.0, "RefracTime": 0.0})
    return net


def test_error_is_a_value_error_and_a_runtime_error():
    assert issubclass(sg.Error, ValueError) and issubclass(sg.Error, RuntimeError)
    assert issubclass(sg.ModelFileError, sg.Error)


def test_unknown_variable_in_code_string_names_model_field_and_line():
    net = sg.Network("bad_code")
    model = sg.NeuronModel(name="Broken", vars=[sg.Var("V")], sim_code="V += 1.0;\nV += undefined_thing;")
    net.add_neuron_group("N", 4, model, {}, {"V": 0.0})
    with pytest.raises(sg.Error, match=r"(?s)'Broken'.*sim code.*line 2.*undefined_thing"):
        sg.Simulation(net, backend="cpu")


def test_probability_above_one_is_refused():
    net = network_with_group()
    with pytest.raises(sg.Error, match="prob"):
        net.add_synapse_group("S", "N", "N", sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": 1.0}),
                              sg.Postsynaptic(sg.models.DeltaCurr()), sg.init.FixedProbability(1.5))


def test_negative_delay_is_refused():
    net = network_with_group()
    with pytest.raises(sg.Error, match="delay"):
        net.add_synapse_group("S", "N", "N", sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": 1.0}),
                              sg.Postsynaptic(sg.models.DeltaCurr()), sg.init.FixedProbability(0.1),
                              axonal_delay_steps=-3)


def test_unknown_groups_missing_params_and_bad_names():
    net = network_with_group()
    with pytest.raises(sg.Error, match="'Missing'"):
        net.add_synapse_group("S", "Missing", "N", sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": 1.0}),
                              sg.Postsynaptic(sg.models.DeltaCurr()), sg.init.FixedProbability(0.1))
    with pytest.raises(sg.Error, match="TauM"):
        net.add_neuron_group("M", 10, sg.models.LIF(), {k: v for k, v in LIF.items() if k != "TauM"})
    with pytest.raises(sg.Error, match="already"):
        net.add_neuron_group("N", 10, sg.models.LIF(), LIF)
    with pytest.raises(sg.Error, match="sg_"):
        net.add_neuron_group("sg_x", 10, sg.models.LIF(), LIF)
    with pytest.raises(sg.Error, match="'nope'"):
        sg.standard_network("nope")


def test_wrong_types_are_type_errors():
    with pytest.raises(TypeError, match="unknown field 'simcode'"):
        sg.NeuronModel(name="X", simcode="V += 1;")
    with pytest.raises(TypeError, match="field 'params' cannot be a str"):
        sg.NeuronModel(name="X", params="tau")  # a list is expected
    with pytest.raises(TypeError):
        sg.Network("n").add_neuron_group("N", -5, sg.models.LIF(), LIF)


def test_unknown_backend_or_device():
    net = network_with_group()
    with pytest.raises(sg.Error, match="'tpu'"):
        sg.Simulation(net, backend="tpu")
    with pytest.raises(sg.Error, match="no device"):
        sg.Simulation(net, backend="cpu", device="1")
    if "cuda" in sg.backends():
        with pytest.raises(sg.Error, match="CUDA device 'first': expected the GPU's ordinal"):
            sg.Simulation(net, backend="cuda", device="first")
    if "opencl" in sg.backends():
        with pytest.raises(sg.Error, match="no device matches 'no such device'"):
            sg.Simulation(net, backend="opencl", device="no such device")


def test_a_file_that_is_not_a_model(tmp_path):
    with pytest.raises(sg.ModelFileError) as caught:
        sg.read_model('{"format": "spikegen-model", "version": 1, "network": {"name": 3}}')
    assert caught.value.path.startswith("/")
    with pytest.raises(sg.ModelFileError):
        sg.read_model("import os; os.system('echo pwned')")
    with pytest.raises(sg.Error):
        sg.read_model_file(tmp_path / "missing.json")


def test_model_file_round_trip(tmp_path, backend):
    net = sg.standard_network("cuba", scale=0.1, seed=9)
    path = tmp_path / "cuba.json"
    sg.write_model_file(net, path)
    again = sg.read_model_file(path)
    assert sg.write_model(again) == sg.write_model(net)
    assert json.loads(path.read_text())["name"] == "cuba"
    spikes = []
    for n in (net, again):
        sim = sg.Simulation(n, backend=backend)
        sim.initialize()
        sim.run(500)
        spikes.append(sim.spikes("E"))
    assert np.array_equal(spikes[0][0], spikes[1][0]) and np.array_equal(spikes[0][1], spikes[1][1])


def test_negative_run_time_is_refused():
    sim = sg.Simulation(network_with_group(), backend="cpu")
    sim.initialize()
    with pytest.raises(sg.Error, match="run_for"):
        sim.run_for(-1.0)
    with pytest.raises(sg.Error, match="run_for"):
        sim.run_for(float("nan"))


def test_ctrl_c_stops_a_long_run_between_steps_and_the_simulation_goes_on():
    sim = sg.Simulation(sg.standard_network("coba", scale=0.25), backend="cpu")
    sim.initialize()
    # A process started in the background by a non-interactive shell (as CI may be) ignores SIGINT,
    # and then interrupt_main does nothing: give SIGINT Python's own handler for this test.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.5, _thread.interrupt_main)
    try:
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            sim.run_for(1.0e6)  # 10 million steps: hours, unless interrupted
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    stopped_at = sim.current_step
    assert 0 < stopped_at < 10_000_000
    sim.run(10)
    assert sim.current_step == stopped_at + 10
    assert sim.spikes("E")[1].size > 0


def test_a_diverging_update_stops_the_run_naming_group_and_variable(backend):
    stiff = sg.NeuronModel(name="StiffEuler", params=["tau"], vars=[sg.Var("V")], sim_code="V += -V / tau * dt;")
    net = sg.Network("diverging", dt=0.3)
    net.add_neuron_group("Stiff", 4, stiff, {"tau": 0.1}, {"V": 1.0})
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    with pytest.raises(sg.Error, match=r"neuron group 'Stiff', variable 'V' of model 'StiffEuler' became NaN or infinite"):
        sim.run(300)


def test_validate_checks_code_strings_and_reports_memory(tmp_path):
    net = sg.standard_network("cuba", scale=0.1, seed=9)
    path = tmp_path / "cuba.json"
    sg.write_model_file(net, path)
    checked, estimated_bytes = sg.validate_model_file(path)
    assert checked.name == "cuba" and estimated_bytes > 400 * 4
    broken = json.loads(path.read_text())
    broken["models"] = {"neurons": [{"name": "Broken", "vars": [{"name": "V"}], "sim_code": "V += undefined_name;"}]}
    broken["neuron_groups"].append({"name": "B", "size": 2, "model": "Broken", "var_inits": {"V": 0}})
    path.write_text(json.dumps(broken))
    sg.read_model_file(path)  # reading alone does not compile code strings
    with pytest.raises(sg.Error, match=r"cuba.json: /models/neurons/0/sim_code: model 'Broken', field 'sim code', "
                                       r"line 1, column 6: unknown name 'undefined_name'"):
        sg.validate_model_file(path)
