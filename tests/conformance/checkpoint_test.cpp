// Checkpoints on every backend: a run of T equals a run of T/2, a checkpoint, a fresh Simulation
// (as in a new process) that loads it and a run of T/2, spike for spike and variable for variable;
// a checkpoint written on one backend resumes on the CPU; bad files are refused, changing nothing.
#include "backend_fixture.h"
#include "file_size_limit.h"
#include "plastic_networks.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace spikegen::testing {
namespace {

class Checkpoints : public BackendTest {};

// COBA at 800 neurons: constant weights, so float sums do not depend on their order and every
// backend gives the same spikes.
std::unique_ptr<Network> coba()
{
    models::StandardNetworkOptions options;
    options.scale = 0.2;
    options.seed = 5;
    return models::makeStandardNetwork("coba", options);
}

std::filesystem::path checkpointPath(const std::string& name)
{
    return std::filesystem::temp_directory_path() / ("spikegen_checkpoint_" + name + ".ckpt");
}

struct State {
    std::map<std::string, SpikeTrains> spikes;
    std::map<std::string, std::vector<double>> vars;
};

State stateOf(Simulation& sim, const Network& net, const std::vector<std::string>& vars)
{
    State s;
    for (const auto& g : net.neuronGroups())
        if (g->spikeRecording())
            s.spikes[g->name()] = sim.spikes(g->name());
    for (const auto& v : vars) {
        const auto dot = v.find('.');
        s.vars[v] = sim.pullVar(v.substr(0, dot), v.substr(dot + 1));
    }
    return s;
}

void expectSame(const State& a, const State& b)
{
    for (const auto& [group, trains] : a.spikes) {
        EXPECT_FALSE(trains.times.empty()) << group;
        EXPECT_EQ(trains.times, b.spikes.at(group).times) << group;
        EXPECT_EQ(trains.ids, b.spikes.at(group).ids) << group;
    }
    for (const auto& [var, values] : a.vars)
        EXPECT_EQ(values, b.vars.at(var)) << var;
}

TEST_P(Checkpoints, ResumedRunEqualsContinuousRunAndResumesOnTheCpu)
{
    const std::vector<std::string> vars = {"E.V", "I.V", "E.RefracTime"};
    auto net = coba();
    auto b = backend();
    Simulation continuous(*net, *b);
    continuous.initialize();
    continuous.run(1000);
    const State expected = stateOf(continuous, *net, vars);

    const auto path = checkpointPath(GetParam());
    {
        Simulation first(*net, *b);
        first.initialize();
        first.run(500);
        first.saveCheckpoint(path.string());
    }
    for (const std::string resumeOn : {GetParam(), std::string("cpu")}) {
        SCOPED_TRACE("resumed on " + resumeOn);
        auto fresh = coba(); // as a new process would build it
        auto resumeBackend = createBackend(resumeOn);
        Simulation resumed(*fresh, *resumeBackend);
        resumed.loadCheckpoint(path.string());
        EXPECT_EQ(resumed.currentStep(), 500u);
        resumed.run(500);
        expectSame(expected, stateOf(resumed, *fresh, vars));
    }
    std::filesystem::remove(path);
}

TEST_P(Checkpoints, PlasticWeightsAndTracesResume)
{
    // GPU atomics sum learned weights in any order: deterministic mode makes two runs comparable.
    auto net = everyRuleNetwork();
    net->setDeterministic(true);
    auto b = backend();
    Simulation continuous(*net, *b);
    continuous.initialize();
    continuous.run(600);
    const auto path = checkpointPath("plastic");
    Simulation first(*net, *b);
    first.initialize();
    first.run(300);
    first.saveCheckpoint(path.string());
    auto fresh = everyRuleNetwork();
    fresh->setDeterministic(true);
    Simulation resumed(*fresh, *b);
    resumed.loadCheckpoint(path.string());
    resumed.run(300);
    for (const auto& group : kEveryRuleGroups)
        EXPECT_EQ(continuous.pullVar(group, "w"), resumed.pullVar(group, "w")) << group;
    std::filesystem::remove(path);
}

TEST_P(Checkpoints, BadFilesAreRefusedAndChangeNothing)
{
    auto net = coba();
    auto b = backend();
    Simulation sim(*net, *b);
    sim.initialize();
    sim.run(100);
    const auto path = checkpointPath("bad_" + GetParam());
    sim.saveCheckpoint(path.string());
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    auto refused = [&](const std::string& content, const std::string& expected) {
        std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
        const auto v = sim.pullVar("E", "V");
        try {
            sim.loadCheckpoint(path.string());
            ADD_FAILURE() << "accepted: " << expected;
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("it was not loaded"), std::string::npos) << e.what();
        }
        EXPECT_EQ(sim.currentStep(), 100u);
        EXPECT_EQ(sim.pullVar("E", "V"), v);
    };
    refused(bytes.substr(0, bytes.size() / 2), "checksum does not match");
    std::string corrupted = bytes;
    corrupted[corrupted.size() / 2] ^= 0x40;
    refused(corrupted, "checksum does not match");
    refused("{\"version\": 1}", "not a spikegen checkpoint");
    refused(bytes.substr(0, 10), "not a spikegen checkpoint");
    // Another network: the same structure, another weight.
    models::StandardNetworkOptions options;
    options.scale = 0.2;
    options.seed = 6;
    auto other = models::makeStandardNetwork("coba", options);
    Simulation otherSim(*other, *b);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    try {
        otherSim.loadCheckpoint(path.string());
        ADD_FAILURE() << "a checkpoint of another network was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("written by a different network"), std::string::npos) << e.what();
    }
    sim.run(10); // still runs on
    std::filesystem::remove(path);
}

std::string contentOf(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A disk that fills while a checkpoint is written: one error naming the network and the file with
// the system's reason, the checkpoint written before under that name unchanged, no temporary left.
TEST_P(Checkpoints, AFullDiskLeavesThePreviousCheckpointAndNoTemporary)
{
    const auto folder = std::filesystem::temp_directory_path() /
                        ("spikegen_full_disk_" + GetParam() + "_" + std::to_string(getpid()));
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    const auto path = folder / "run.ckpt";
    auto net = coba();
    auto b = backend();
    Simulation sim(*net, *b);
    sim.initialize();
    sim.run(10);
    sim.saveCheckpoint(path.string());
    const std::string before = contentOf(path);
    sim.run(10);
    try {
        FileSizeLimit full(4096);
        sim.saveCheckpoint(path.string());
        ADD_FAILURE() << "a checkpoint larger than the disk's room was written";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("checkpoint of network '" + net->name() + "'"), std::string::npos) << what;
        EXPECT_NE(what.find("writing '" + path.string() + "': File too large"), std::string::npos) << what;
    }
    EXPECT_EQ(contentOf(path), before);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(folder), {}), 1); // no temporary
    std::filesystem::remove_all(folder);
}

INSTANTIATE_TEST_SUITE_P(Backends, Checkpoints, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
