#include "backends/cuda/cuda_program.h"

#include "backends/cuda/cuda_buffer.h"
#include "backends/cuda/cuda_driver.h"
#include "core/codegen/model_plan.h"
#include "core/error.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <tuple>

namespace spikegen::cuda {

namespace {

// Steps in one graph launch: the GPU starts a graph's first kernel later than the next kernel
// inside a graph, so a graph of several steps saves that gap on all but one (benchmarks/NOTES.md,
// Version 11). $SPIKEGEN_CUDA_GRAPH_STEPS overrides it (for measuring; docs/cuda.md).
std::uint64_t stepsPerGraph()
{
    constexpr std::uint64_t kDefault = 20;
    const char* env = std::getenv("SPIKEGEN_CUDA_GRAPH_STEPS");
    if (!env)
        return kDefault;
    char* end = nullptr;
    const unsigned long long value = std::strtoull(env, &end, 10);
    if (end == env || *end != '\0' || value == 0 || value > 1000)
        throw Error("$SPIKEGEN_CUDA_GRAPH_STEPS='" + std::string(env) + "' must be a number of steps from 1 to 1000");
    return value;
}

// Step kernels start their blocks while the previous kernel drains (programmatic dependent
// launch, SG_KERNEL_ENTRY in simt_dialect.cpp) on devices of compute capability 9.0 and later,
// when both kernels' blocks are resident at once (CudaProgram::launchSteps); $SPIKEGEN_CUDA_PDL=0
// launches them one after the other, =1 overlaps every pair (for measuring; docs/cuda.md).
DependentLaunch dependentLaunchOn(CUdevice device)
{
    int major = 0;
    check(driver().cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device),
          "compute capability");
    const char* env = std::getenv("SPIKEGEN_CUDA_PDL");
    if (major < 9 || (env && std::strcmp(env, "0") == 0))
        return DependentLaunch::Off;
    if (env && std::strcmp(env, "1") == 0)
        return DependentLaunch::Always;
    if (env && *env)
        throw Error("$SPIKEGEN_CUDA_PDL='" + std::string(env) + "': expected 0 (off) or 1 (every step kernel)");
    return DependentLaunch::WhenResidentTogether;
}

} // namespace

CudaProgram::CudaProgram(const std::string& initImage, const std::string& stepImage, const ModelPlan& plan,
                         simt::SimtSource launches, bool graphs)
    : plan_(plan), launches_(std::move(launches)), useGraph_(graphs), stepsPerGraph_(stepsPerGraph())
{
    const Driver& d = driver();
    const std::string network = " of network '" + plan.network().name() + "'";
    check(d.cuModuleLoadData(&initModule_, initImage.data()), "loading the CUDA initialisation module" + network);
    check(d.cuModuleLoadData(&stepModule_, stepImage.data()), "loading the CUDA step module" + network);
    // A blocking stream: the synchronous copies of the buffers (legacy default stream) wait for it.
    check(d.cuStreamCreate(&stream_, CU_STREAM_DEFAULT), "cuStreamCreate");
    auto addFrom = [&](CUmodule module, const simt::SimtLaunch& l) {
        CUfunction f = nullptr;
        check(d.cuModuleGetFunction(&f, module, l.kernel.c_str()), "kernel '" + l.kernel + "'");
        functions_[l.kernel] = f;
    };
    auto add = [&](const simt::SimtLaunch& l) { addFrom(stepModule_, l); };
    for (const auto& l : launches_.init)
        addFrom(initModule_, l);
    // The step: its kernels in order, with propagate_all in place of the projections' entries when
    // there are projections (whose own kernels are not written then, simt_source.h).
    fused_ = launches_.fused.has_value();
    projectionLaunch_.resize(plan.synapseGroups().size());
    for (std::size_t k = 0; k < launches_.step.size(); ++k) {
        const simt::SimtLaunch& l = launches_.step[k];
        if (!l.projection)
            add(l);
        else if (fused_)
            projectionLaunch_[*l.projection] = k;
        else
            add(l);
    }
    if (fused_)
        add(*launches_.fused);
    CUdevice device = 0;
    check(d.cuCtxGetDevice(&device), "cuCtxGetDevice");
    dependentLaunch_ = dependentLaunchOn(device);
    check(d.cuDeviceGetAttribute(&multiprocessors_, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device),
          "multiprocessor count");
    // $SPIKEGEN_CUDA_PERSISTENT=0: a graph launch per step instead (for measuring; docs/cuda.md).
    const char* persistent = std::getenv("SPIKEGEN_CUDA_PERSISTENT");
    persistent_ = launches_.persistent && !(persistent && std::strcmp(persistent, "0") == 0);
    if (persistent_) {
        add(*launches_.persistent);
        int cooperative = 0;
        check(d.cuDeviceGetAttribute(&cooperative, CU_DEVICE_ATTRIBUTE_COOPERATIVE_LAUNCH, device),
              "cooperative launch support");
        persistent_ = cooperative != 0;
    }
    const std::size_t projections = plan.synapseGroups().size();
    const std::size_t words = persistent_ ? simt::persistentClockWords(projections)
                              : fused_    ? simt::fusedClockWords(projections)
                                          : simt::kClockWords;
    clock_ = std::make_unique<CudaBuffer>(words * 4, "step clock", "the GPU");
    clock_->fill(0, clock_->bytes(), 0);
    writePointer(simt::kClockBuffer, clock_->pointer());
}

