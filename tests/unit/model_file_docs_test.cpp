// Every example model file in docs/examples parses, builds a valid network and round-trips.
#include "core/io/model_file.h"
#include "models/library.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace spikegen {
namespace {

TEST(ModelFileDocs, EveryExampleParses)
{
    namespace fs = std::filesystem;
    std::size_t examples = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(SPIKEGEN_DOCS_DIR) / "examples")) {
        if (entry.path().extension() != ".json") continue;
        ++examples;
        SCOPED_TRACE(entry.path().string());
        std::unique_ptr<Network> net;
        ASSERT_NO_THROW(net = io::readModelFile(entry.path(), models::builtinLibrary()));
        EXPECT_FALSE(net->neuronGroups().empty());
        // What the reader accepted, the writer writes back and the reader accepts again.
        const std::string text = io::writeModel(*net, models::builtinLibrary());
        EXPECT_EQ(io::writeModel(*io::readModel(text, models::builtinLibrary()), models::builtinLibrary()), text);
    }
    EXPECT_GE(examples, 2u);
}

TEST(ModelFileDocs, ExportedCobaIsCurrent)
{
    // docs/examples/coba.json is `spikegen export coba`: it must match what the code writes today.
    std::ifstream in(std::filesystem::path(SPIKEGEN_DOCS_DIR) / "examples" / "coba.json");
    std::stringstream text;
    text << in.rdbuf();
    auto net = io::readModel(text.str(), models::builtinLibrary());
    EXPECT_EQ(io::writeModel(*net, models::builtinLibrary()), text.str())
        << "regenerate with: spikegen export coba --out docs/examples/coba.json";
}

} // namespace
} // namespace spikegen
