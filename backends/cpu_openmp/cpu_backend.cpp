#include "backends/cpu_openmp/cpu_backend.h"

#include "backends/cpu_openmp/compiler.h"
#include "backends/cpu_openmp/cpu_source.h"
#include "backends/cpu_openmp/host_memory.h"
#include "backends/cpu_openmp/step_threads.h"
#include "backends/cpu_openmp/thread_count.h"
#include "backends/cpu_openmp/thread_tuner.h"
#include "core/codegen/build_cache.h"
#include "core/codegen/memory_estimate.h"
#include "core/codegen/model_plan.h"
#include "core/error.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <exception>
#include <fstream>
#include <iterator>
#include <map>
#include <unistd.h>
#include <new>
#include <optional>
#include <random>
#include <utility>

namespace spikegen::cpu {
namespace fs = std::filesystem;
namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

class CpuBuffer : public DeviceBuffer {
public:
    CpuBuffer(std::size_t bytes) : bytes_(bytes)
    {
        data_ = static_cast<std::uint8_t*>(std::aligned_alloc(64, (bytes + 63) / 64 * 64));
        if (!data_)
            throw std::bad_alloc();
    }
    // A view of another buffer's bytes (slice), which this one does not free.
    CpuBuffer(std::uint8_t* data, std::size_t bytes) : bytes_(bytes), data_(data), owned_(false) {}
    ~CpuBuffer() override
    {
        if (owned_)
            std::free(data_);
    }
    std::unique_ptr<DeviceBuffer> slice(std::size_t offset, std::size_t bytes) override
    {
        check(bytes, offset);
        return std::make_unique<CpuBuffer>(data_ + offset, bytes);
    }
    std::size_t bytes() const override { return bytes_; }
    void upload(const void* source, std::size_t bytes, std::size_t offset) override
    {
        check(bytes, offset);
        std::memcpy(data_ + offset, source, bytes);
    }
    void download(void* destination, std::size_t bytes, std::size_t offset) const override
    {
        check(bytes, offset);
        std::memcpy(destination, data_ + offset, bytes);
    }
    void fill(std::uint8_t byte, std::size_t bytes, std::size_t offset) override
    {
        check(bytes, offset);
        std::memset(data_ + offset, byte, bytes);
    }
    void* data() { return data_; }

private:
    void check(std::size_t bytes, std::size_t offset) const
    {
        if (offset + bytes > bytes_)
            throw Error("copy of " + std::to_string(bytes) + " bytes at offset " + std::to_string(offset) +
                        " exceeds a buffer of " + std::to_string(bytes_) + " bytes");
    }
    std::size_t bytes_;
    std::uint8_t* data_;
    bool owned_ = true;
};

class CpuProgram : public Program {
public:
    // `binary`: the shared library's bytes, checked against the cache record; `path` names it in messages.
    // `tuner`: where the run chooses its thread count itself (CpuOptions::threads), else `threads` throughout.
    CpuProgram(const std::string& binary, const fs::path& path, const ModelPlan& plan, int threads,
               std::optional<ThreadTuner> tuner)
        : path_(path.string()), tuner_(std::move(tuner))
    {
        // dlopen of one path twice gives one handle, and the generated code keeps its buffer
        // pointers in globals: load a private copy so that simulations of one model stay apart.
        // The copy is made from the bytes that were checked, in the private cache folder, so that
        // nothing can swap the file between the check and the load.
        std::string pattern = (cacheDirectory() / "load_XXXXXX.so").string();
        const int fd = mkstemps(pattern.data(), 3);
        if (fd < 0)
            throw Error("cannot create a file to load '" + path_ + "' from: " + std::strerror(errno));
        const bool written = ::write(fd, binary.data(), binary.size()) == ssize_t(binary.size());
        close(fd);
        // RTLD_NODELETE: unloading would also unload libgomp under its idle worker threads.
        handle_ = written ? dlopen(pattern.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) : nullptr;
        unlink(pattern.c_str());
        if (!handle_)
            throw Error("cannot load generated library '" + path_ + "': " + (written ? dlerror() : "write failed"));
        auto abi = reinterpret_cast<int (*)()>(symbol(kAbiFunction));
        if (abi() != kAbiVersion)
            throw Error("generated library '" + path_ + "' has ABI " + std::to_string(abi()) + ", expected " +
                        std::to_string(kAbiVersion));
        bind_ = reinterpret_cast<void (*)(void* const*)>(symbol(kBindFunction));
        bindScratch_ = reinterpret_cast<void (*)(void* const*)>(symbol(kBindScratchFunction));
        network_ = plan.network().name();
        for (const auto& g : plan.neuronGroups())
            groups_.emplace_back(g.group->name(), g.group->size());
        const int spins = barrierSpins();
        reinterpret_cast<void (*)(int, int)>(symbol(kThreadsFunction))(threads, spins);
        endOpenMp_ = reinterpret_cast<void (*)()>(symbol(kEndOpenMpFunction));
        stepThreads_.emplace(reinterpret_cast<StepThreads::Part>(symbol(kRunFunction)), spins < 0 ? kDefaultSpins : unsigned(spins));
        threads_ = std::min(unsigned(threads), kMaxThreads);
        auto addInit = [&](const std::string& name) { inits_[name] = reinterpret_cast<void (*)()>(symbol(name)); };
        addInit(ModelPlan::initNeuronsKernel());
        for (const auto& s : plan.synapseGroups())
            for (const auto& kernel : ModelPlan::initKernels(s))
                addInit(kernel);
    }
    ~CpuProgram() override
    {
        stepThreads_.reset(); // its workers first: they hold the library's code
        dlclose(handle_);
    }

