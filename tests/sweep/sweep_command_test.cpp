// `spikegen sweep` (tools/sweep_command.h): the rows of OUT/sweep.csv against individual runs, CSV
// input, one failed instance among good ones, and every kind of bad input.
#include "core/error.h"
#include "core/runtime/sweep.h"
#include "spikegen.h"
#include "tools/sweep_command.h"

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace spikegen::tools {
namespace {

namespace fs = std::filesystem;

struct Csv {
    std::vector<std::string> header;
    std::vector<std::map<std::string, std::string>> rows;
};

// Enough of RFC 4180 for sweep.csv: fields quoted when they hold a comma or quote.
std::vector<std::string> splitCsvLine(const std::string& line)
{
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"')
            fields.back() += '"', ++i;
        else if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            fields.emplace_back();
        else
            fields.back() += c;
    }
    return fields;
}

Csv readCsv(const fs::path& file)
{
    std::ifstream in(file);
    Csv csv;
    std::string line;
    std::getline(in, line);
    csv.header = splitCsvLine(line);
    while (std::getline(in, line)) {
        const auto fields = splitCsvLine(line);
        EXPECT_EQ(fields.size(), csv.header.size()) << line;
        std::map<std::string, std::string> row;
        for (std::size_t k = 0; k < fields.size() && k < csv.header.size(); ++k)
            row[csv.header[k]] = fields[k];
        csv.rows.push_back(row);
    }
    return csv;
}

class SweepCommand : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir_ = fs::temp_directory_path() /
               ("spikegen_sweep_test_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // A model file of 10 neurons whose V is divided by `divisor` each step: 0 makes it infinite.
    fs::path tinyModel()
    {
        const fs::path file = dir_ / "tiny.json";
        std::ofstream(file) << R"({"version": 1, "name": "sweep_tiny", "dt": 0.1, "seed": 5,
 "models": {"neurons": [{"name": "Divider", "params": ["divisor", "drive"], "vars": [{"name": "V"}],
   "sim_code": "V = V / divisor + drive;", "threshold_code": "V > 1.0", "reset_code": "V = 0.0;"}]},
 "neuron_groups": [{"name": "N", "size": 10, "model": "Divider", "params": {"divisor": 1.0, "drive": 0.01},
   "var_inits": {"V": 0.5}}]})";
        return file;
    }

    SweepArgs args(const std::string& network)
    {
        SweepArgs a;
        a.network = network;
        a.backend = "cpu";
        a.duration = "20ms";
        a.out = (dir_ / "out").string();
        return a;
    }

    // The error runSweepCommand throws, after checking that it wrote nothing.
    std::string errorOf(const SweepArgs& a)
    {
        std::string message = "(no error)";
        try {
            runSweepCommand(a);
        } catch (const Error& e) {
            message = e.what();
        }
        EXPECT_FALSE(fs::exists(a.out)) << message;
        return message;
    }

    fs::path dir_;
};

// The statistics of one plain run, as `spikegen run` steps it (100 ms chunks).
struct PlainRun {
    std::map<std::string, PopulationStatistics> stats;
    std::map<std::string, SpikeTrains> spikes;
};
PlainRun plainCobaRun(double vthresh, double g, std::uint64_t seed, double durationMs)
{
    models::StandardNetworkOptions options;
    options.scale = 0.1;
    options.seed = seed;
    auto net = models::makeStandardNetwork("coba", options);
    net->setParam("E", "Vthresh", vthresh);
    net->setParam("EE", "g", g);
    for (const auto& group : net->neuronGroups())
        net->neuronGroup(group->name()).setSpikeRecording(true);
    auto backend = createBackend("cpu");
    SimulationOptions simOptions;
    simOptions.recordingWindowSteps = 1000;
    Simulation sim(*net, *backend, simOptions);
    sim.initialize();
    const auto steps = static_cast<std::uint64_t>(std::llround(durationMs / net->options().dt));
    for (std::uint64_t done = 0; done < steps; done += std::min<std::uint64_t>(1000, steps - done)) {
        sim.run(std::min<std::uint64_t>(1000, steps - done));
        sim.pullRecording();
    }
    PlainRun run;
    for (const auto& group : net->neuronGroups()) {
        run.spikes[group->name()] = sim.spikes(group->name());
        run.stats[group->name()] = spikeStatistics(sim.spikes(group->name()), group->size(), 0.0, durationMs);
    }
    return run;
}

