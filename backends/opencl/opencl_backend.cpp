#include "backends/opencl/opencl_backend.h"

#include "backends/opencl/gemv_propagation.h"
#include "backends/opencl/opencl_buffers.h"
#include "backends/opencl/program_cache.h"
#include "backends/simt/simt_source.h"
#include "core/codegen/build_cache.h"
#include "core/codegen/code_writer.h"
#include "core/codegen/emitters.h"
#include "core/codegen/memory_estimate.h"
#include "core/codegen/model_plan.h"
#include "core/error.h"
#include "core/lang/builtins.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <new>
#include <regex>

namespace spikegen::opencl {
namespace fs = std::filesystem;
namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The kernels of backends/simt launched in the plan's order, every projection's propagation in
// one kernel (propagate_all) unless $SPIKEGEN_OPENCL_FUSED=0. The clock buffer is moved on by the
// step's last kernel (or the advance kernel) on the device; the host only rewrites it when the
// runtime's step or recording row differs from what the device has (the first step, after
// pullRecording()), and the fused layout words after it when a strategy changes: a run is
// enqueued without waiting for the device.
class OpenCLProgram : public Program {
public:
    OpenCLProgram(std::shared_ptr<Context> context, const ModelPlan& plan, cl_program program,
                  simt::SimtSource source, const simt::SimtHooks& hooks, const std::vector<std::size_t>& gemvGroups,
                  cl_program indicatorProgram)
        : context_(std::move(context)), plan_(plan), hooks_(hooks), program_(program), source_(std::move(source))
    {
        for (std::size_t s : gemvGroups)
            gemv_[ "propagate_" + plan.synapseGroups()[s].prefix] =
                std::make_unique<GemvPropagation>(context_, plan, plan.synapseGroups()[s], indicatorProgram);
        const bool fused = source_.fused.has_value();
        auto create = [&](const simt::SimtLaunch& launch) {
            if (gemv_.count(launch.kernel) || (fused && launch.projection))
                return; // CLBlast's, or propagate_all's share (no kernel of its own then)
            cl_int error = CL_SUCCESS;
            cl_kernel kernel = clCreateKernel(program_, launch.kernel.c_str(), &error);
            check(error, "clCreateKernel(" + launch.kernel + ")");
            kernels_[launch.kernel] = kernel;
            checkWorkGroupSize(kernel, launch.kernel);
        };
        for (const auto& l : source_.init)
            create(l);
        for (const auto& l : source_.step) {
            create(l);
            if (!l.preSpanKernel.empty() && !(fused && l.projection))
                create({l.preSpanKernel, l.preSpanThreads, std::nullopt});
        }
        create(*source_.advance);
        if (fused)
            create(*source_.fused);
        steps_ = source_.step;
        projectionLaunch_.resize(plan.synapseGroups().size());
        for (std::size_t k = 0; k < steps_.size(); ++k)
            if (steps_[k].projection)
                projectionLaunch_[*steps_[k].projection] = k;
        const std::size_t n = plan.synapseGroups().size();
        cl_int error = CL_SUCCESS;
        clockWords_ = hooks.synapseArena      ? simt::synapseArenaClockWords(n, plan.buffers().size())
                      : plan.batchSize() > 1 ? simt::batchClockWords(n, plan.buffers().size())
                      : fused                ? simt::fusedClockWords(n)
                                             : simt::kClockWords;
        clock_ = clCreateBuffer(context_->context, CL_MEM_READ_WRITE, clockWords_ * 4, nullptr, &error);
        check(error, "clCreateBuffer (clock)");
        dummy_ = clCreateBuffer(context_->context, CL_MEM_READ_WRITE, 16, nullptr, &error);
        check(error, "clCreateBuffer (placeholder)");
        writeClock(0, 0);
        if (fused)
            writeFusedLayout();
        poolOffsets_ = simt::poolOffsets(plan);
    }
    ~OpenCLProgram() override
    {
        gemv_.clear();
        for (auto& [name, kernel] : kernels_)
            clReleaseKernel(kernel);
        clReleaseMemObject(clock_);
        clReleaseMemObject(dummy_);
        clReleaseProgram(program_);
    }