    void bind(const std::vector<DeviceBuffer*>& buffers) override
    {
        // At the first bind, after Simulation has checked that the network fits; left
        // uninitialised, so that only the pages spikes are written to are touched.
        if (scratch_.empty()) {
            std::vector<void*> scratch;
            for (const auto& [group, size] : groups_) {
                try {
                    // Two lists, by the step's parity (cpu_source.cpp, threadsOverlapSteps).
                    scratch_.emplace_back(new std::uint32_t[std::max<std::size_t>(2 * size, 1)]);
                } catch (const std::bad_alloc&) {
                    throw Error("network '" + network_ + "', neuron group '" + group +
                                "': cannot allocate its spike lists of " + bytesText(8ull * size));
                }
                scratch.push_back(scratch_.back().get());
            }
            bindScratch_(scratch.data());
        }
        std::vector<void*> pointers;
        for (DeviceBuffer* b : buffers)
            pointers.push_back(b ? static_cast<CpuBuffer*>(b)->data() : nullptr);
        bind_(pointers.data());
    }
    void runInit(const std::string& kernel) override
    {
        auto it = inits_.find(kernel);
        if (it == inits_.end())
            throw Error("generated library '" + path_ + "' has no initialisation kernel '" + kernel + "'");
        it->second();
        openMpUsed_ = true;
    }
    void step(const StepArgs& args) override { run(args, 1); }
    void run(const StepArgs& first, std::uint64_t steps) override
    {
        if (std::exchange(openMpUsed_, false))
            endOpenMp_();
        if (!tuner_)
            stepThreads_->run(threads_, first.step, first.recordRow, steps);
        // In the tuner's slices: the same steps, each slice on its thread count.
        for (std::uint64_t done = 0; tuner_ && done < steps;) {
            const std::uint64_t slice = std::min(steps - done, tuner_->stepsToRun());
            const unsigned settled = tuner_->settled();
            const auto start = std::chrono::steady_clock::now();
            stepThreads_->run(std::min(tuner_->threads(), kMaxThreads), first.step + done, first.recordRow + std::uint32_t(done), slice);
            tuner_->record(slice, secondsSince(start));
            if (tuner_->settled() != settled)
                spdlog::debug("network '{}': {} CPU threads from step {} (measured faster than {})", network_,
                              tuner_->settled(), first.step + done + slice, settled);
            done += slice;
        }
        if (exchangeFailure_)
            std::rethrow_exception(std::exchange(exchangeFailure_, nullptr));
    }
    void synchronize() override {}
    bool setSpikeExchange(SpikeExchange exchange) override
    {
        auto set = reinterpret_cast<void (*)(void (*)(void*, std::uint64_t), void*)>(dlsym(handle_, kSetExchangeFunction));
        if (!set)
            throw Error("generated library '" + path_ + "' is not of a split network: it has no spike exchange");
        exchange_ = std::move(exchange);
        set(&CpuProgram::exchangeSpikes, this);
        return true;
    }

private:
    // Called by the generated code's thread 0 (the caller) in the middle of a run, the other threads
    // waiting at its barrier: an exception must not cross the generated code, so the first one
    // waits for the end of the run, and later exchanges are skipped.
    static void exchangeSpikes(void* context, std::uint64_t step)
    {
        auto* self = static_cast<CpuProgram*>(context);
        if (self->exchangeFailure_)
            return;
        try {
            self->exchange_(step);
        } catch (...) {
            self->exchangeFailure_ = std::current_exception();
        }
    }
    void* symbol(const std::string& name)
    {
        void* s = dlsym(handle_, name.c_str());
        if (!s)
            throw Error("generated library '" + path_ + "' lacks '" + name + "'");
        return s;
    }
    std::string path_;
    void* handle_;
    void (*bind_)(void* const*);
    unsigned threads_ = 1;               // without a tuner
    std::optional<ThreadTuner> tuner_;   // else
    std::optional<StepThreads> stepThreads_;
    void (*endOpenMp_)();
    bool openMpUsed_ = false; // by an initialisation kernel since the last run
    std::map<std::string, void (*)()> inits_;
    void (*bindScratch_)(void* const*);
    std::string network_;
    std::vector<std::pair<std::string, std::size_t>> groups_; // neuron groups: name, size
    std::vector<std::unique_ptr<std::uint32_t[]>> scratch_;   // per neuron group (kBindScratchFunction)
    SpikeExchange exchange_;
    std::exception_ptr exchangeFailure_;
};

} // namespace

