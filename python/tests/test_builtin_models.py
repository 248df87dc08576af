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


def test_poisson_alpha_current_has_the_mean_of_its_spikes(backend):
    # A spike adds e * weight to x; the current then runs k s d^k e weight in the k-th step after it
    # (s = dt / tau, d = exp(-s)), so its mean is meanCount * s * e * weight * d / (1 - d)^2.
    probe = sg.NeuronModel(name="Probe", vars=[sg.Var("I")], sim_code="I = Isyn;")
    net = sg.Network("poisson_alpha", dt=0.1, precision="double", seed=7)
    net.add_neuron_group("N", 2000, probe, {}, {"I": 0.0})
    net.add_current_source("P", "N", sg.models.PoissonAlphaCurr(),
                           {"weight": 0.5, "tau": 0.5, "rate": 100.0, "inputs": 100.0})
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run(100)
    samples = []
    for _ in range(20):
        sim.run(50)
        samples.append(sim.pull_var("N", "I"))
    s, mean_count = 0.2, 100 * 100.0 * 0.1e-3
    d = np.exp(-s)
    expected = mean_count * s * np.e * 0.5 * d / (1 - d) ** 2
    assert abs(np.mean(samples) / expected - 1) < 0.03


def test_hpc_network_fires_irregularly(backend):
    net = sg.standard_network("hpc", scale=0.02, seed=3)
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run_for(200.0)
    for group in ("E", "I"):
        times = sim.spikes(group)[0]
        assert 10.0 < len(times) / net.neuron_group(group).size / 0.2 < 60.0  # NEST: ~27 Hz at scale 0.05


def power_law_weights(backend, post_spike_ms, back_prop_delay_steps=0):
    """Power-law STDP from pre spikes at 95 and 105 ms to one post spike, learned by 120 ms."""
    spike_at = sg.NeuronModel(name="SpikeAt", vars=[sg.Var("spikeTime")], threshold_code="fabs(t - spikeTime) < 0.5 * dt")
    net = sg.Network("power_law_window", dt=0.1, precision="double")
    net.add_neuron_group("Pre", 2, spike_at, {}, {"spikeTime": 0.0})
    net.add_neuron_group("Post", 1, spike_at, {}, {"spikeTime": post_spike_ms})
    params = {"tauPlus": 15.0, "tauMinus": 30.0, "lambda": 0.02, "alpha": 1.5, "mu": 0.4, "w0": 1.0}
    group = net.add_synapse_group("S", "Pre", "Post", sg.WeightUpdate(sg.models.STDPPowerLaw(), params, {"w": 0.5}),
                                  sg.Postsynaptic(sg.models.DeltaCurr()), sg.init.Dense(),
                                  back_prop_delay_steps=back_prop_delay_steps)
    assert group.back_prop_delay_steps == back_prop_delay_steps
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.push_var("Pre", "spikeTime", np.array([95.0, 105.0]))
    sim.run_for(120.0)
    return sim.pull_var("S", "w")


def expect_window_of_a_post_spike_at_100_ms(w):
    # Pre 0 leads the post spike by 5 ms, pre 1 follows it by 5 ms: potentiation
    # lambda w^mu exp(-5 / tauPlus), depression lambda alpha w exp(-5 / tauMinus).
    np.testing.assert_allclose(w[0] - 0.5, 0.02 * 0.5 ** 0.4 * np.exp(-5 / 15.0), rtol=1e-9)
    np.testing.assert_allclose(w[1] - 0.5, -0.02 * 1.5 * 0.5 * np.exp(-5 / 30.0), rtol=1e-9)


def test_power_law_stdp_follows_its_window(backend):
    expect_window_of_a_post_spike_at_100_ms(power_law_weights(backend, 100.0))


def test_back_propagation_delay_times_post_spikes_at_the_synapse(backend):
    # NEST's timing: with a back-propagation delay of 15 steps the post spike emitted at 98.5 ms
    # reaches the rule at 100 ms.
    expect_window_of_a_post_spike_at_100_ms(power_law_weights(backend, 98.5, back_prop_delay_steps=15))