CudaProgram::~CudaProgram()
{
    releaseGraphs();
    const Driver& d = driver();
    if (stream_) {
        d.cuStreamSynchronize(stream_);
        d.cuStreamDestroy_v2(stream_);
    }
    clock_.reset();
    for (CUmodule module : {initModule_, stepModule_})
        if (module)
            d.cuModuleUnload(module);
}

void CudaProgram::releaseGraphs()
{
    for (const auto& [steps, graph] : graphs_)
        driver().cuGraphExecDestroy(graph);
    graphs_.clear();
}

void CudaProgram::writePointer(const std::string& name, CUdeviceptr pointer)
{
    auto [it, added] = pointers_.emplace(name, pointer);
    if (!added && it->second == pointer)
        return;
    it->second = pointer;
    for (CUmodule module : {initModule_, stepModule_}) {
        CUdeviceptr global = 0;
        std::size_t bytes = 0;
        const CUresult found = driver().cuModuleGetGlobal_v2(&global, &bytes, module, name.c_str());
        if (found == CUDA_ERROR_NOT_FOUND)
            continue; // no kernel of this module reads it, and the compiler dropped it
        check(found, "the pointer of buffer '" + name + "' in the CUDA module");
        if (bytes != sizeof pointer)
            throw Error("internal: the pointer of buffer '" + name + "' has " + std::to_string(bytes) + " bytes");
        // Synchronous, on the legacy default stream: no kernel of stream_ runs while it changes.
        check(driver().cuMemcpyHtoD_v2(global, &pointer, sizeof pointer),
              "writing the pointer of buffer '" + name + "'");
    }
}

void CudaProgram::bind(const std::vector<DeviceBuffer*>& buffers)
{
    if (buffers.size() != plan_.buffers().size())
        throw Error("internal: " + std::to_string(buffers.size()) + " buffers bound, the plan has " +
                    std::to_string(plan_.buffers().size()));
    // The step graph holds no pointers (kernels read them from the module): it stays valid.
    bound_ = buffers;
    for (std::size_t b = 0; b < buffers.size(); ++b) {
        const std::string& name = plan_.buffers()[b].name;
        writePointer(plan_.perInstance(b) ? simt::detail::instanceBase(name) : name,
                     buffers[b] ? static_cast<CudaBuffer*>(buffers[b])->pointer() : 0);
    }
    isBound_ = true;
}

void CudaProgram::setInstanceStrides(const std::vector<std::size_t>& elements)
{
    strides_ = elements;
    // Per-synapse buffers' strides are known once the rows are counted: module globals too.
    for (std::size_t b = 0; b < elements.size(); ++b)
        if (plan_.perInstance(b) && !plan_.instanceStride(b))
            writePointer(simt::detail::instanceStrideName(plan_.buffers()[b].name), CUdeviceptr(elements[b]));
}

