// Given spike times (NeuronGroup::setSpikeTimes) into backend memory: as step numbers, so that the
// device compares integers (no float rounding of t differs between backends), and each neuron's
// range of them into its startSpike and endSpike variables.
#include "core/error.h"
#include "core/runtime/simulation.h"

#include <cmath>

namespace spikegen {
namespace {

// The step whose interval [s dt, (s + 1) dt) holds `timeMs`. A time within 1e-9 (relative) of a
// step boundary counts as on it, so that 0.3 ms at dt = 0.1 is step 3 although 0.3 / 0.1 < 3.
double stepOf(double timeMs, double dt)
{
    const double steps = timeMs / dt, nearest = std::round(steps);
    return std::abs(steps - nearest) <= 1e-9 * std::max(1.0, nearest) ? nearest : std::floor(steps);
}

} // namespace

void Simulation::uploadSpikeTimes()
{
    for (const NeuronGroupPlan& g : plan_.neuronGroups()) {
        if (!g.spikeSteps || !g.group->spikeTimes())
            continue;
        const SpikeTimes& given = *g.group->spikeTimes();
        std::vector<std::uint32_t> steps(given.times.size());
        for (std::uint32_t n = 0; n < g.group->size(); ++n)
            for (std::uint32_t k = given.starts[n]; k < given.starts[n + 1]; ++k) {
                const double step = stepOf(given.times[k], plan_.dt());
                if (step > 4294967295.0)
                    throw Error("neuron group '" + g.group->name() + "': spike time " + std::to_string(k - given.starts[n]) +
                                " of neuron " + std::to_string(n) + " lies beyond step 2^32 - 1 at dt = " +
                                std::to_string(plan_.dt()) + " ms");
                steps[k] = std::uint32_t(step);
            }
        if (!steps.empty())
            uploadToEveryInstance(*g.spikeSteps, steps.data(), steps.size() * 4);
        for (const PlannedVar& v : g.vars) {
            if (v.name != "startSpike" && v.name != "endSpike")
                continue;
            if (plan_.buffers()[v.buffer].type != Element::Uint32)
                throw Error("neuron group '" + g.group->name() + "': variable '" + v.name +
                            "' holds an index into the spike times and must be unsigned");
            // Each neuron starts at its first time not before the clock (initialize() after a run
            // does not rewind it): times already past are skipped, not fired at once.
            std::vector<std::uint32_t> bounds(g.group->size());
            for (std::uint32_t n = 0; n < g.group->size(); ++n) {
                std::uint32_t k = given.starts[n];
                if (v.name == "startSpike")
                    while (k < given.starts[n + 1] && steps[k] < step_)
                        ++k;
                else
                    k = given.starts[n + 1];
                bounds[n] = k;
            }
            uploadToEveryInstance(v.buffer, bounds.data(), bounds.size() * 4);
        }
    }
}

} // namespace spikegen
