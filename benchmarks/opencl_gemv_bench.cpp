// Dense propagation on OpenCL: the per-spike kernel against CLBlast's GEMV, at several matrix
// sizes and fractions of sources spiking per step. One JSON record per measurement; the rule in
// core/connectivity/layout.h (chooseDensePropagation) and docs/opencl.md come from these numbers.
// Usage: spikegen_opencl_gemv_bench [steps]
#include "backends/opencl/gemv_propagation.h"
#include "backends/opencl/opencl_backend.h"
#include "spikegen.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

using namespace spikegen;

namespace {

double secondsPerStep(opencl::GemvMode mode, std::uint32_t n, double spikeFraction, std::uint64_t steps)
{
    Network net("gemv_bench", NetworkOptions{0.1, Precision::Float, 5});
    net.addNeuronGroup("Pre", n, models::Poisson(), {{"rate", spikeFraction / 0.1 * 1000.0}}, {});
    NeuronModel integrator;
    integrator.name = "Integrator";
    integrator.vars = {{"V"}};
    integrator.simCode = "V += Isyn;";
    net.addNeuronGroup("Post", n, integrator, {}, {{"V", 0.0}});
    net.addSynapseGroup("S", SynapseSpec{"Pre", "Post", {models::StaticPulse(), {}, {{"g", init::Uniform(0.0, 1.0)}}},
                                         {models::DeltaCurr(), {}, {}}, init::Dense()});
    opencl::OpenCLOptions options;
    options.gemv = mode;
    opencl::OpenCLBackend backend(options);
    Simulation sim(net, backend);
    sim.initialize();
    sim.run(10); // warm-up: first launches compile work-group variants in PoCL
    const double before = sim.timings().simulateSeconds;
    sim.run(steps);
    return (sim.timings().simulateSeconds - before) / double(steps);
}

} // namespace

int main(int argc, char** argv)
{
    const std::uint64_t steps = argc > 1 ? std::stoull(argv[1]) : 100;
    setLogLevel("warn");
    if (!opencl::gemvAvailable()) {
        std::fprintf(stderr, "built without CLBlast: nothing to compare\n");
        return 1;
    }
    opencl::OpenCLBackend probe;
    for (std::uint32_t n : {256u, 1024u, 2048u, 4096u})
        for (double fraction : {0.001, 0.01, 0.05, 0.2, 0.5}) {
            const double kernel = secondsPerStep(opencl::GemvMode::Never, n, fraction, steps);
            const double gemv = secondsPerStep(opencl::GemvMode::Always, n, fraction, steps);
            std::cout << nlohmann::json{{"benchmark", "opencl_dense_propagation"},
                                        {"device", probe.description()},
                                        {"num_pre", n},
                                        {"num_post", n},
                                        {"spike_fraction", fraction},
                                        {"kernel_s_per_step", kernel},
                                        {"gemv_s_per_step", gemv},
                                        {"gemv_over_kernel", gemv / kernel}}
                             .dump()
                      << std::endl;
        }
    return 0;
}