void CudaProgram::launch(const std::string& kernel, std::size_t threads, bool overlapPrevious, std::uint32_t instances)
{
    if (!isBound_)
        throw Error("internal: CUDA kernel '" + kernel + "' launched before bind()");
    const unsigned blocks = unsigned(threads / simt::kBlockSize);
    CUlaunchAttribute dependent{};
    dependent.id = CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION;
    dependent.value.programmaticStreamSerializationAllowed = 1;
    CUlaunchConfig config{};
    config.gridDimX = blocks;
    config.gridDimY = instances;
    config.gridDimZ = 1;
    config.blockDimX = simt::kBlockSize;
    config.blockDimY = config.blockDimZ = 1;
    config.hStream = stream_;
    if (overlapPrevious) {
        config.attrs = &dependent;
        config.numAttrs = 1;
    }
    check(driver().cuLaunchKernelEx(&config, functions_.at(kernel), nullptr, nullptr),
          "launching kernel '" + kernel + "'");
}

double CudaProgram::deviceShare(const std::string& kernel, std::size_t threads)
{
    auto [it, added] = residentBlocks_.try_emplace(kernel, 0);
    if (added) {
        int perMultiprocessor = 0;
        check(driver().cuOccupancyMaxActiveBlocksPerMultiprocessor(&perMultiprocessor, functions_.at(kernel),
                                                                    simt::kBlockSize, 0),
              "occupancy of kernel '" + kernel + "'");
        it->second = std::max(1, perMultiprocessor) * multiprocessors_;
    }
    return double(threads / simt::kBlockSize) * plan_.batchSize() / double(it->second);
}

// Sparse projections: pre or post span by the rule of simt/propagation.h, from the built rows.
std::pair<std::string, std::size_t> CudaProgram::choose(const simt::SimtLaunch& l) const
{
    if (!l.postSpanOf)
        return {l.kernel, l.threads};
    const auto it = longestRow_.find(*l.postSpanOf);
    std::optional<double> activity;
    if (!spikesPerStep_.empty())
        activity = spikesPerStep_.at(plan_.synapseGroups()[*l.postSpanOf].source);
    const simt::SimtLaunch chosen =
        simt::chooseLaunch(l, plan_, it != longestRow_.end() ? it->second : std::uint32_t(l.threads), activity);
    return {chosen.kernel, chosen.threads};
}

void CudaProgram::adapt(const std::vector<double>& spikesPerStep)
{
    std::vector<std::pair<std::string, std::size_t>> before;
    for (const auto& l : launches_.step)
        before.push_back(choose(l));
    spikesPerStep_ = spikesPerStep;
    changes_.resize(launches_.step.size(), 0);
    for (std::size_t k = 0; k < launches_.step.size(); ++k)
        if (choose(launches_.step[k]) != before[k]) {
            ++changes_[k];
            fusedLayoutStale_ = true;
            releaseGraphs(); // its launches are the old strategies
        }
}

void CudaProgram::launchSteps()
{
    std::vector<std::pair<std::string, std::size_t>> kernels; // the step's, in order
    bool propagated = false;
    for (const auto& l : launches_.step) {
        if (!fused_ || !l.projection)
            kernels.push_back(choose(l));
        else if (!propagated) {
            kernels.emplace_back(launches_.fused->kernel, fusedThreads_);
            propagated = true;
        }
    }
    // A kernel launched to overlap the one before (the last one's of the step before, for the
    // first) has its blocks wait in their slots until that one ends: worth it while both grids are
    // resident at once, or when a step is one kernel that follows itself. COBA at 256,000 neurons
    // ran 4 % slower with its two kernels (2,000 + 512 blocks) overlapped (benchmarks/NOTES.md,
    // Version 13) and 3 % faster with its one kernel overlapping itself (Version 15).
    for (std::size_t k = 0; k < kernels.size(); ++k) {
        const auto& [kernel, threads] = kernels[k];
        const auto& [before, beforeThreads] = kernels[k ? k - 1 : kernels.size() - 1];
        const double share = deviceShare(kernel, threads) + deviceShare(before, beforeThreads);
        const bool overlap =
            dependentLaunch_ == DependentLaunch::Always ||
            (dependentLaunch_ == DependentLaunch::WhenResidentTogether && (share <= 1.0 || kernels.size() == 1));
        spdlog::debug("CUDA step kernel {} ({} blocks) after {}: {:.2f} of the device's resident blocks, {}", kernel,
                      threads / simt::kBlockSize, before, share, overlap ? "overlapped" : "in turn");
        launch(kernel, threads, overlap && !exchange_, plan_.batchSize());
        if (k == 0 && exchange_ && (hostStep_ + 1) % plan_.exchangeInterval() == 0) {
            synchronize(); // the neuron update's spikes are in their slots
            exchange_(hostStep_);
        }
    }
}

