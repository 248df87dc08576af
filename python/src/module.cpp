// The module _spikegen: errors, backends and devices, log level, and the parts bound elsewhere.
#include "bindings.h"

#include "backends/registry.h"
#include "core/version.h"
#include "spikegen.h"

#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

namespace spikegen::python {
namespace {

// `spikegen devices` as a dict: backend -> its device lines.
nb::dict devices()
{
    nb::dict out;
    std::string backend;
    nb::list lines;
    const std::string text = describeDevices();
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        start = end == std::string::npos ? text.size() : end + 1;
        if (!line.empty() && line[0] != ' ' && !std::isdigit(static_cast<unsigned char>(line[0]))) {
            if (!backend.empty())
                out[backend.c_str()] = lines;
            backend = line.substr(0, line.find_first_of(" :"));
            lines = nb::list();
        } else if (!line.empty()) {
            lines.append(line.substr(line.find_first_not_of(' ')));
        }
    }
    if (!backend.empty())
        out[backend.c_str()] = lines;
    return out;
}

} // namespace

NB_MODULE(_spikegen, m)
{
    m.doc() = "spikegen: describe a spiking network once, generate and run it on CPU (OpenMP), CUDA or OpenCL";
    m.attr("__version__") = kVersion;
    // A Python function held by a model (a derived parameter) can reach the model again through its
    // globals: a cycle that Python's collector cannot see through C++, reported at exit as "leaked"
    // instances though the process is ending anyway.
    nb::set_leak_warnings(false);
    bindErrors(m);
    m.def("set_log_level", &setLogLevel, nb::arg("level"),
          "Log level of the library: 'trace', 'debug', 'info', 'warn', 'error' or 'off'.");
    m.def("backends", &builtBackends, "The backends built into this spikegen ('cpu', 'cuda', 'opencl').");
    m.def("default_backend", &defaultBackend, "The backend used when none is named ($SPIKEGEN_BACKEND or the build's).");
    m.def("devices", &devices, "The devices of every backend built: {backend: [device lines]}.");
    bindModels(m);
    bindNetwork(m);
    bindSimulation(m);
    bindModelFiles(m);
    bindSweep(m);
    bindMpi(m);
}

} // namespace spikegen::python
