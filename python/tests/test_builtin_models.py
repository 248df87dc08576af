"""Built-in models reached from Python, against their analytic behaviour."""
import numpy as np

import spikegen as sg


def test_alpha_current_peaks_at_tau_with_the_weight(backend):
    probe = sg.NeuronModel(name="Probe", vars=[sg.Var("V"), sg.Var("I")], sim_code="I = Isyn;")
    spike_at = sg.NeuronModel(name="SpikeAt", vars=[sg.Var("spikeTime")], threshold_code="fabs(t - spikeTime) < 0.5 * dt")
    net = sg.Network("alpha_psc", dt=0.1, precision="double")
    net.add_neuron_group("Pre", 1, spike_at, {}, {"spikeTime": 1.0})
    net.add_neuron_group("Post", 1, probe, {}, {"V": -60.0, "I": 0.0})
    net.add_synapse_group("S", "Pre", "Post", sg.WeightUpdate(sg.models.StaticPulseConstantWeight(), {"g": 0.7}),
                          sg.Postsynaptic(sg.models.AlphaCurr(), {"tau": 2.0}), sg.init.OneToOne())
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run(11)  # the spike of step 10 is delivered in step 11
    current = []
    for _ in range(60):
        sim.run(1)
        current.append(sim.pull_var("Post", "I")[0])
    t = 0.1 * np.arange(60)
    np.testing.assert_allclose(current, 0.7 * t / 2.0 * np.exp(1.0 - t / 2.0), rtol=0, atol=1e-12)
    assert int(np.argmax(current)) == 20
