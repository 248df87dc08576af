#include "core/codegen/memory_estimate.h"

#include "core/codegen/model_plan.h"

#include <algorithm>
#include <cstdio>

namespace spikegen {

MemoryEstimate estimateMemory(const ModelPlan& plan)
{
    const bool batch = plan.batchSize() > 1;
    MemoryEstimate estimate;
    for (std::size_t index = 0; index < plan.buffers().size(); ++index) {
        const PlannedBuffer& b = plan.buffers()[index];
        double count = double(b.count);
        if (b.perSynapseOf) {
            const SynapseGroupPlan& s = plan.synapseGroups()[*b.perSynapseOf];
            count = double(s.group->source().size()) * s.layout.meanRowLength;
        }
        // At least one element: Simulation allocates empty buffers as one.
        const auto bytes = std::uint64_t(std::max(count, 1.0) * double(elementBytes(b.type)));
        if (b.perSynapseOf)
            estimate.perSynapse += plan.perInstance(index) ? bytes * plan.batchSize() : bytes;
        if (batch && !plan.perInstance(index))
            estimate.shared += bytes;
        else
            estimate.perInstance += batch ? bytes + ModelPlan::kInstanceAlignment : bytes; // a part's alignment
        if (bytes > estimate.largestBytes) {
            estimate.largestBytes = bytes;
            estimate.largest = b.about;
        }
    }
    estimate.bytes = estimate.shared + plan.batchSize() * estimate.perInstance;
    return estimate;
}

std::string bytesText(std::uint64_t bytes)
{
    char text[64];
    const double mib = double(bytes) / (1 << 20);
    if (mib >= 1024)
        std::snprintf(text, sizeof text, "%llu bytes (%.1f GiB)", (unsigned long long)bytes, mib / 1024);
    else
        std::snprintf(text, sizeof text, "%llu bytes (%.1f MiB)", (unsigned long long)bytes, mib);
    return text;
}

} // namespace spikegen
