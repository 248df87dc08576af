// The command line's argument parsing (tools/cli_args.h).
#include "core/error.h"
#include "tools/append_line.h"
#include "tools/cli_args.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace spikegen::tools {
namespace {

TEST(CliArgs, DurationUnits)
{
    EXPECT_DOUBLE_EQ(parseDurationMs("1s"), 1000.0);
    EXPECT_DOUBLE_EQ(parseDurationMs("250ms"), 250.0);
    EXPECT_DOUBLE_EQ(parseDurationMs("1000"), 1000.0);
    EXPECT_DOUBLE_EQ(parseDurationMs("0.5s"), 500.0);
    EXPECT_DOUBLE_EQ(parseDurationMs("0"), 0.0);
}

TEST(CliArgs, BadDurations)
{
    for (const char* bad : {"-1s", "-5", "abc", "", "nan", "inf", "1h", "1 s", "1e400"})
        EXPECT_THROW(parseDurationMs(bad), Error) << bad;
    try {
        parseDurationMs("-1s");
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("non-negative"), std::string::npos) << e.what();
    }
    try {
        parseDurationMs("10min");
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("unknown unit 'min'"), std::string::npos) << e.what();
    }
}

TEST(CliArgs, RecordList)
{
    const RecordRequest spikesOnly = parseRecordList("spikes");
    EXPECT_TRUE(spikesOnly.spikes);
    EXPECT_TRUE(spikesOnly.vars.empty());
    const RecordRequest both = parseRecordList("spikes,V,RefracTime");
    EXPECT_TRUE(both.spikes);
    EXPECT_EQ(both.vars, (std::vector<std::string>{"V", "RefracTime"}));
    EXPECT_FALSE(parseRecordList("V").spikes);
    for (const char* bad : {"", "spikes,", ",V", "V,V"})
        EXPECT_THROW(parseRecordList(bad), Error) << bad;
}

TEST(CliArgs, ModelFileOrName)
{
    EXPECT_TRUE(isModelFilePath("models/coba.json"));
    EXPECT_TRUE(isModelFilePath("x.json"));
    EXPECT_FALSE(isModelFilePath("coba"));
    EXPECT_FALSE(isModelFilePath(".json"));
    EXPECT_FALSE(isModelFilePath("coba.json.txt"));
}

TEST(CliArgs, OutputLocation)
{
    namespace fs = std::filesystem;
    const fs::path base = fs::temp_directory_path() / "spikegen_cli_args_test";
    fs::remove_all(base);
    fs::create_directories(base);
    EXPECT_NO_THROW(checkOutputLocation(base / "new" / "deeper"));
    EXPECT_NO_THROW(checkOutputLocation(base));
    std::ofstream(base / "file") << "x";
    EXPECT_THROW(checkOutputLocation(base / "file"), Error);
    EXPECT_THROW(checkOutputLocation(base / "file" / "below"), Error);
    if (::geteuid() != 0) { // root may write anywhere
        fs::create_directories(base / "readonly");
        fs::permissions(base / "readonly", fs::perms::owner_read | fs::perms::owner_exec);
        EXPECT_THROW(checkOutputLocation(base / "readonly" / "out"), Error);
        fs::permissions(base / "readonly", fs::perms::owner_all);
    }
    fs::remove_all(base);
}

TEST(CliArgs, OutputFile)
{
    namespace fs = std::filesystem;
    const fs::path base = fs::temp_directory_path() / "spikegen_cli_output_file_test";
    fs::remove_all(base);
    fs::create_directories(base);
    EXPECT_NO_THROW(checkOutputFile(base / "new.jsonl"));
    EXPECT_FALSE(fs::exists(base / "new.jsonl")) << "the check must create nothing";
    std::ofstream(base / "old.jsonl") << "{}\n";
    EXPECT_NO_THROW(checkOutputFile(base / "old.jsonl"));
    EXPECT_THROW(checkOutputFile(base), Error);                       // a directory
    EXPECT_THROW(checkOutputFile(base / "missing" / "x.jsonl"), Error); // no such directory
    EXPECT_THROW(checkOutputFile(base / "old.jsonl" / "x.jsonl"), Error);
    EXPECT_THROW(checkOutputFile(""), Error);
    if (::geteuid() != 0) { // root may write anywhere
        fs::create_directories(base / "readonly");
        std::ofstream(base / "readonly.jsonl") << "{}\n";
        fs::permissions(base / "readonly", fs::perms::owner_read | fs::perms::owner_exec);
        fs::permissions(base / "readonly.jsonl", fs::perms::owner_read);
        EXPECT_THROW(checkOutputFile(base / "readonly" / "x.jsonl"), Error);
        EXPECT_THROW(checkOutputFile(base / "readonly.jsonl"), Error);
        fs::permissions(base / "readonly", fs::perms::owner_all);
    }
    fs::remove_all(base);
}

TEST(CliArgs, AppendLine)
{
    namespace fs = std::filesystem;
    const fs::path file = fs::temp_directory_path() / "spikegen_append_line_test.jsonl";
    fs::remove(file);
    appendLine(file, R"({"a":1})");
    appendLine(file, R"({"b":2})");
    std::ifstream in(file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "{\"a\":1}\n{\"b\":2}\n");
    fs::remove(file);
    if (fs::exists("/dev/full")) // every write fails there: an error, not a silent loss
        EXPECT_THROW(appendLine("/dev/full", "{}"), Error);
}

} // namespace
} // namespace spikegen::tools