TEST_F(SweepCommand, GridRowsEqualIndividualRuns)
{
    SweepArgs a = args("coba");
    a.scale = 0.1;
    a.duration = "200ms";
    a.params = {"E.Vthresh=-50,-52", "EE.g=0.006,0.009"};
    a.statistics = {"fano:E"};
    a.keepSpikes = "1";
    ASSERT_EQ(runSweepCommand(a), 0);
    const Csv csv = readCsv(dir_ / "out" / "sweep.csv");
    EXPECT_EQ(csv.header, (std::vector<std::string>{"instance", "seed", "E.Vthresh", "EE.g", "E_rate_hz", "E_cv_isi",
                                                    "I_rate_hz", "I_cv_isi", "fano:E", "error"}));
    ASSERT_EQ(csv.rows.size(), 4u);
    const double vthresh[] = {-50, -50, -52, -52}, g[] = {0.006, 0.009, 0.006, 0.009};
    double anyRate = 0;
    for (std::size_t k = 0; k < 4; ++k) {
        const auto& row = csv.rows[k];
        EXPECT_EQ(row.at("instance"), std::to_string(k));
        EXPECT_EQ(row.at("seed"), std::to_string(1234 + k));
        EXPECT_EQ(std::stod(row.at("E.Vthresh")), vthresh[k]);
        EXPECT_EQ(std::stod(row.at("EE.g")), g[k]);
        EXPECT_EQ(row.at("error"), "");
        const PlainRun plain = plainCobaRun(vthresh[k], g[k], 1234 + k, 200.0);
        for (const char* group : {"E", "I"}) {
            // The CSV's numbers read back exactly.
            EXPECT_EQ(std::stod(row.at(std::string(group) + "_rate_hz")), plain.stats.at(group).rateHz) << k << group;
            EXPECT_EQ(std::stod(row.at(std::string(group) + "_cv_isi")), plain.stats.at(group).meanCvIsi) << k << group;
            anyRate += plain.stats.at(group).rateHz;
        }
        EXPECT_EQ(std::stod(row.at("fano:E")), populationFanoFactor(plain.spikes.at("E"), 0.0, 200.0, kSweepFanoBinMs));
    }
    EXPECT_GT(anyRate, 0.0);
    // Only the instance asked for keeps its spikes, in the files `spikegen run` writes.
    EXPECT_TRUE(fs::exists(dir_ / "out" / "instance_1" / "E_spike_times_ms.npy"));
    EXPECT_TRUE(fs::exists(dir_ / "out" / "instance_1" / "I_spike_ids.npy"));
    EXPECT_FALSE(fs::exists(dir_ / "out" / "instance_0"));
    EXPECT_TRUE(fs::exists(dir_ / "out" / "sweep.json"));
}

// Batches hold several instances in one Simulation: the rows stay those of one at a time, with
// each instance's own wiring or, asked for, the sweep seed's; a batch that fails fails its rows.
TEST_F(SweepCommand, BatchedRowsEqualOneAtATime)
{
    auto sweep = [&](std::size_t batch, bool shared, const std::string& out) {
        SweepArgs a = args("coba");
        a.scale = 0.1;
        a.duration = "150ms";
        a.params = {"E.Vthresh=-50,-51,-52", "IE.g=0.06,0.07"};
        a.batch = batch;
        a.sharedConnectivity = shared;
        a.out = (dir_ / out).string();
        EXPECT_EQ(runSweepCommand(a), 0);
        return readCsv(dir_ / out / "sweep.csv").rows;
    };
    const auto single = sweep(1, false, "one");
    ASSERT_EQ(single.size(), 6u);
    EXPECT_EQ(sweep(4, false, "four"), single);
    const auto shared = sweep(1, true, "shared_one");
    EXPECT_EQ(sweep(6, true, "shared_six"), shared);
    EXPECT_NE(shared, single);
    EXPECT_EQ(shared[0], single[0]) << "instance 0's seed is the sweep's: the same wiring";

    SweepArgs a = args(tinyModel().string());
    a.params = {"N.divisor=1,0,2,3"};
    a.batch = 2;
    EXPECT_EQ(runSweepCommand(a), 1);
    const Csv csv = readCsv(dir_ / "out" / "sweep.csv");
    ASSERT_EQ(csv.rows.size(), 4u);
    for (std::size_t k = 0; k < 2; ++k)
        EXPECT_NE(csv.rows[k].at("error").find("instance 1 of the batch"), std::string::npos) << csv.rows[k].at("error");
    EXPECT_EQ(csv.rows[2].at("error"), "");
    EXPECT_EQ(csv.rows[3].at("error"), "");
}

TEST_F(SweepCommand, CsvInputAndSameSeed)
{
    std::ofstream(dir_ / "sets.csv") << "N.drive, N.divisor\r\n# a comment\n0.02,1\n\n0.05,1\n0.1,2\n";
    SweepArgs a = args(tinyModel().string());
    a.paramsCsv = (dir_ / "sets.csv").string();
    a.sameSeed = true;
    ASSERT_EQ(runSweepCommand(a), 0);
    const Csv csv = readCsv(dir_ / "out" / "sweep.csv");
    ASSERT_EQ(csv.rows.size(), 3u);
    EXPECT_EQ(csv.header[2], "N.drive");
    EXPECT_EQ(csv.rows[1].at("N.drive"), "0.05");
    EXPECT_EQ(csv.rows[2].at("N.divisor"), "2");
    for (const auto& row : csv.rows)
        EXPECT_EQ(row.at("seed"), "5"); // the model file's
    // More drive, more spikes; halving V each step holds it near 0.2, below the threshold.
    EXPECT_GT(std::stod(csv.rows[1].at("N_rate_hz")), std::stod(csv.rows[0].at("N_rate_hz")));
    EXPECT_GT(std::stod(csv.rows[0].at("N_rate_hz")), 0.0);
    EXPECT_EQ(std::stod(csv.rows[2].at("N_rate_hz")), 0.0);
}

