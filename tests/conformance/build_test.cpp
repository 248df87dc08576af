// Building: the compile cache, errors in code strings and in compilation, recording limits.
#include "backend_fixture.h"

#include "backends/cpu_openmp/compiler.h"
#include "backends/cpu_openmp/cpu_backend.h"
#include "backends/cpu_openmp/cpu_rng_blocks.h"
#include "backends/cpu_openmp/cpu_source.h"
#include "core/codegen/code_writer.h"
#include "core/lang/code_error.h"
#include "core/rng/philox.h"
#include "models/networks/standard_networks.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace spikegen::testing {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<Network> smallNetwork(const std::string& name, const std::string& simCode = "V += 0.1 * Isyn;")
{
    NeuronModel m;
    m.name = "Leaky";
    m.params = {"tau"};
    m.vars = {{"V"}};
    m.simCode = simCode;
    m.thresholdCode = "V > 1.0";
    m.resetCode = "V = 0.0;";
    auto net = std::make_unique<Network>(name);
    net->addNeuronGroup("N", 10, m, {{"tau", 10.0}}, {{"V", 0.0}});
    return net;
}

// Points the compile cache at a fresh directory for one test.
class FreshCache {
public:
    FreshCache()
    {
        dir_ = fs::temp_directory_path() / ("spikegen_test_cache_" + std::to_string(std::rand()) + "_" +
                                            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        const char* old = std::getenv("SPIKEGEN_CACHE_DIR");
        old_ = old ? old : "";
        setenv("SPIKEGEN_CACHE_DIR", dir_.c_str(), 1);
    }
    ~FreshCache()
    {
        if (old_.empty())
            unsetenv("SPIKEGEN_CACHE_DIR");
        else
            setenv("SPIKEGEN_CACHE_DIR", old_.c_str(), 1);
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

private:
    fs::path dir_;
    std::string old_;
};

class Build : public BackendTest {};

TEST_P(Build, SecondBuildOfUnchangedModelComesFromCache)
{
    FreshCache cache;
    auto net = smallNetwork("cache_test");
    auto b = backend();
    Simulation first(*net, *b);
    EXPECT_FALSE(first.timings().compileCacheHit);
    Simulation second(*net, *b);
    EXPECT_TRUE(second.timings().compileCacheHit);
    EXPECT_LT(second.timings().compileSeconds, 0.5);
    // A changed model compiles again.
    auto changed = smallNetwork("cache_test", "V += 0.2 * Isyn;");
    Simulation third(*changed, *b);
    EXPECT_FALSE(third.timings().compileCacheHit);
    // Both simulations of the same model work side by side.
    first.initialize();
    second.initialize();
    second.pushVar("N", "V", std::vector<double>(10, 0.5));
    EXPECT_EQ(first.pullVar("N", "V"), std::vector<double>(10, 0.0));
    EXPECT_EQ(second.pullVar("N", "V"), std::vector<double>(10, 0.5));
}

TEST_P(Build, UnknownNameInCodeStringNamesModelFieldAndLine)
{
    auto net = smallNetwork("bad_name", "scalar x = 1.0;\nVm += x;");
    auto b = backend();
    try {
        Simulation sim(*net, *b);
        FAIL() << "expected a CodeError";
    } catch (const lang::CodeError& e) {
        const std::string what = e.what();
        EXPECT_EQ(e.line(), 2);
        EXPECT_EQ(e.column(), 1);
        EXPECT_NE(what.find("Leaky"), std::string::npos) << what;
        EXPECT_NE(what.find("sim code"), std::string::npos) << what;
        EXPECT_NE(what.find("'Vm'"), std::string::npos) << what;
        EXPECT_NE(what.find("did you mean 'V'"), std::string::npos) << what;
    }
}

TEST_P(Build, WritingAParameterIsAnError)
{
    auto net = smallNetwork("write_param", "tau = 3.0;");
    auto b = backend();
    EXPECT_THROW(Simulation(*net, *b), lang::CodeError);
}

TEST_P(Build, RecordingWindowTooSmallIsAnErrorBeforeTheRun)
{
    auto net = smallNetwork("recording_window");
    net->neuronGroup("N").setSpikeRecording(true);
    auto b = backend();
    Simulation sim(*net, *b, SimulationOptions{100});
    sim.initialize();
    sim.run(60);
    EXPECT_THROW(sim.run(60), Error);
    EXPECT_EQ(sim.currentStep(), 60u); // nothing ran
    sim.pullRecording();
    sim.run(60); // fits after the window was emptied
    EXPECT_EQ(sim.currentStep(), 120u);
}

// A network larger than any machine's memory (a 250 TB spike recording window) is refused before
// anything is allocated, naming the network, the bytes and the largest buffer; the CPU backend
// would otherwise be granted the memory (Linux overcommits) and killed while filling it.
TEST_P(Build, NetworkTooLargeForTheBackendIsRefusedBeforeAllocating)
{
    Network net("too_large_for_memory");
    net.addNeuronGroup("Huge", 2000000000, models::Poisson(), {{"rate", 0.0}}, {}).setSpikeRecording(true);
    auto b = backend();
    Simulation sim(net, *b, SimulationOptions{1000000});
    try {
        sim.initialize();
        FAIL() << "expected an out-of-memory error";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("network 'too_large_for_memory' is too large for backend '" + GetParam() + "'"),
                  std::string::npos) << what;
        EXPECT_NE(what.find("largest buffer is neuron group 'Huge', spike recording, 250000000000000 bytes"),
                  std::string::npos) << what;
        EXPECT_NE(what.find("Nothing was allocated"), std::string::npos) << what;
    }
}

// CPU backend only: compiler problems.
TEST(CpuBuild, NoCompilerFound)
{
    cpu::CpuOptions options;
    options.compiler = "/nonexistent/c++";
    cpu::CpuBackend b(options);
    auto net = smallNetwork("no_compiler");
    try {
        Simulation sim(*net, b);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no C++ compiler found"), std::string::npos) << e.what();
    }
}

// A compile failure shows the generated line and the code string it came from. The checker
// accepts an unused local; with -Werror=unused-variable the C++ compiler rejects it.
TEST(CpuBuild, CompileFailureShowsGeneratedLineAndCodeString)
{
    FreshCache cache;
    cpu::CpuOptions options;
    options.flags += " -Werror=unused-variable";
    cpu::CpuBackend b(options);
    auto net = smallNetwork("compile_failure", "V += 0.1 * Isyn;\nint unused = 3;");
    try {
        Simulation sim(*net, b);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("generated line"), std::string::npos) << what;
        EXPECT_NE(what.find("int unused = 3;"), std::string::npos) << what;
        EXPECT_NE(what.find("from model 'Leaky', sim code, line 2"), std::string::npos) << what;
    }
}

