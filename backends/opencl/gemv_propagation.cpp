#include "backends/opencl/gemv_propagation.h"

#include "backends/opencl/opencl_buffers.h"

#include "backends/simt/simt_dialect.h"
#include "core/error.h"

#ifdef SPIKEGEN_HAVE_CLBLAST
#include <clblast.h>
#endif

namespace spikegen::opencl {

bool gemvAvailable()
{
#ifdef SPIKEGEN_HAVE_CLBLAST
    return true;
#else
    return false;
#endif
}

bool gemvEligible(const SynapseGroupPlan& group)
{
    const auto& wu = group.group->weightUpdate().model;
    // Deterministic mode sums in fixed point, which CLBlast's float product does not.
    return group.layout.format == ConnectivityFormat::Dense && !group.fixedInput && !group.dendriticDelay &&
           !group.plastic() &&
           group.weightVars.size() == 1 && group.weightVars[0].name == "g" && wu.simCode == "addToPost(g);";
}

std::string GemvPropagation::indicatorSource(const std::string& scalar)
{
    // The clock is the SIMT one (simt_dialect.h): {step low, step high, recording row, 0}.
    return (scalar == "double" ? "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n" : "") +
           std::string("// Spike indicator of a dense projection for CLBlast's GEMV (x[id_pre] = 1 if id_pre spiked\n"
                       "// `delay` steps ago; x is zeroed before).\n"
                       "__kernel void sg_spike_indicator(__global const uint* spike_count, uint spike_count_at,\n"
                       "                                 __global const uint* spikes, uint spikes_at,\n"
                       "                                 __global const uint* clock, __global ") +
           scalar + "* x, uint slots, uint delay, uint size)\n"
                    "{\n"
                    "    spike_count += spike_count_at;\n"
                    "    spikes += spikes_at;\n"
                    "    const ulong step = ((ulong)clock[1] << 32) | clock[0];\n"
                    "    const uint slot = (uint)((step + slots - delay) % slots);\n"
                    "    const uint n = spike_count[slot];\n"
                    "    for (uint k = get_global_id(0); k < n; k += get_global_size(0))\n"
                    "        x[spikes[slot * size + k]] = 1;\n"
                    "}\n";
}

GemvPropagation::GemvPropagation(std::shared_ptr<Context> context, const ModelPlan& plan,
                                 const SynapseGroupPlan& group, cl_program indicatorProgram)
    : context_(std::move(context)), plan_(plan), group_(group), isDouble_(plan.scalar() == lang::Type::Double)
{
    if (!gemvAvailable())
        throw Error("synapse group '" + group.group->name() + "': this spikegen was built without CLBlast");
    cl_int error = CL_SUCCESS;
    indicator_ = clCreateKernel(indicatorProgram, "sg_spike_indicator", &error);
    check(error, "clCreateKernel(sg_spike_indicator)");
    const std::size_t bytes = std::size_t(group.group->source().size()) * (isDouble_ ? 8 : 4);
    x_ = clCreateBuffer(context_->context, CL_MEM_READ_WRITE, bytes, nullptr, &error);
    check(error, "clCreateBuffer (spike indicator of '" + group.group->name() + "')");
}

GemvPropagation::~GemvPropagation()
{
    if (indicator_)
        clReleaseKernel(indicator_);
    if (x_)
        clReleaseMemObject(x_);
}

void GemvPropagation::bind(const std::vector<DeviceBuffer*>& buffers, cl_mem clock)
{
    const NeuronGroupPlan& pre = plan_.neuronGroups()[group_.source];
    const std::size_t scalarBytes = isDouble_ ? 8 : 4;
    // A buffer not allocated yet (null) binds as no memory at offset 0.
    const auto memory = [&](std::size_t b) {
        const auto* m = static_cast<const OpenCLMemory*>(buffers.at(b));
        return m ? m->memory() : cl_mem(nullptr);
    };
    const auto offset = [&](std::size_t b, std::size_t elementBytes) {
        const auto* m = static_cast<const OpenCLMemory*>(buffers.at(b));
        return m ? m->offset() / elementBytes : 0;
    };
    weights_ = memory(group_.weightVars[0].buffer);
    weightsAt_ = offset(group_.weightVars[0].buffer, scalarBytes);
    inSyn_ = memory(group_.inSyn);
    inSynAt_ = offset(group_.inSyn, scalarBytes);
    const cl_mem spikeCount = memory(pre.spikeCount), spikes = memory(pre.spikes);
    const cl_uint spikeCountAt = cl_uint(offset(pre.spikeCount, 4)), spikesAt = cl_uint(offset(pre.spikes, 4));
    const cl_uint slots = pre.slots, delay = group_.group->axonalDelaySteps(), size = pre.group->size();
    cl_uint a = 0;
    const auto set = [&](std::size_t bytes, const void* value) {
        check(clSetKernelArg(indicator_, a++, bytes, value), "clSetKernelArg(sg_spike_indicator)");
    };
    set(sizeof(cl_mem), &spikeCount);
    set(sizeof spikeCountAt, &spikeCountAt);
    set(sizeof(cl_mem), &spikes);
    set(sizeof spikesAt, &spikesAt);
    set(sizeof(cl_mem), &clock);
    set(sizeof(cl_mem), &x_);
    set(sizeof slots, &slots);
    set(sizeof delay, &delay);
    set(sizeof size, &size);
}

void GemvPropagation::enqueue()
{
#ifdef SPIKEGEN_HAVE_CLBLAST
    const std::size_t numPre = group_.group->source().size(), numPost = group_.group->target().size();
    const std::size_t scalarBytes = isDouble_ ? 8 : 4;
    const std::uint64_t zero = 0;
    check(clEnqueueFillBuffer(context_->queue, x_, &zero, scalarBytes, 0, numPre * scalarBytes, 0, nullptr, nullptr),
          "clEnqueueFillBuffer (spike indicator)");
    const std::size_t local = 64, global = std::min<std::size_t>((numPre + local - 1) / local, 64) * local;
    check(clEnqueueNDRangeKernel(context_->queue, indicator_, 1, nullptr, &global, &local, 0, nullptr, nullptr),
          "enqueueing sg_spike_indicator");
    // Row-major g[numPre][numPost]: inSyn[numPost] += g^T x.
    clblast::StatusCode status;
    if (isDouble_)
        status = clblast::Gemv<double>(clblast::Layout::kRowMajor, clblast::Transpose::kYes, numPre, numPost, 1.0,
                                       weights_, weightsAt_, numPost, x_, 0, 1, 1.0, inSyn_, inSynAt_, 1, &context_->queue, nullptr);
    else
        status = clblast::Gemv<float>(clblast::Layout::kRowMajor, clblast::Transpose::kYes, numPre, numPost, 1.0f,
                                      weights_, weightsAt_, numPost, x_, 0, 1, 1.0f, inSyn_, inSynAt_, 1, &context_->queue, nullptr);
    if (status != clblast::StatusCode::kSuccess)
        throw Error("CLBlast GEMV of synapse group '" + group_.group->name() + "' failed (CLBlast status " +
                    std::to_string(int(status)) + ")");
#endif
}

} // namespace spikegen::opencl