// Projection p's launch (simt_source.h) gives its blocks and, if sparse, its strategy.
void CudaProgram::writeFusedLayout()
{
    const std::size_t n = plan_.synapseGroups().size();
    std::vector<std::uint32_t> layout(simt::fusedClockWords(n) - simt::kClockWords, 0);
    std::uint32_t blocks = 0;
    for (std::size_t p = 0; p < n; ++p) {
        layout[simt::fusedFirstBlockWord(p) - simt::kClockWords] = blocks;
        if (!projectionLaunch_[p])
            continue; // the neuron update delivers its spikes: no blocks
        const simt::SimtLaunch& l = launches_.step.at(*projectionLaunch_[p]);
        const auto [kernel, threads] = choose(l);
        blocks += std::uint32_t(threads / simt::kBlockSize);
        layout[simt::fusedPostSpanWord(n, p) - simt::kClockWords] = l.postSpanOf && kernel == l.kernel ? 1u : 0u;
    }
    layout[simt::fusedFirstBlockWord(n) - simt::kClockWords] = blocks;
    fusedThreads_ = std::size_t(blocks) * simt::kBlockSize;
    fusedLayoutStale_ = false;
    if (layout != fusedLayout_) {
        // Ordered after earlier kernels by the legacy default stream, as the clock's upload.
        clock_->upload(layout.data(), layout.size() * 4, simt::kClockWords * 4);
        fusedLayout_ = std::move(layout);
        releaseGraphs(); // its launch has the old block count
    }
}

void CudaProgram::runInit(const std::string& kernel)
{
    for (const auto& l : launches_.init) {
        if (l.kernel != kernel)
            continue;
        // The rows are final once they are filled: the longest sizes the post-span launches.
        for (std::size_t s = 0; s < plan_.synapseGroups().size(); ++s) {
            const SynapseGroupPlan& group = plan_.synapseGroups()[s];
            if (group.rowStart && kernel == ModelPlan::fillRowsKernel(group)) {
                std::vector<std::uint32_t> rows(group.group->source().size() + 1);
                // The longest of every instance's rows (a batch whose instances build their own).
                for (std::uint32_t k = 0; k < initInstances_; ++k) {
                    const std::size_t stride = plan_.perInstance(*group.rowStart) ? strides_.at(*group.rowStart) : 0;
                    bound_.at(*group.rowStart)->download(rows.data(), rows.size() * 4, k * stride * 4);
                    longestRow_[s] = std::max(longestRow_[s], simt::longestRow(rows));
                }
                fusedLayoutStale_ = true;
                releaseGraphs();
            }
        }
        launch(l.kernel, l.threads, false, initInstances_);
        return;
    }
    throw Error("the CUDA module of network '" + plan_.network().name() + "' has no initialisation kernel '" + kernel +
                "'");
}

CUgraphExec CudaProgram::stepGraph(std::uint64_t steps)
{
    if (const auto it = graphs_.find(steps); it != graphs_.end())
        return it->second;
    const Driver& d = driver();
    check(d.cuStreamBeginCapture_v2(stream_, CU_STREAM_CAPTURE_MODE_THREAD_LOCAL), "beginning the step graph");
    CUgraph graph = nullptr;
    try {
        // Each step's last block moves the clock on, so the same launches run consecutive steps.
        for (std::uint64_t k = 0; k < steps; ++k)
            launchSteps();
    } catch (...) {
        d.cuStreamEndCapture(stream_, &graph);
        if (graph)
            d.cuGraphDestroy(graph);
        throw;
    }
    check(d.cuStreamEndCapture(stream_, &graph), "capturing the step graph");
    CUgraphExec exec = nullptr;
    const CUresult instantiated = d.cuGraphInstantiateWithFlags(&exec, graph, 0);
    d.cuGraphDestroy(graph); // the executable graph is a copy
    check(instantiated, "instantiating the step graph of " + std::to_string(steps) + " steps");
    graphs_[steps] = exec;
    return exec;
}

