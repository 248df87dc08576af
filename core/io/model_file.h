// JSON model files: a whole network (options, custom models, groups) in one file, readable and
// writable without C++. The format is documented in docs/model_files.md and, as a JSON Schema, in
// docs/model_file.schema.json. Models of `library` (the built-ins: models::builtinLibrary()) are
// referred to by name; any other model is written out in full under "models".
#pragma once
#include "core/io/model_library.h"
#include "core/model/network.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace spikegen::io {

// Reads a network from JSON text. Every error is a ModelFileError (core/io/json_paths.h) whose
// message starts with the JSON Pointer of the offending element, e.g.
// "/synapse_groups/3/connectivity/params/prob: ...". Text that is not JSON gives the line and
// column of the syntax error (path "/").
std::unique_ptr<Network> readModel(const std::string& text, const ModelLibrary& library);
// The same for a file; errors also name the file.
std::unique_ptr<Network> readModelFile(const std::filesystem::path& path, const ModelLibrary& library);

// Everything `spikegen run` checks before it compiles: the file is read (readModelFile), then
// every code string is parsed and type-checked and the plan built, as a Simulation would. An error
// names the file and, for a code string of a model the file defines, the JSON path of its field:
// "net.json: /models/neurons/0/sim_code: model 'B', field 'sim code', line 1, column 6: ...".
struct ModelFileCheck {
    std::unique_ptr<Network> network;
    std::uint64_t estimatedBytes = 0; // backend memory: state, connectivity (at the mean row
                                      // length), recording window of the given steps
};
ModelFileCheck checkModelFile(const std::filesystem::path& path, const ModelLibrary& library,
                              std::uint32_t recordingWindowSteps);

// The JSON text of `network` (2-space indentation, a newline at the end). Reading it back and
// writing again gives the same text. Throws spikegen::Error for a network that cannot be written:
// a custom model with a derived parameter, parameter check or row-length bound given only as a
// C++ function, or two different models of the same name.
std::string writeModel(const Network& network, const ModelLibrary& library);
// Writes atomically (a temporary file renamed into place).
void writeModelFile(const Network& network, const ModelLibrary& library, const std::filesystem::path& path);

} // namespace spikegen::io
