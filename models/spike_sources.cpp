#include "models/spike_sources.h"

namespace spikegen::models {

NeuronModel SpikeSourceArray()
{
    NeuronModel m;
    m.name = "SpikeSourceArray";
    m.vars = {{"startSpike", "unsigned", 0.0}, {"endSpike", "unsigned", 0.0}};
    m.thresholdCode = "startSpike < endSpike && spikeDue(startSpike)";
    // Every time due in this step is used up by this one spike.
    m.resetCode = R"(
while (startSpike < endSpike && spikeDue(startSpike)) {
    startSpike++;
}
)";
    return m;
}

} // namespace spikegen::models