    // The per-synapse buffers in one memory object (SimtHooks::synapseArena), their offsets in the
    // clock words that the kernels read them from; a new arena for each new set (a checkpoint).
    void reserve(const std::vector<std::size_t>& bytes) override
    {
        std::vector<std::size_t> offsets(bytes.size(), 0);
        std::size_t end = 0;
        for (std::size_t b = 0; b < bytes.size(); ++b)
            if (bytes[b] && simt::inSynapseArena(plan_, hooks_, b)) {
                offsets[b] = end;
                end += simt::poolAligned(bytes[b]);
            }
        if (end == 0)
            return;
        synapses_.reset();
        try {
            synapses_ = std::make_shared<OwnBuffer>(context_, end, "synapse arena");
        } catch (const std::bad_alloc&) {
            throw Error("network '" + plan_.network().name() + "': cannot allocate its OpenCL synapse arena (" +
                        bytesText(end) + ": every per-synapse buffer in one memory object) on device '" +
                        context_->device.deviceName + "', whose largest buffer is " + bytesText(context_->maxAllocation) +
                        "; SPIKEGEN_OPENCL_SYNAPSE_ARENA=0 gives each buffer a memory object of its own");
        }
        std::vector<std::uint32_t> words(bytes.size());
        for (std::size_t b = 0; b < bytes.size(); ++b)
            words[b] = std::uint32_t(offsets[b] / simt::kPoolAlignment); // < 2^32 while arenas stay under 1 TiB
        const std::size_t at = simt::synapseOffsetWord(plan_.synapseGroups().size(), bytes.size(), 0) * 4;
        check(clEnqueueWriteBuffer(context_->queue, clock_, CL_TRUE, at, words.size() * 4, words.data(), 0, nullptr,
                                   nullptr),
              "writing the synapse arena's offsets");
        synapseOffsets_ = std::move(offsets);
    }
    // The buffers the plan sizes go into the pool at their offsets (simt::poolOffsets), allocated
    // with the first of them, the per-synapse ones into the synapse arena (reserve); the backend
    // allocates the others.
    std::unique_ptr<DeviceBuffer> allocate(std::size_t buffer, std::size_t bytes) override
    {
        if (simt::inSynapseArena(plan_, hooks_, buffer)) {
            if (!synapses_ || synapseOffsets_.at(buffer) + bytes > synapses_->bytes())
                throw Error("internal: " + plan_.buffers()[buffer].about + " was not reserved in the synapse arena");
            return std::make_unique<PooledBuffer>(synapses_, synapseOffsets_[buffer], bytes);
        }
        if (!simt::pooledParameter(plan_, buffer))
            return nullptr;
        if (!pool_)
            try {
                pool_ = std::make_shared<OwnBuffer>(context_, poolOffsets_.back(), "buffer pool");
            } catch (const std::bad_alloc&) {
                throw Error("network '" + plan_.network().name() + "': cannot allocate its OpenCL buffer pool (" +
                            bytesText(poolOffsets_.back()) + ": every buffer of at most 64 MiB whose size the plan "
                            "knows) on device '" + context_->device.deviceName + "'");
            }
        if (bytes > simt::plannedBufferBytes(plan_, buffer))
            throw Error("internal: " + plan_.buffers()[buffer].about + " needs " + std::to_string(bytes) +
                        " bytes, more than the " + std::to_string(simt::plannedBufferBytes(plan_, buffer)) +
                        " its plan reserves in the OpenCL buffer pool");
        return std::make_unique<PooledBuffer>(pool_, poolOffsets_[buffer], bytes);
    }
    // Arguments of each kernel: the pool, the synapse arena and the buffers not pooled that it uses
    // (SimtSource::parameters), the clock.
    void bind(const std::vector<DeviceBuffer*>& buffers) override
    {
        for (std::size_t b = 0; b < buffers.size(); ++b)
            if (const auto* memory = static_cast<const OpenCLMemory*>(buffers[b]);
                memory && simt::pooledParameter(plan_, b) &&
                (memory->memory() != pool_->memory() || memory->offset() != poolOffsets_[b]))
                throw Error("internal: " + plan_.buffers()[b].about + " is not at its place in the OpenCL buffer pool");
        const auto memoryOf = [&](std::size_t b) {
            const auto* memory = static_cast<const OpenCLMemory*>(buffers.at(b));
            return memory ? memory->memory() : dummy_;
        };
        const cl_mem pool = pool_ ? pool_->memory() : dummy_;
        for (auto& [name, kernel] : kernels_) {
            const simt::SimtSource::KernelParameters& taken = source_.parameters.at(name);
            std::vector<cl_mem> arguments{pool};
            if (taken.synapseArena)
                arguments.push_back(synapses_ ? synapses_->memory() : dummy_);
            for (std::size_t b : taken.buffers)
                arguments.push_back(memoryOf(b));
            arguments.push_back(clock_);
            for (cl_uint a = 0; a < arguments.size(); ++a)
                check(clSetKernelArg(kernel, a, sizeof(cl_mem), &arguments[a]), "clSetKernelArg(" + name + ")");
        }
        for (auto& [name, g] : gemv_)
            g->bind(buffers, clock_);
        bound_ = buffers;
    }
    void runInit(const std::string& kernel) override
    {
        // The row starts are final before the rows are filled: they choose the sparse strategy.
        for (std::size_t k = 0; k < steps_.size(); ++k)
            if (const auto& l = source_.step[k]; l.postSpanOf) {
                const SynapseGroupPlan& s = plan_.synapseGroups()[*l.postSpanOf];
                if (kernel != ModelPlan::fillRowsKernel(s))
                    continue;
                std::vector<std::uint32_t> rows(s.group->source().size() + 1);
                // The longest of every instance's rows (a batch whose instances build their own).
                for (std::uint32_t i = 0; i < initInstances_; ++i) {
                    const std::size_t stride = plan_.perInstance(*s.rowStart) ? strides_.at(*s.rowStart) : 0;
                    bound_.at(*s.rowStart)->download(rows.data(), rows.size() * 4, i * stride * 4);
                    longestRow_[k] = std::max(longestRow_[k], simt::longestRow(rows));
                }
                steps_[k] = simt::chooseLaunch(l, plan_, longestRow_[k]);
                layoutStale_ = source_.fused.has_value();
            }
        for (const auto& l : source_.init)
            if (l.kernel == kernel)
                return launch(l.kernel, l.threads, initInstances_);
        throw Error("the OpenCL program of network '" + plan_.network().name() + "' has no initialisation kernel '" +
                    kernel + "'");
    }
    void step(const StepArgs& args) override
    {
        if (args.step != deviceStep_ || args.recordRow != deviceRow_)
            writeClock(args.step, args.recordRow);
        if (layoutStale_)
            writeFusedLayout();
        bool propagated = false;
        for (const auto& l : steps_) {
            if (source_.fused && l.projection) {
                if (propagated)
                    continue;
                // The GEMVs first: they read the clock, which propagate_all moves on.
                for (const auto& k : projectionLaunch_)
                    if (auto g = k ? gemv_.find(steps_[*k].kernel) : gemv_.end(); g != gemv_.end())
                        g->second->enqueue();
                launch(source_.fused->kernel, fusedThreads_, plan_.batchSize());
                propagated = true;
            } else if (auto g = gemv_.find(l.kernel); g != gemv_.end())
                g->second->enqueue();
            else
                launch(l.kernel, l.threads, plan_.batchSize(), l.groupSize);
            if (&l == &steps_.front() && exchange_ && (args.step + 1) % plan_.exchangeInterval() == 0) {
                synchronize(); // the neuron update (the first kernel) has put this rank's spikes in their slots
                exchange_(args.step);
            }
        }
        // The last step kernel moves the clock on and empties the next spike lists; when the GEMV
        // replaced it, the stand-alone advance kernel does that instead.
        if (!source_.fused && gemv_.count(source_.step.back().kernel))
            launch(source_.advance->kernel, source_.advance->threads, plan_.batchSize());
        deviceStep_ = args.step + 1;
        deviceRow_ = args.recordRow + 1;
    }
    void synchronize() override { check(clFinish(context_->queue), "clFinish"); }
    bool runsInstancesTogether() const override { return plan_.batchSize() > 1; }
    void setInstanceStrides(const std::vector<std::size_t>& elements) override
    {
        strides_ = elements;
        std::vector<std::uint32_t> words;
        for (const std::size_t e : elements)
            words.insert(words.end(), {std::uint32_t(e), std::uint32_t(std::uint64_t(e) >> 32)});
        const std::size_t at = simt::instanceStrideWord(plan_.synapseGroups().size(), 0) * 4;
        check(clEnqueueWriteBuffer(context_->queue, clock_, CL_TRUE, at, words.size() * 4, words.data(), 0, nullptr,
                                   nullptr),
              "writing the instance strides");
    }
    void setInitInstances(std::uint32_t instances) override { initInstances_ = instances; }
    bool setSpikeExchange(SpikeExchange exchange) override
    {
        exchange_ = std::move(exchange);
        return true;
    }
    void adapt(const std::vector<double>& spikesPerStep) override
    {
        changes_.resize(steps_.size(), 0);
        for (const auto& [k, longest] : longestRow_) {
            const simt::SimtLaunch& l = source_.step[k];
            const simt::SimtLaunch chosen = simt::chooseLaunch(
                l, plan_, longest, spikesPerStep.at(plan_.synapseGroups()[*l.postSpanOf].source));
            if (chosen.kernel != steps_[k].kernel || chosen.threads != steps_[k].threads)
                ++changes_[k];
            steps_[k] = chosen;
        }
        layoutStale_ = source_.fused.has_value();
    }
    std::map<std::string, std::string> propagation() const override
    {
        std::map<std::string, std::string> out;
        for (std::size_t k = 0; k < steps_.size(); ++k)
            if (const auto& l = source_.step[k]; l.projection)
                out[plan_.synapseGroups()[*l.projection].group->name()] =
                    gemv_.count(l.kernel) ? "CLBlast GEMV (dense product)"
                                          : simt::describeLaunch(l, steps_[k], plan_, k < changes_.size() ? changes_[k] : 0);
        simt::describeNeuronUpdateDeliveries(plan_, source_, out);
        return out;
    }

private:
    SpikeExchange exchange_; // a rank of a split network: called after the neuron update
    // `instances` of a batch: the second dimension, one work-group deep (simt instancesTogether).
    void launch(const std::string& kernel, std::size_t threads, std::uint32_t instances,
                std::size_t groupSize = simt::kBlockSize)
    {
        const std::size_t global[2] = {threads, instances}, local[2] = {groupSize, 1};
        check(clEnqueueNDRangeKernel(context_->queue, kernels_.at(kernel), instances > 1 ? 2 : 1, nullptr, global,
                                     local, 0, nullptr, nullptr),
              "enqueueing kernel " + kernel);
    }
    // The generated kernels index their local arrays by a work-group of kBlockSize work-items:
    // a device or compiler that allows fewer for one kernel (registers, local memory) cannot run it.
    void checkWorkGroupSize(cl_kernel kernel, const std::string& name) const
    {
        std::size_t most = 0;
        check(clGetKernelWorkGroupInfo(kernel, context_->device.device, CL_KERNEL_WORK_GROUP_SIZE, sizeof most, &most,
                                       nullptr),
              "CL_KERNEL_WORK_GROUP_SIZE of kernel " + name);
        if (most < simt::kBlockSize)
            throw Error("OpenCL device '" + context_->device.deviceName + "' runs kernel '" + name + "' of network '" +
                        plan_.network().name() + "' in work-groups of at most " + std::to_string(most) +
                        " work-items; spikegen's kernels need " + std::to_string(simt::kBlockSize));
    }
    // Projection p's share of propagate_all: its blocks (none for a CLBlast one) and, if sparse,
    // whether it runs post span (simt_source.h); at least one block, so that the kernel still
    // advances the clock when CLBlast takes every projection.
    void writeFusedLayout()
    {
        const std::size_t n = plan_.synapseGroups().size();
        std::vector<std::uint32_t> layout(simt::fusedClockWords(n) - simt::kClockWords, 0);
        std::uint32_t blocks = 0;
        for (std::size_t p = 0; p < n; ++p) {
            layout[simt::fusedFirstBlockWord(p) - simt::kClockWords] = blocks;
            if (!projectionLaunch_[p])
                continue; // the neuron update delivers its spikes: no blocks
            const std::size_t k = *projectionLaunch_[p];
            const simt::SimtLaunch &original = source_.step[k], &chosen = steps_[k];
            if (!gemv_.count(original.kernel))
                blocks += std::uint32_t(chosen.threads / simt::kBlockSize);
            layout[simt::fusedPostSpanWord(n, p) - simt::kClockWords] =
                original.postSpanOf && chosen.kernel == original.kernel ? 1u : 0u;
        }
        layout[simt::fusedFirstBlockWord(n) - simt::kClockWords] = blocks;
        fusedThreads_ = std::size_t(std::max<std::uint32_t>(blocks, 1)) * simt::kBlockSize;
        layoutStale_ = false;
        if (layout == fusedLayout_)
            return;
        // In queue order after the kernels already enqueued, which read the old layout.
        check(clEnqueueWriteBuffer(context_->queue, clock_, CL_TRUE, simt::kClockWords * 4, layout.size() * 4,
                                   layout.data(), 0, nullptr, nullptr),
              "writing the propagation layout");
        fusedLayout_ = std::move(layout);
    }
    void writeClock(std::uint64_t step, std::uint32_t row)
    {
        const std::uint32_t words[simt::kClockWords] = {std::uint32_t(step), std::uint32_t(step >> 32), row, 0};
        check(clEnqueueWriteBuffer(context_->queue, clock_, CL_TRUE, 0, sizeof words, words, 0, nullptr, nullptr),
              "writing the clock");
        deviceStep_ = step;
        deviceRow_ = row;
    }
    std::shared_ptr<Context> context_;
    const ModelPlan& plan_;
    const simt::SimtHooks hooks_;
    cl_program program_;
    simt::SimtSource source_;
    std::vector<simt::SimtLaunch> steps_; // source_.step with each sparse projection's strategy chosen
    std::vector<unsigned> changes_;       // per step entry: how often adapt changed it
    std::vector<std::optional<std::size_t>> projectionLaunch_; // projection p -> its entry of steps_, if any
    std::vector<std::uint32_t> fusedLayout_;  // the layout words on the device
    std::size_t fusedThreads_ = simt::kBlockSize, clockWords_ = simt::kClockWords;
    std::vector<std::size_t> strides_;  // elements per instance of each buffer (batches)
    std::uint32_t initInstances_ = 1;   // the second dimension of initialisation kernels
    bool layoutStale_ = false;
    std::map<std::size_t, std::uint32_t> longestRow_; // step entry of a sparse projection -> its longest row
    std::shared_ptr<OwnBuffer> pool_; // the buffers the plan sizes, at poolOffsets_
    std::vector<std::size_t> poolOffsets_;
    std::shared_ptr<OwnBuffer> synapses_; // the synapse arena: per-synapse buffers at synapseOffsets_
    std::vector<std::size_t> synapseOffsets_;
    std::vector<DeviceBuffer*> bound_;
    std::map<std::string, cl_kernel> kernels_;
    std::map<std::string, std::unique_ptr<GemvPropagation>> gemv_;
    cl_mem clock_ = nullptr, dummy_ = nullptr;
    std::uint64_t deviceStep_ = 0;
    std::uint32_t deviceRow_ = 0;
};

// Compilers name the source differently in their logs (PoCL: ".../kcache/tempfile_XkRA0a.cl:2:9",
// NVIDIA: "<kernel>:12:5:"): take the name from the first message located in a .cl file or a
// <pseudo-file>, not in a driver header.
std::string explainBuildLog(const std::string& log, const CodeWriter& writer)
{
    std::smatch m;
    if (!std::regex_search(log, m, std::regex(R"(([^\s:]+\.cl|<[A-Za-z_ ]+>):\d+:\d+)")))
        return "";
    return explainCompileErrors(log, m[1], writer);
}

} // namespace

