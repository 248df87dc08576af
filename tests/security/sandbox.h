// A private folder per test, with the process's working directory a few levels inside it, so that
// a path that escapes ("../../..") lands in the folder where the test can see it, and helpers that
// generate every dialect's code for a network.
#pragma once
#include "spikegen.h"

#include "backends/cpu_openmp/cpu_source.h"
#include "backends/simt/simt_dialect.h"
#include "backends/simt/simt_source.h"
#include "core/codegen/code_writer.h"
#include "core/model/safe_names.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace spikegen::testing {

// The generated source of `network` for every dialect built here (no compiler is run).
inline std::vector<std::string> generatedSources(const Network& network)
{
    ModelPlan plan(network, 100);
    std::vector<std::string> sources;
#ifdef SPIKEGEN_TEST_CPU
    CodeWriter cpu(lang::Dialect::Cpp);
    cpu::writeCpuSource(cpu, plan);
    sources.push_back(cpu.text());
#endif
#ifdef SPIKEGEN_TEST_SIMT
    for (lang::Dialect dialect : {lang::Dialect::Cuda, lang::Dialect::OpenCL}) {
        CodeWriter simt(dialect);
        simt::writeSimtSource(simt, plan, simt::hooksFor(dialect));
        sources.push_back(simt.text());
    }
#endif
    return sources;
}

// The recorded spikes of a short run on the CPU backend (empty when it is not built).
inline std::map<std::string, SpikeTrains> runOnCpu(const Network& network, double ms)
{
    std::map<std::string, SpikeTrains> spikes;
#ifdef SPIKEGEN_TEST_CPU
    auto backend = createBackend("cpu", 1);
    Simulation sim(network, *backend);
    sim.initialize();
    sim.runFor(ms);
    for (const auto& g : network.neuronGroups())
        if (g->spikeRecording())
            spikes[g->name()] = sim.spikes(g->name());
#endif
    return spikes;
}

class SandboxTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        namespace fs = std::filesystem;
        std::string pattern = (fs::temp_directory_path() / "spikegen_sandbox_XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
        fs::create_directories(root_ / "a" / "b" / "cwd");
        previousDir_ = fs::current_path();
        fs::current_path(root_ / "a" / "b" / "cwd");
        for (const char* name : {"SPIKEGEN_GENERATED_DIR", "SPIKEGEN_CACHE_DIR"}) {
            const char* value = std::getenv(name);
            saved_.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
        }
        setenv("SPIKEGEN_GENERATED_DIR", (root_ / "generated").c_str(), 1);
        setenv("SPIKEGEN_CACHE_DIR", (root_ / "cache").c_str(), 1);
    }

    void TearDown() override
    {
        std::filesystem::current_path(previousDir_);
        for (const auto& [name, value] : saved_) {
            if (value)
                setenv(name.c_str(), value->c_str(), 1);
            else
                unsetenv(name.c_str());
        }
        std::error_code ec;
        std::filesystem::remove_all(root_, ec);
    }

    // A file that a payload would create if it ran.
    std::string marker() const { return (root_ / "MARKER_sgxinj").string(); }

    // No file or folder made from a payload (named with its token) anywhere in the sandbox or beside it.
    void expectNothingEscaped() const
    {
        namespace fs = std::filesystem;
        for (const auto& entry : fs::recursive_directory_iterator(root_))
            EXPECT_EQ(entry.path().filename().string().find("sgxinj"), std::string::npos) << entry.path();
        for (const auto& entry : fs::directory_iterator(root_.parent_path()))
            EXPECT_EQ(entry.path().filename().string().find("sgxinj"), std::string::npos) << entry.path();
    }

    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_, previousDir_;
    std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

} // namespace spikegen::testing