TEST_F(SweepCommand, FailedInstanceKeepsTheOtherRows)
{
    SweepArgs a = args(tinyModel().string());
    a.params = {"N.divisor=1,0,2"};
    a.seed = 100;
    EXPECT_EQ(runSweepCommand(a), 1);
    const Csv csv = readCsv(dir_ / "out" / "sweep.csv");
    ASSERT_EQ(csv.rows.size(), 3u);
    EXPECT_EQ(csv.rows[0].at("error"), "");
    EXPECT_NE(csv.rows[1].at("error").find("NaN or infinite"), std::string::npos) << csv.rows[1].at("error");
    EXPECT_EQ(csv.rows[1].at("N_rate_hz"), "");
    EXPECT_EQ(csv.rows[2].at("error"), "");
    EXPECT_EQ(csv.rows[2].at("seed"), "102");
    EXPECT_FALSE(csv.rows[2].at("N_rate_hz").empty());
}

TEST_F(SweepCommand, BadInputIsRefusedBeforeAnythingIsWritten)
{
    const std::string model = tinyModel().string();
    auto withParams = [&](std::vector<std::string> params) {
        SweepArgs a = args(model);
        a.params = std::move(params);
        return errorOf(a);
    };
    auto withCsv = [&](const std::string& text) {
        std::ofstream(dir_ / "bad.csv") << text;
        SweepArgs a = args(model);
        a.paramsCsv = (dir_ / "bad.csv").string();
        return errorOf(a);
    };
    auto expectIn = [](const std::string& message, const std::string& part) {
        EXPECT_NE(message.find(part), std::string::npos) << "'" << part << "' is not in: " << message;
    };
    expectIn(withParams({"Xyzzy.drive=1"}), "has no group 'Xyzzy' (groups: N)");
    expectIn(withParams({"N.drve=1"}), "neuron group 'N' has no parameter 'drve'; did you mean 'drive'? "
                                       "(parameters: divisor, drive)");
    expectIn(withParams({"N.drive=1,abc"}), "--param N.drive: 'abc' is not a number");
    expectIn(withParams({"N.drive="}), "--param N.drive: no values");
    expectIn(withParams({"N.drive=1", "N.drive=2"}), "'N.drive' is given twice");
    expectIn(withParams({"drive=1"}), "is not GROUP.PARAM");
    expectIn(withCsv("N.drive,N.divisor\n0.1\n"), "line 2: 1 values for the 2 columns of the header (missing values)");
    expectIn(withCsv("N.drive,N.divisor\n0.1,1,3\n"), "line 2: 3 values for the 2 columns of the header (extra values)");
    expectIn(withCsv("N.drive,N.divisor\n0.1,1\n0.1,x\n"), "line 3, column 'N.divisor': 'x' is not a number");
    expectIn(withCsv("N.drive\n"), "no parameter sets below the header");
    {
        SweepArgs a = args(model);
        expectIn(errorOf(a), "give the parameter sets");
        a.params = {"N.drive=1"};
        a.statistics = {"rate:M"};
        expectIn(errorOf(a), "has no neuron group 'M'");
        a.statistics = {};
        a.keepSpikes = "0,3";
        expectIn(errorOf(a), "instance 3 is asked to keep its spikes, but the sweep has 1 instances");
    }
    // The model's own checks, for every instance: a probability of 1.5.
    SweepArgs coba = args("coba");
    coba.scale = 0.1;
    coba.params = {"EE.prob=0.1,1.5"};
    const std::string probability = errorOf(coba);
    expectIn(probability, "instance 1 (EE.prob=1.5): synapse group 'EE', connectivity");
}

// The command line: --param and --statistic repeat, one value each time, so that a network name
// after them is still the network (a vector option would otherwise take it as a second value).
TEST(SweepCommandLine, RepeatedOptionsTakeOneValueEach)
{
    CLI::App app;
    SweepArgs args;
    addSweepCommand(app, args);
    app.parse("sweep --param E.Vthresh=-50 --param EE.g=0.006,0.009 coba --statistic fano:E --statistic rate:I "
              "--out o",
              false);
    EXPECT_EQ(args.network, "coba");
    EXPECT_EQ(args.params, (std::vector<std::string>{"E.Vthresh=-50", "EE.g=0.006,0.009"}));
    EXPECT_EQ(args.statistics, (std::vector<std::string>{"fano:E", "rate:I"}));
}

} // namespace
} // namespace spikegen::tools