Context::~Context()
{
    if (queue)
        clReleaseCommandQueue(queue);
    if (context)
        clReleaseContext(context);
}

OpenCLBackend::OpenCLBackend(OpenCLOptions options) : options_(std::move(options)), context_(std::make_shared<Context>())
{
    static const std::vector<DeviceInfo> devices = enumerateDevices(); // platforms do not change while we run
    Context& c = *context_;
    c.device = selectDevice(devices, effectiveSelector(options_.device));
    cl_int error = CL_SUCCESS;
    c.context = clCreateContext(nullptr, 1, &c.device.device, nullptr, nullptr, &error);
    check(error, "clCreateContext for '" + c.device.deviceName + "'");
    c.queue = clCreateCommandQueue(c.context, c.device.device, 0, &error);
    check(error, "clCreateCommandQueue for '" + c.device.deviceName + "'");
    c.fp64 = c.device.extensions.find("cl_khr_fp64") != std::string::npos;
    cl_device_fp_config fp = 0;
    clGetDeviceInfo(c.device.device, CL_DEVICE_SINGLE_FP_CONFIG, sizeof fp, &fp, nullptr);
    c.correctlyRoundedDivide = (fp & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0;
    clGetDeviceInfo(c.device.device, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof c.maxWorkGroup, &c.maxWorkGroup, nullptr);
    clGetDeviceInfo(c.device.device, CL_DEVICE_MAX_MEM_ALLOC_SIZE, sizeof c.maxAllocation, &c.maxAllocation, nullptr);
    if (c.maxWorkGroup < simt::kBlockSize)
        throw Error("OpenCL device '" + c.device.deviceName + "' runs at most " + std::to_string(c.maxWorkGroup) +
                    " work-items per group; spikegen's kernels need " + std::to_string(simt::kBlockSize));
}

std::string OpenCLBackend::description() const
{
    const DeviceInfo& d = context_->device;
    return "OpenCL, " + d.platformName + " / " + d.deviceName + " (" + d.deviceVersion + ", driver " +
           d.driverVersion + (gemvAvailable() ? ", CLBlast" : "") + ")";
}

std::string OpenCLBackend::buildOptions() const
{
    // Divisions and square roots rounded as on the CPU, where the device can (PoCL can; most GPUs
    // report the capability too). Never -cl-mad-enable or fast math: core/rng/philox.h.
    std::string options = "-cl-std=CL1.2";
    if (context_->correctlyRoundedDivide)
        options += " -cl-fp32-correctly-rounded-divide-sqrt";
    if (const char* ptx = std::getenv("SPIKEGEN_OPENCL_PTX_ATOMICS"); ptx && std::string(ptx) == "0")
        options += " -DSG_CAS_FLOAT_ATOMICS"; // simt_dialect.cpp
    if (!options_.extraBuildOptions.empty())
        options += " " + options_.extraBuildOptions;
    return options;
}

DenseProductCosts OpenCLBackend::denseProductCosts() const
{
    DenseProductCosts costs;
    costs.hasMatrixVector = gemvAvailable();
    // Measured with benchmarks/opencl_gemv_bench.cpp (docs/opencl.md): on PoCL the GEMV costs as
    // much per weight as the per-spike kernel costs when about 30% of the sources spike in a
    // step; below 100k weights its fixed costs (three enqueues) dominate.
    costs.breakEvenSpikeFraction = 0.3;
    costs.minWeights = 100000;
    return costs;
}

std::unique_ptr<DeviceBuffer> OpenCLBackend::allocate(std::size_t bytes, const std::string& what)
{
    return std::make_unique<OwnBuffer>(context_, bytes, what);
}

std::optional<std::uint64_t> OpenCLBackend::availableMemory() const
{
    cl_ulong bytes = 0;
    if (clGetDeviceInfo(context_->device.device, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof bytes, &bytes, nullptr) != CL_SUCCESS)
        return std::nullopt;
    return bytes;
}

std::unique_ptr<Program> OpenCLBackend::build(const ModelPlan& plan, BuildInfo& info)
{
    auto start = std::chrono::steady_clock::now();
    if (plan.scalar() == lang::Type::Double && !context_->fp64)
        throw Error("network '" + plan.network().name() + "' uses double precision, which OpenCL device '" +
                    context_->device.deviceName + "' does not support (no cl_khr_fp64)");
    if (plan.deterministic() && context_->device.extensions.find("cl_khr_int64_base_atomics") == std::string::npos)
        throw Error("network '" + plan.network().name() + "' is deterministic, which needs 64-bit integer atomics that "
                    "OpenCL device '" + context_->device.deviceName + "' does not have (no cl_khr_int64_base_atomics)");
    CodeWriter writer(lang::Dialect::OpenCL);
    simt::SimtHooks hooks = simt::hooksFor(lang::Dialect::OpenCL, context_->fp64);
    // One propagate_all a step instead of a kernel per projection: each enqueue costs PoCL tens of
    // microseconds (benchmarks/NOTES.md, issue 16). $SPIKEGEN_OPENCL_FUSED=0: a kernel each, for measuring.
    const char* fused = std::getenv("SPIKEGEN_OPENCL_FUSED");
    hooks.fusedPropagation = !(fused && std::string(fused) == "0");
    // CPU devices: no barriers in the neuron update (simt_dialect.h). $SPIKEGEN_OPENCL_BARRIER_FREE=0|1
    // overrides, for measuring.
    const char* barrierFree = std::getenv("SPIKEGEN_OPENCL_BARRIER_FREE");
    hooks.barrierFreeNeuronUpdate = barrierFree && *barrierFree ? std::string(barrierFree) != "0" : !context_->device.gpu;
    hooks.instancesTogether = plan.batchSize() > 1; // the instance: get_group_id(1)
    // GPUs: the per-synapse buffers in one memory object, where it fits well within the device's
    // largest buffer (Intel GPUs allow 4 GiB). $SPIKEGEN_OPENCL_SYNAPSE_ARENA=0|1 overrides.
    const char* arena = std::getenv("SPIKEGEN_OPENCL_SYNAPSE_ARENA");
    const std::uint64_t synapseBytes = estimateMemory(plan).perSynapse;
    hooks.synapseArena = arena && *arena ? std::string(arena) != "0"
                                         : context_->device.gpu && synapseBytes <= context_->maxAllocation / 4 * 3;
    if (context_->device.gpu && !hooks.synapseArena)
        spdlog::info("network '{}': per-synapse buffers of their own (no synapse arena): {} of them, largest OpenCL "
                     "buffer {}", plan.network().name(), bytesText(synapseBytes), bytesText(context_->maxAllocation));
    simt::SimtSource source = simt::writeSimtSource(writer, plan, hooks);
    if (plan.deterministic() && !context_->fp64) {
        // Deterministic mode's float sin, pow, erf, ... round a double result (maths_device.inc).
        if (auto call = findCodeStringCall(writer, lang::ownFloatMathsNeedingDouble())) {
            const std::string name = call->function.substr(3, call->function.size() - 5); // sg_sin_f -> sin
            throw Error("network '" + plan.network().name() + "' is deterministic, and model '" +
                        call->origin.source.model + "', " + call->origin.source.field + ", line " +
                        std::to_string(call->origin.sourceLine) + " calls '" + name +
                        "', whose deterministic version is computed in double precision, which OpenCL device '" +
                        context_->device.deviceName + "' does not support (no cl_khr_fp64); run this model "
                        "without deterministic mode or on a device with double precision");
        }
    }
    const fs::path path = fileInside(generatedDirectory(plan.network().name()), plan.network().name() + "_opencl.cl");
    writeFileAtomically(path, writer.text());
    info.sourcePath = path.string();

    std::vector<std::size_t> gemvGroups;
    for (std::size_t s = 0; s < plan.synapseGroups().size(); ++s) {
        const SynapseGroupPlan& sp = plan.synapseGroups()[s];
        if (!gemvEligible(sp) || !gemvAvailable() || options_.gemv == GemvMode::Never || plan.batchSize() > 1)
            continue;
        if (options_.gemv == GemvMode::Always ||
            chooseDensePropagation(sp.group->source().size(), sp.group->target().size(), options_.expectedRateHz,
                                   plan.dt(), denseProductCosts()) == DensePropagation::MatrixVector) {
            gemvGroups.push_back(s);
            spdlog::info("synapse group '{}': dense propagation through CLBlast GEMV", sp.group->name());
        }
    }
    info.generateSeconds = secondsSince(start);

    start = std::chrono::steady_clock::now();
    const BuiltProgram built =
        buildProgram(context_->context, context_->device, writer.text(), buildOptions(),
                     "network '" + plan.network().name() + "' (" + path.string() + ")",
                     [&](const std::string& log) { return explainBuildLog(log, writer); });
    info.cacheHit = built.cacheHit;
    cl_program indicator = nullptr;
    if (!gemvGroups.empty()) {
        const BuiltProgram b = buildProgram(context_->context, context_->device,
                                            GemvPropagation::indicatorSource(cType(plan.scalar())), buildOptions(),
                                            "the spike-indicator kernel", [](const std::string&) { return ""; });
        indicator = b.program;
    }
    info.compileSeconds = secondsSince(start);
    try {
        auto program = std::make_unique<OpenCLProgram>(context_, plan, built.program, std::move(source), hooks,
                                                       gemvGroups, indicator);
        if (indicator)
            clReleaseProgram(indicator); // the kernels hold their own references
        return program;
    } catch (...) {
        if (indicator)
            clReleaseProgram(indicator);
        throw;
    }
}

} // namespace spikegen::opencl