void CudaProgram::setClock(const StepArgs& args)
{
    if (args.step != deviceStep_ || args.recordRow != deviceRow_) {
        // Ordered after the previous step's kernels by the legacy default stream.
        const std::uint32_t clock[simt::kClockWords] = {std::uint32_t(args.step), std::uint32_t(args.step >> 32),
                                                         args.recordRow, 0};
        clock_->upload(clock, sizeof clock, 0);
    }
    if (fused_ && fusedLayoutStale_)
        writeFusedLayout();
}

unsigned CudaProgram::persistentGrid()
{
    const Driver& d = driver();
    CUdevice device = 0;
    int processors = 0, blocksPerProcessor = 0;
    check(d.cuCtxGetDevice(&device), "cuCtxGetDevice");
    check(d.cuDeviceGetAttribute(&processors, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device), "multiprocessor count");
    check(d.cuOccupancyMaxActiveBlocksPerMultiprocessor(&blocksPerProcessor, functions_.at(launches_.persistent->kernel),
                                                        simt::kBlockSize, 0),
          "occupancy of kernel 'run_steps'");
    const std::size_t needed = launches_.step.front().threads / simt::kBlockSize; // neuron blocks
    return unsigned(std::min<std::size_t>(needed, std::size_t(processors) * std::size_t(blocksPerProcessor)));
}

void CudaProgram::run(const StepArgs& first, std::uint64_t steps)
{
    if (!persistent_ && useGraph_ && steps >= stepsPerGraph_) {
        setClock(first);
        const CUgraphExec many = stepGraph(stepsPerGraph_);
        const std::uint64_t whole = steps / stepsPerGraph_ * stepsPerGraph_;
        for (std::uint64_t done = 0; done < whole; done += stepsPerGraph_)
            check(driver().cuGraphLaunch(many, stream_), "launching the step graph");
        deviceStep_ = first.step + whole;
        deviceRow_ = first.recordRow + std::uint32_t(whole);
        Program::run({deviceStep_, deviceRow_}, steps - whole);
        return;
    }
    if (!persistent_ || steps < 2) {
        Program::run(first, steps);
        return;
    }
    if (!isBound_)
        throw Error("internal: CUDA kernel 'run_steps' launched before bind()");
    setClock(first);
    const unsigned grid = persistentGrid();
    const std::size_t stepsWord = simt::persistentStepsWord(plan_.synapseGroups().size());
    // Launches of a bounded length, so that a long run does not hold the GPU in one kernel.
    constexpr std::uint64_t kStepsPerLaunch = 10000;
    for (std::uint64_t done = 0; done < steps;) {
        const std::uint32_t n = std::uint32_t(std::min(kStepsPerLaunch, steps - done));
        clock_->upload(&n, 4, stepsWord * 4);
        check(driver().cuLaunchCooperativeKernel(functions_.at(launches_.persistent->kernel), grid, 1, 1,
                                                 simt::kBlockSize, 1, 1, 0, stream_, nullptr),
              "launching kernel 'run_steps' (" + std::to_string(grid) + " blocks)");
        done += n;
    }
    deviceStep_ = first.step + steps;
    deviceRow_ = first.recordRow + std::uint32_t(steps);
}

void CudaProgram::step(const StepArgs& args)
{
    setClock(args);
    hostStep_ = args.step;
    if (useGraph_) {
        check(driver().cuGraphLaunch(stepGraph(1), stream_), "launching the step graph");
    } else {
        launchSteps();
    }
    deviceStep_ = args.step + 1;
    deviceRow_ = args.recordRow + 1;
}

std::map<std::string, std::string> CudaProgram::propagation() const
{
    std::map<std::string, std::string> out;
    for (std::size_t k = 0; k < launches_.step.size(); ++k)
        if (const simt::SimtLaunch& l = launches_.step[k]; l.projection) {
            simt::SimtLaunch chosen = l;
            std::tie(chosen.kernel, chosen.threads) = choose(l);
            out[plan_.synapseGroups()[*l.projection].group->name()] =
                simt::describeLaunch(l, chosen, plan_, k < changes_.size() ? changes_[k] : 0);
        }
    simt::describeNeuronUpdateDeliveries(plan_, launches_, out);
    return out;
}

void CudaProgram::synchronize()
{
    check(driver().cuStreamSynchronize(stream_), "running the generated CUDA kernels of network '" +
                                                     plan_.network().name() + "'");
}

} // namespace spikegen::cuda
