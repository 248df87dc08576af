// JSON model files: read and write whole networks (docs/model_files.md).
#include "bindings.h"

#include "core/io/model_file.h"
#include "models/library.h"

#include <nanobind/stl/filesystem.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/unique_ptr.h>

namespace spikegen::python {

void bindModelFiles(nb::module_& m)
{
    m.def(
        "read_model", [](const std::string& text) { return io::readModel(text, models::builtinLibrary()); },
        nb::arg("text"), "A network from the JSON text of a model file (ModelFileError names the JSON path).");
    m.def(
        "read_model_file",
        [](const std::filesystem::path& path) { return io::readModelFile(path, models::builtinLibrary()); },
        nb::arg("path"), "A network from a model file.");
    m.def(
        "validate_model_file",
        [](const std::filesystem::path& path) {
            io::ModelFileCheck check = io::checkModelFile(path, models::builtinLibrary(), 1000);
            return nb::make_tuple(std::move(check.network), check.estimatedBytes);
        },
        nb::arg("path"),
        "(network, estimated_bytes) after every check `spikegen run` makes before compiling (spikegen validate): "
        "a bad code string raises Error naming the file and the JSON path of its field.");
    m.def(
        "write_model", [](const Network& network) { return io::writeModel(network, models::builtinLibrary()); },
        nb::arg("network"), "The JSON text of a network (built-in models by name, others in full).");
    m.def(
        "write_model_file",
        [](const Network& network, const std::filesystem::path& path) {
            io::writeModelFile(network, models::builtinLibrary(), path);
        },
        nb::arg("network"), nb::arg("path"), "Writes a network as a model file (atomically).");
}

} // namespace spikegen::python
