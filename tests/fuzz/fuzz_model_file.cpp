// libFuzzer target for model files: reads arbitrary text as a model file and, when it is one, runs
// every check of `spikegen validate` (the plan: code strings, equations, units, compartments) and
// writes it back. A spikegen::Error is the expected answer to bad input; a crash, a leak, undefined
// behaviour, any other exception, or a written file that does not read back the same is a bug.
#include "core/codegen/model_plan.h"
#include "core/io/model_file.h"
#include "models/library.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace spikegen;
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::unique_ptr<Network> network;
    try {
        network = io::readModel(text, models::builtinLibrary());
        const ModelPlan plan(*network, 10);
    } catch (const Error&) {
        return 0;
    }
    // What was read and planned must write and read back to the same text.
    const std::string written = io::writeModel(*network, models::builtinLibrary());
    if (io::writeModel(*io::readModel(written, models::builtinLibrary()), models::builtinLibrary()) != written)
        std::abort();
    return 0;
}
