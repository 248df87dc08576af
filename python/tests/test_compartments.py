"""Compartmental neurons from Python: Dendrify's soma - prox - dist chain (the C++ conformance test
has all seven protocols of benchmarks/brian2/dendrify), custom compartments, model files and
errors."""
import math

import numpy as np
import pytest

import spikegen as sg


def dendrify_chain():
    model = sg.models.CompartmentalNeuron(
        "DendrifyChain",
        [sg.models.LeakyCompartment("soma"), sg.models.DendriticSpikeCompartment("prox"),
         sg.models.DendriticSpikeCompartment("dist")],
        [sg.Coupling("soma", "prox", "g_sp"), sg.Coupling("prox", "dist", "g_pd")])
    model.params = model.params + ["g_sp", "g_pd"]
    model.integration_method = "euler"  # as Dendrify
    params = {"V_threshold": -40.0, "V_spike": 40.0, "V_reset": -55.0, "refractory": 4.0,
              "reset_delay": 0.8, "g_sp": 15.0, "g_pd": math.pi / 0.348}
    for c, (cm, gl) in {"soma": (17.5, 0.7), "prox": (10.5, 0.42), "dist": (4.2, 0.168)}.items():
        params.update({f"C_{c}": cm * math.pi, f"gL_{c}": gl * math.pi, f"EL_{c}": -65.0})
    for c, (rise, fall) in {"prox": (22.0, 14.0), "dist": (9.0, 5.7)}.items():
        params.update({f"dspike_threshold_{c}": -35.0, f"g_rise_{c}": rise, f"E_rise_{c}": 70.0,
                       f"rise_duration_{c}": 1.2, f"g_fall_{c}": fall, f"E_fall_{c}": -89.0,
                       f"fall_delay_{c}": 0.2, f"fall_duration_{c}": 2.4, f"dspike_refractory_{c}": 5.0})
    return model, params


def step_current():
    return sg.CurrentSourceModel(name="CurrentStep", params=["amp"],
                                 injection_code="if (t > 10.0 - 0.5 * dt && t < 110.0 - 0.5 * dt) injectCurrent(amp);")


def test_dendritic_spikes_drive_the_soma_as_in_dendrify(backend):
    """Protocol b2 of dendrify_reference.json: 190 pA into the distal dendrite."""
    model, params = dendrify_chain()
    net = sg.Network("dendrify_b2", dt=0.1, precision="double", seed=1)
    group = net.add_neuron_group("N", 1, model, params, {"V_soma": -65.0, "V_prox": -65.0, "V_dist": -65.0},
                                 record_spikes=True)
    group.set_var_recording("dspikes_prox")
    group.set_var_recording("dspikes_dist")
    source = net.add_current_source("I", "N", step_current(), {"amp": 190.0}, target_compartment="dist")
    assert source.target_compartment == "dist"
    assert group.compartments == ["soma", "prox", "dist"]
    assert "V_dist" in [v.name for v in group.model.vars]
    assert [c.name for c in group.declared_model.compartments] == ["soma", "prox", "dist"]
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run(1600)
    times, _ = sim.spikes("N")
    assert np.round(times, 1).tolist() == [34.0, 44.2, 54.2, 64.2, 74.2, 84.2, 94.2, 104.2]
    for compartment, expected in {"prox": [33.4, 43.5, 53.5, 63.5, 73.5, 83.5, 93.5, 103.5],
                                  "dist": [round(17.3 + 5.0 * k, 1) for k in range(19)]}.items():
        row_times, values = sim.recorded_var("N", "dspikes_" + compartment)
        counts = values[:, 0]
        went_up = np.flatnonzero(np.diff(np.concatenate([[0.0], counts])) > 0)
        assert np.round(row_times[went_up] - 0.1, 1).tolist() == expected


def test_synapses_target_a_compartment_and_survive_a_model_file():
    model, params = dendrify_chain()
    net = sg.Network("dendrify_synapse", dt=0.1, precision="double", seed=1)
    net.add_neuron_group("N", 1, model, params, {"V_soma": -65.0, "V_prox": -65.0, "V_dist": -65.0})
    net.add_neuron_group("S", 1, sg.models.SpikeSourceArray()).set_spike_times([[20.0, 20.1, 20.2, 20.3, 20.4, 20.5]])
    ampa = sg.PostsynapticModel(name="DendrifyAMPA", params=["g", "tau", "E"],
                                apply_input_code="Isyn += g * inSyn * (E - V);", decay_code="inSyn *= 1.0 - dt / tau;")
    syn = net.add_synapse_group("SN", "S", "N", sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": 1.0}),
                                sg.Postsynaptic(ampa, {"g": 3.0, "tau": 2.0, "E": 0.0}), sg.init.OneToOne(),
                                target_compartment="dist")
    assert syn.target_compartment == "dist"
    text = sg.write_model(net)
    assert '"target_compartment": "dist"' in text and '"compartments"' in text
    read_back = sg.read_model(text)
    assert sg.write_model(read_back) == text
    peaks = []
    for n in (net, read_back):
        n.neuron_group("N").set_var_recording("V_dist")
        sim = sg.Simulation(n, backend="cpu")
        sim.initialize()
        sim.run(400)
        _, values = sim.recorded_var("N", "V_dist")
        peaks.append(values.max())
    # Protocol d2 of dendrify_reference.json: one dendritic spike, peak -13.2195 mV at 22.3 ms.
    assert peaks[0] == pytest.approx(-13.2195, abs=1e-3)
    assert peaks[1] == peaks[0]


def test_bad_compartments_give_one_clear_error():
    model, params = dendrify_chain()
    model.couplings = model.couplings + [sg.Coupling("dist", "apical", "1.0")]
    net = sg.Network("bad")
    with pytest.raises(sg.Error, match="compartment 'apical' does not exist \\(compartments: soma, prox, dist\\)"):
        net.add_neuron_group("N", 1, model, params, {"V_soma": -65.0, "V_prox": -65.0, "V_dist": -65.0})
    model, params = dendrify_chain()
    net.add_neuron_group("N", 1, model, params, {"V_soma": -65.0, "V_prox": -65.0, "V_dist": -65.0})
    with pytest.raises(sg.Error, match="target compartment 'dsit' is not a compartment of neuron group 'N'; "
                                       "did you mean 'dist'"):
        net.add_current_source("I", "N", step_current(), {"amp": 1.0}, target_compartment="dsit")
    custom = sg.NeuronModel(name="Custom", compartments=[
        sg.Compartment("soma", params=["C"], vars=[sg.Var("V")], equations="dV/dt = (Isyn + Ih) / C : mV")])
    net.add_neuron_group("M", 1, custom, {"C_soma": 1.0}, {"V_soma": 0.0})
    with pytest.raises(sg.Error, match="compartment 'soma' equations', line 1, column 17: unknown name 'Ih'"):
        sg.Simulation(net, backend="cpu")