CpuBackend::CpuBackend(CpuOptions options) : options_(std::move(options))
{
    adaptive_ = threadsLeftToSpikegen(options_.threads);
    options_.threads = chooseThreads(options_.threads);
    if (options_.mostThreads <= 0)
        options_.mostThreads = std::max(options_.threads, usableCores());
    if (const char* extra = std::getenv("SPIKEGEN_CPU_EXTRA_FLAGS"); extra && *extra)
        options_.flags += std::string(" ") + extra;
}

std::string CpuBackend::description() const
{
    return "OpenMP C++, " + std::to_string(options_.threads) + " threads" +
           (adaptive_ ? " to start (then 1-" + std::to_string(options_.mostThreads) + " as measured)" : "") +
           (compilerVersion_.empty() ? "" : ", " + compilerVersion_);
}

std::unique_ptr<DeviceBuffer> CpuBackend::allocate(std::size_t bytes, const std::string&)
{
    return std::make_unique<CpuBuffer>(bytes);
}

std::optional<std::uint64_t> CpuBackend::availableMemory() const { return availableHostMemory(); }

std::unique_ptr<Program> CpuBackend::build(const ModelPlan& plan, BuildInfo& info)
{
    auto start = std::chrono::steady_clock::now();
    const std::string compiler = findCompiler(options_.compiler);
    if (compilerVersion_.empty())
        compilerVersion_ = compilerVersion(compiler);
    CodeWriter writer(lang::Dialect::Cpp);
    writeCpuSource(writer, plan);
    const std::string& name = plan.network().name();
    // Each rank of a split network has its own code (its blocks), kept under its own name.
    const std::string rank = plan.partition().split() ? "_rank" + std::to_string(plan.partition().rank) : "";
    const fs::path source = fileInside(generatedDirectory(name), name + rank + "_cpu.cpp");
    writeFileAtomically(source, writer.text());
    info.sourcePath = source.string();
    info.generateSeconds = secondsSince(start);

    start = std::chrono::steady_clock::now();
    const CacheEntry entry("cpu", writer.text() + "\n" + options_.flags + "\n" + compilerVersion_ + "\nabi " +
                                      std::to_string(kAbiVersion), ".so");
    std::optional<std::string> binary = entry.read();
    info.cacheHit = binary.has_value();
    if (!binary) {
        // The compiler reads a private copy of the source, in the private cache folder: the
        // generated-code folder may be shared, and the file there could change before it is read.
        const std::string stem = "build_" + std::to_string(getpid()) + "_" + std::to_string(std::random_device{}());
        const fs::path privateSource = cacheDirectory() / (stem + ".cpp"), built = cacheDirectory() / (stem + ".so");
        writeFileAtomically(privateSource, writer.text(), FileAccess::Private);
        const std::string command = shellQuote(compiler) + " " + options_.flags + " -o " + shellQuote(built) + " " +
                                    shellQuote(privateSource.string());
        spdlog::debug("compiling: {}", command);
        const CommandResult result = runCommand(command);
        std::error_code ec;
        fs::remove(privateSource, ec);
        if (result.exitCode != 0) {
            fs::remove(built, ec);
            throw Error("compiling the generated code of network '" + name + "' (" + source.string() + ") failed (" +
                        command + "):" + explainCompileErrors(result.output, privateSource.filename().string(), writer) +
                        "\ncompiler output:\n" + result.output);
        }
        std::ifstream in(built, std::ios::binary);
        binary = std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        fs::remove(built, ec);
        entry.write(*binary);
    }
    info.compileSeconds = secondsSince(start);
    std::optional<ThreadTuner> tuner;
    if (adaptive_ && options_.mostThreads > 1 && !plan.partition().split()) // a split run's ranks keep theirs
        tuner.emplace(unsigned(options_.threads), unsigned(options_.mostThreads), options_.tuningWindowSeconds);
    return std::make_unique<CpuProgram>(*binary, entry.binaryPath(), plan, options_.threads, std::move(tuner));
}

} // namespace spikegen::cpu
