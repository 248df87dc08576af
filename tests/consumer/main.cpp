// Builds and runs a small network through the installed spikegen package; exits non-zero unless
// the neurons fire as expected.
#include <spikegen.h>

#include <cstdio>

int main()
{
    using namespace spikegen;
    Network net("consumer");
    net.addNeuronGroup("N", 10, models::LIF(),
                       {{"C", 1.0}, {"TauM", 20.0}, {"Vrest", -70.0}, {"Vreset", -70.0}, {"Vthresh", -51.0},
                        {"Ioffset", 2.0}, {"TauRefrac", 2.0}},
                       {{"V", init::Uniform(-70.0, -60.0)}, {"RefracTime", 0.0}})
        .setSpikeRecording(true);
    auto backend = createBackend();
    Simulation sim(net, *backend);
    sim.initialize();
    sim.runFor(100.0);
    const auto spikes = sim.spikes("N").times.size();
    std::printf("consumer: %zu spikes on backend %s\n", spikes, backend->name().c_str());
    return spikes >= 30 ? 0 : 1;
}
