// The one interface every backend implements. core/ talks to backends only through this header;
// backends implement it in backends/<name>/.
#pragma once
#include "core/lang/types.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace spikegen {

class ModelPlan;

// Memory that the generated code reads and writes (host memory for the CPU backend, device memory
// for GPU backends).
class DeviceBuffer {
public:
    virtual ~DeviceBuffer() = default;
    virtual std::size_t bytes() const = 0;
    virtual void upload(const void* source, std::size_t bytes, std::size_t offset = 0) = 0;
    virtual void download(void* destination, std::size_t bytes, std::size_t offset = 0) const = 0;
    // Sets `bytes` bytes from `offset` to `byte`.
    virtual void fill(std::uint8_t byte, std::size_t bytes, std::size_t offset) = 0;
    // `bytes` bytes of this buffer from `offset` (a multiple of Backend::sliceAlignment()), as a
    // buffer of its own that a Program binds: one instance's part of a batch, for programs that run
    // the instances one after another (Program::runsInstancesTogether false). It must not outlive
    // this buffer.
    virtual std::unique_ptr<DeviceBuffer> slice(std::size_t offset, std::size_t bytes);
};

// Arguments of one simulation step.
struct StepArgs {
    std::uint64_t step = 0;
    std::uint32_t recordRow = 0; // row of the spike-recording window this step writes
};

// Compiled generated code, bound to the buffers of one simulation.
class Program {
public:
    virtual ~Program() = default;
    // Buffer `buffer` of the plan, `bytes` long, if this program places it itself (OpenCL pools
    // small buffers); null: the backend allocates it (Backend::allocate).
    virtual std::unique_ptr<DeviceBuffer> allocate(std::size_t buffer, std::size_t bytes)
    {
        (void)buffer;
        (void)bytes;
        return nullptr;
    }
    // The bytes of the buffers (entries not 0, plan order) that allocate() is about to be asked
    // for, so that a program may place them together (OpenCL's synapse arena).
    virtual void reserve(const std::vector<std::size_t>& bytes) { (void)bytes; }
    // Buffers in the order of ModelPlan::buffers(); a null entry is a buffer of 0 bytes.
    virtual void bind(const std::vector<DeviceBuffer*>& buffers) = 0;
    // Runs one initialisation kernel named in the plan (see ModelPlan::InitKernel).
    virtual void runInit(const std::string& kernel) = 0;
    virtual void step(const StepArgs& args) = 0;
    // Runs `steps` steps from `first` (each next step one row further in the recording window).
    // A backend may run them in fewer launches than steps (CUDA's persistent kernel).
    virtual void run(const StepArgs& first, std::uint64_t steps)
    {
        for (std::uint64_t k = 0; k < steps; ++k)
            step({first.step + k, first.recordRow + std::uint32_t(k)});
    }
    // Waits until everything launched has finished (no-op where calls are synchronous).
    virtual void synchronize() = 0;
    // How each synapse group's spikes are delivered, once its rows are built (e.g. "pre span,
    // 32 lanes per spike"), for `spikegen bench`; empty where there is no choice to report.
    virtual std::map<std::string, std::string> propagation() const { return {}; }
    // Batches (ModelPlan::batchSize() > 1). True: the kernels take the instance from the launch,
    // so the runtime binds whole buffers (instance k's part k strides in) and one launch runs every
    // instance; false: the runtime binds one instance's parts (DeviceBuffer::slice) and runs each.
    virtual bool runsInstancesTogether() const { return false; }
    // Then, after bind: the elements from one instance's part of each buffer to the next (plan
    // order; 0 where one copy serves all), and how many instances (the first ones) the next
    // initialisation kernels run: one for a connectivity that one copy serves.
    virtual void setInstanceStrides(const std::vector<std::size_t>& elements) { (void)elements; }
    virtual void setInitInstances(std::uint32_t instances) { (void)instances; }
    // Split networks (ModelPlan::partition): the program calls `exchange(step)` from one host
    // thread, with nothing else running, after the neuron update of each step that ends an
    // exchange interval (ModelPlan::exchangeInterval), its spikes of the interval in the spike
    // slots; when it returns every rank's spikes are there. False: this backend cannot run a split
    // network yet. An exception thrown by `exchange` comes out of the run that called it.
    using SpikeExchange = std::function<void(std::uint64_t step)>;
    virtual bool setSpikeExchange(SpikeExchange exchange) { (void)exchange; return false; }
    // The measured activity: spikes per step of each neuron group (plan order), for backends whose
    // way of delivering spikes depends on it (the SIMT pre/post span rule). Called between runs.
    virtual void adapt(const std::vector<double>& spikesPerStep) { (void)spikesPerStep; }
};

struct BuildInfo {
    std::string sourcePath;   // generated source, kept for the user to read
    bool cacheHit = false;    // true when a cached binary was reused instead of compiling
    double generateSeconds = 0, compileSeconds = 0;
};

class Backend {
public:
    virtual ~Backend() = default;
    virtual std::string name() const = 0;        // "cpu", "cuda", "opencl"
    virtual std::string description() const = 0; // device, threads, compiler
    virtual lang::Dialect dialect() const = 0;
    virtual std::unique_ptr<DeviceBuffer> allocate(std::size_t bytes, const std::string& what) = 0;
    // The alignment in bytes of DeviceBuffer::slice offsets.
    virtual std::size_t sliceAlignment() const { return 256; }
    // Bytes that can still be allocated, where the backend can tell (free device memory, the
    // host's available memory): Simulation::initialize refuses a network whose memory estimate
    // exceeds it before allocating anything, instead of failing halfway or waking the OOM killer.
    virtual std::optional<std::uint64_t> availableMemory() const { return std::nullopt; }
    // The host threads the backend's generated code runs on, where it runs there (the CPU backend).
    virtual std::optional<int> hostThreads() const { return std::nullopt; }
    // Generates, compiles (or takes from the cache) and loads the code for `plan`.
    virtual std::unique_ptr<Program> build(const ModelPlan& plan, BuildInfo& info) = 0;
};

} // namespace spikegen