// The generated code's tile of first blocks (eight neurons a pass with AVX2, when the compiler
// targets it as the backend's -march=native does here) holds the blocks of the scalar Philox:
// every tile length (the vector passes and the scalar rest), counters across 2^32 and steps
// beyond 32 bits, compiled with the backend's own flags.
TEST(CpuBuild, TileBlocksAreTheScalarPhiloxBlocks)
{
    cpu::CpuOptions options;
    std::string flags = options.flags;
    for (const std::string drop : {" -shared", " -fPIC"})
        if (const auto at = flags.find(drop); at != std::string::npos)
            flags.erase(at, drop.size());
    const std::string program = rng::deviceSource(lang::Dialect::Cpp) + cpu::kTileRngSource + R"(
#include <stdio.h>
int main(void)
{
    static uint32_t blocks[4][SG_TILE];
    const uint64_t steps[] = {0u, 1u, 77u, 0x100000003ull, 0xFFFFFFFFFFFFFFFFull};
    const uint32_t firsts[] = {0u, 5u, 1000u, 0xFFFFFF80u};
    unsigned wrong = 0, checked = 0;
    for (unsigned s = 0; s < 5; ++s)
        for (unsigned f = 0; f < 4; ++f)
            for (unsigned n = 0; n <= SG_TILE; n += (n < 24u ? 1u : 29u)) {
                memset(blocks, 0xA5, sizeof blocks);
                sg_philox_tile_blocks(0x6FD436D5u + s, 0x525190BBu ^ f, steps[s], firsts[f], n, blocks);
                for (unsigned i = 0; i < n; ++i) {
                    uint32_t out[4];
                    sg_philox4x32_10(0u, firsts[f] + i, (uint32_t)steps[s], (uint32_t)(steps[s] >> 32),
                                     0x6FD436D5u + s, 0x525190BBu ^ f, out);
                    for (unsigned w = 0; w < 4; ++w, ++checked)
                        wrong += blocks[w][i] != out[w];
                }
                for (unsigned i = n; i < SG_TILE; ++i)
                    wrong += blocks[0][i] != 0xA5A5A5A5u; /* nothing written past n */
            }
    printf("%u of %u words differ\n", wrong, checked);
    return wrong == 0u && checked > 0u ? 0 : 1;
}
)";
    const fs::path dir = fs::temp_directory_path() / ("spikegen_tile_blocks_" + std::to_string(getpid()));
    fs::create_directories(dir);
    {
        std::ofstream(dir / "tile.cpp") << program;
    }
    const std::string compiler = cpu::findCompiler("");
    const auto built = cpu::runCommand(cpu::shellQuote(compiler) + " " + flags + " -o " +
                                       cpu::shellQuote((dir / "tile").string()) + " " +
                                       cpu::shellQuote((dir / "tile.cpp").string()));
    ASSERT_EQ(built.exitCode, 0) << built.output;
    const auto ran = cpu::runCommand(cpu::shellQuote((dir / "tile").string()));
    EXPECT_EQ(ran.exitCode, 0) << ran.output;
    EXPECT_EQ(ran.output.rfind("0 of ", 0), 0u) << ran.output;
    std::error_code ec;
    fs::remove_all(dir, ec);
}

// One barrier a step where each thread's propagation writes only the inputs of the neurons it
// updates and no synapse code touches neuron variables (COBA); two where a synapse learns from
// its neurons (COBA with STDP): the next step's update would race with this step's learning.
TEST(CpuBuild, StepsOverlapWithOneBarrierOnlyWhereThreadsOwnTheirTargets)
{
    auto barriers = [](const std::string& network) {
        const auto net = models::makeStandardNetwork(network);
        const ModelPlan plan(*net, 100);
        CodeWriter w(lang::Dialect::Cpp);
        cpu::writeCpuSource(w, plan);
        const std::string text = w.text();
        const std::size_t run = text.find("void sg_run_thread(");
        const std::size_t body = text.find("static void sg_step_body(");
        EXPECT_NE(run, std::string::npos);
        EXPECT_NE(body, std::string::npos);
        auto count = [&](std::size_t from, std::size_t to) {
            int n = 0;
            for (std::size_t at = text.find("sg_barrier(nth);", from); at < to; at = text.find("sg_barrier(nth);", at + 1))
                ++n;
            return n;
        };
        return std::pair{count(body, text.find("\n}\n", body)), count(run, text.size())};
    };
    EXPECT_EQ(barriers("coba"), std::pair(1, 0)); // in the step, between steps
    EXPECT_EQ(barriers("coba-stdp"), std::pair(2, 1));
}

INSTANTIATE_TEST_SUITE_P(Backends, Build, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
