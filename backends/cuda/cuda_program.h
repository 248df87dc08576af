// The loaded CUDA modules of a network (initialisation and step, cuda_source.h) bound to one
// simulation's buffers (their pointers written into both modules' globals): launches the init
// kernels, and replays the step's kernels as CUDA graphs of several steps each (captured once), or
// runs many steps in one cooperative launch of the persistent kernel (simt::SimtSource::persistent).
#pragma once
#include "backends/simt/simt_source.h"
#include "core/backend/backend.h"

#include <cuda.h>

#include <map>
#include <memory>

namespace spikegen::cuda {

class CudaBuffer;

enum class DependentLaunch { Off, WhenResidentTogether, Always };

class CudaProgram : public Program {
public:
    CudaProgram(const std::string& initImage, const std::string& stepImage, const ModelPlan& plan,
                simt::SimtSource launches, bool graphs);
    ~CudaProgram() override;
    void bind(const std::vector<DeviceBuffer*>& buffers) override;
    void runInit(const std::string& kernel) override;
    void step(const StepArgs& args) override;
    void run(const StepArgs& first, std::uint64_t steps) override;
    void synchronize() override;
    std::map<std::string, std::string> propagation() const override;
    void adapt(const std::vector<double>& spikesPerStep) override;
    // A batch's instances run together: the grid's y index is the instance (simt instancesTogether).
    bool runsInstancesTogether() const override { return plan_.batchSize() > 1; }
    void setInstanceStrides(const std::vector<std::size_t>& elements) override;
    void setInitInstances(std::uint32_t instances) override { initInstances_ = instances; }
    // A rank of a split network: a step at a time, without graphs, the exchange between the neuron
    // update (the first kernel) and the rest of the step.
    bool setSpikeExchange(SpikeExchange exchange) override
    {
        exchange_ = std::move(exchange);
        useGraph_ = false;
        return true;
    }

private:
    // `overlapPrevious`: its blocks may start while the kernel before drains (launchSteps).
    // `instances`: of a batch, the grid's y size.
    void launch(const std::string& kernel, std::size_t threads, bool overlapPrevious, std::uint32_t instances);
    // The fraction of the device's resident blocks that `threads` of `kernel` take.
    double deviceShare(const std::string& kernel, std::size_t threads);
    // The kernel and threads of step launch `l`: a sparse projection's by the rule on its rows.
    std::pair<std::string, std::size_t> choose(const simt::SimtLaunch& l) const;
    void launchSteps();
    // With the fused kernel: writes the block ranges and strategies after the clock if they changed.
    void writeFusedLayout();
    // The graph of `steps` whole steps, captured on first use.
    CUgraphExec stepGraph(std::uint64_t steps);
    // Writes the clock for `args` unless the device already holds it.
    void setClock(const StepArgs& args);
    // Blocks of run_steps: one per virtual block of its larger phase, at most as many as fit.
    unsigned persistentGrid();
    void releaseGraphs();

    const ModelPlan& plan_;
    simt::SimtSource launches_;
    bool useGraph_;
    DependentLaunch dependentLaunch_ = DependentLaunch::Off; // of the step kernels
    int multiprocessors_ = 0;
    std::map<std::string, int> residentBlocks_; // per kernel, on the whole device
    CUmodule initModule_ = nullptr, stepModule_ = nullptr;
    CUstream stream_ = nullptr;
    std::map<std::string, CUfunction> functions_;
    std::unique_ptr<CudaBuffer> clock_;
    // Writes buffer pointer `name` (a module global, simt::SimtHooks::bufferGlobalQualifier) unless
    // it holds `pointer` already.
    void writePointer(const std::string& name, CUdeviceptr pointer);
    std::map<std::string, CUdeviceptr> pointers_; // what each buffer's global holds (and strides')
    std::vector<std::size_t> strides_;            // elements per instance of each buffer (batches)
    std::uint32_t initInstances_ = 1;             // the grid's y size of initialisation kernels
    std::vector<DeviceBuffer*> bound_;
    bool isBound_ = false;
    SpikeExchange exchange_;
    std::uint64_t hostStep_ = 0; // the step launched, for the exchange (split networks run no graphs)
    std::map<std::size_t, std::uint32_t> longestRow_; // synapse group -> longest row, once filled
    std::vector<double> spikesPerStep_;           // measured per neuron group (adapt), empty before
    std::vector<unsigned> changes_;               // per step launch: how often adapt changed it
    bool fused_ = false;                          // propagate_all replaces the projections' kernels
    // Fused: the step entry of each projection (none where the neuron update delivers its spikes).
    std::vector<std::optional<std::size_t>> projectionLaunch_;
    std::vector<std::uint32_t> fusedLayout_;      // what the device holds after the clock
    std::size_t fusedThreads_ = 0;
    bool fusedLayoutStale_ = true;                // rows built since it was written
    bool persistent_ = false;                     // run() uses run_steps
    std::map<std::uint64_t, CUgraphExec> graphs_; // by the number of steps each runs
    std::uint64_t stepsPerGraph_;
    // The clock the device holds after the last step launched; the host writes it only when
    // the runtime asks for another step or recording row (the first step, after pullRecording).
    std::uint64_t deviceStep_ = ~0ull;
    std::uint32_t deviceRow_ = ~0u;
};

} // namespace spikegen::cuda
