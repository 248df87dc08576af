// Izhikevich (2003), the network of its figure 3 (models/networks/izhikevich.cpp): cortical-like
// firing at a few Hz with rhythms in the alpha (about 10 Hz) and gamma (about 40 Hz) bands. The
// rhythm shows as spectral power of the population count far above the flat spectrum that
// independent neurons would give (measured here at 100-500 Hz). docs/reference_models.md.
#include "../conformance/backend_fixture.h"
#include "population_activity.h"

#include "core/runtime/spike_statistics.h"

#include <cstdio>

namespace spikegen::testing {
namespace {

class Izhikevich2003 : public BackendTest {};

TEST_P(Izhikevich2003, FiresAtFewHertzWithAlphaAndGammaRhythms)
{
    auto net = models::makeIzhikevich2003({});
    auto b = backend();
    const double durationMs = 1000.0, fromMs = 100.0;
    Simulation sim(*net, *b, SimulationOptions{std::uint32_t(durationMs) + 1});
    sim.initialize();
    sim.runFor(durationMs);
    const SpikeTrains exc = sim.spikes("E"), inh = sim.spikes("I");
    const auto e = spikeStatistics(exc, 800, fromMs, durationMs), i = spikeStatistics(inh, 200, fromMs, durationMs);
    const auto counts = populationCounts({&exc, &inh}, fromMs, durationMs);
    const double floor = bandPower(counts, 100.0, 500.0);
    const double alpha = bandPower(counts, 5.0, 15.0) / floor, gamma = bandPower(counts, 30.0, 50.0) / floor;
    std::printf("izhikevich: E %.2f Hz (CV %.2f), I %.2f Hz (CV %.2f); power over the 100-500 Hz floor: "
                "5-15 Hz x%.0f, 30-50 Hz x%.0f\n", e.rateHz, e.meanCvIsi, i.rateHz, i.meanCvIsi, alpha, gamma);
    for (const auto* pop : {&e, &i}) {
        EXPECT_GT(pop->rateHz, 3.0); // measured 7.3 Hz (E), 6.9 Hz (I)
        EXPECT_LT(pop->rateHz, 15.0);
    }
    EXPECT_GT(alpha, 10.0); // measured x31 (seed 1234)
    EXPECT_GT(gamma, 5.0);  // measured x25
}

// The correlated initial values: c and d of an excitatory neuron come from one r (d = 8 - 6 r^2
// and c = -65 + 15 r^2, so d = 8 - 0.4 (c + 65)), and a, b, u of an inhibitory one likewise.
TEST_P(Izhikevich2003, InitialValuesShareOneRandomNumberPerNeuron)
{
    auto net = models::makeIzhikevich2003({});
    auto b = backend();
    Simulation sim(*net, *b, SimulationOptions{2});
    sim.initialize();
    const auto c = sim.pullVar("E", "c"), d = sim.pullVar("E", "d");
    double spread = 0;
    for (std::size_t k = 0; k < c.size(); ++k) {
        EXPECT_NEAR(d[k], 8.0 - 0.4 * (c[k] + 65.0), 1e-4) << k;
        spread = std::max(spread, c[k] + 65.0);
    }
    EXPECT_GT(spread, 14.0); // r covers [0, 1)
    const auto a = sim.pullVar("I", "a"), bb = sim.pullVar("I", "b"), u = sim.pullVar("I", "U");
    for (std::size_t k = 0; k < a.size(); ++k) {
        EXPECT_NEAR(bb[k], 0.25 - 0.625 * (a[k] - 0.02), 1e-6) << k;
        EXPECT_NEAR(u[k], -65.0 * bb[k], 1e-4) << k;
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, Izhikevich2003, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
