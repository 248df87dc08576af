// Simulation: one network on one backend, with numpy arrays in and out. Runs go in chunks so that
// Ctrl-C stops them cleanly between steps, with a progress line when stderr is a terminal.
#include "bindings.h"
#include "numpy_arrays.h"

#include "backends/registry.h"
#include "core/error.h"
#include "core/runtime/simulation.h"

#include <nanobind/ndarray.h>
#include <nanobind/stl/filesystem.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <unistd.h>

namespace spikegen::python {
namespace {

// A Simulation owns its backend; the Network must outlive it (the binding keeps it alive).
struct PySimulation {
    std::unique_ptr<Backend> backend;
    std::unique_ptr<Simulation> sim;
    std::uint64_t chunkSteps = 10; // steps of ~50 ms of wall time, as last measured
};

nb::dlpack::dtype dtypeOf(Element e)
{
    switch (e) {
    case Element::Uint8: return nb::dtype<bool>();
    case Element::Uint16: return nb::dtype<std::uint16_t>();
    case Element::Uint32: return nb::dtype<std::uint32_t>();
    case Element::Int32: return nb::dtype<std::int32_t>();
    case Element::Uint64: return nb::dtype<std::uint64_t>();
    case Element::Float: return nb::dtype<float>();
    case Element::Double: return nb::dtype<double>();
    }
    return nb::dtype<double>();
}

const char* dtypeName(Element e)
{
    switch (e) {
    case Element::Uint8: return "bool";
    case Element::Uint16: return "uint16";
    case Element::Uint32: return "uint32";
    case Element::Int32: return "int32";
    case Element::Uint64: return "uint64";
    case Element::Float: return "float32";
    case Element::Double: return "float64";
    }
    return "?";
}

Array bytesToNumpy(Simulation::VarBytes bytes)
{
    auto* owned = new std::vector<std::uint8_t>(std::move(bytes.bytes));
    nb::capsule owner(owned, [](void* p) noexcept { delete static_cast<std::vector<std::uint8_t>*>(p); });
    const std::size_t shape[1] = {bytes.count};
    return Array(owned->data(), 1, shape, owner, nullptr, dtypeOf(bytes.type));
}

// Runs `steps` in chunks of at most ~50 ms of wall time, checking for Ctrl-C (KeyboardInterrupt)
// between chunks and pulling the recording window when it is full; `progress` draws a line on stderr.
void runSteps(PySimulation& s, std::uint64_t steps, bool progress)
{
    Simulation& sim = *s.sim;
    const std::uint64_t first = sim.currentStep();
    std::uint64_t& chunk = s.chunkSteps;
    for (std::uint64_t done = 0; done < steps;) {
        if (sim.recordingStepsLeft() == 0)
            sim.pullRecording(); // a full recording window moves to the host, so runs have no length limit
        const std::uint64_t n = std::min({chunk, steps - done, sim.recordingStepsLeft()});
        const auto start = std::chrono::steady_clock::now();
        {
            nb::gil_scoped_release release;
            sim.run(n);
        }
        done += n;
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        // Aim at ~50 ms a chunk: short enough for Ctrl-C, long enough to cost nothing.
        chunk = std::max<std::uint64_t>(1, std::uint64_t(double(n) * 0.05 / std::max(seconds, 1e-6)));
        if (progress) {
            const double fraction = double(done) / double(steps);
            const int filled = int(fraction * 30);
            std::fprintf(stderr, "\r[%s%s] %3.0f%% step %llu of %llu", std::string(filled, '#').c_str(),
                         std::string(30 - filled, ' ').c_str(), 100 * fraction,
                         (unsigned long long)(sim.currentStep() - first), (unsigned long long)steps);
            std::fflush(stderr);
        }
        if (PyErr_CheckSignals() != 0) {
            if (progress)
                std::fprintf(stderr, "\n");
            throw nb::python_error();
        }
    }
    if (progress && steps > 0)
        std::fprintf(stderr, "\n");
}

bool showProgress(std::optional<bool> progress) { return progress ? *progress : isatty(STDERR_FILENO) != 0; }

void pushVar(PySimulation& s, const std::string& group, const std::string& var, Array values)
{
    const Element type = s.sim->varElement(group, var);
    const std::string call = "push_var('" + group + "', '" + var + "')";
    if (values.ndim() != 1)
        throw nb::type_error((call + ": expected a 1-D array, got " + std::to_string(values.ndim()) + " dimensions").c_str());
    if (values.dtype() != dtypeOf(type))
        throw nb::type_error((call + ": expected an array of dtype " + dtypeName(type) + " (as pull_var returns)").c_str());
    const std::size_t bytes = elementBytes(type), count = values.shape(0);
    const auto* data = static_cast<const std::uint8_t*>(values.data());
    if (values.stride(0) == 1) { // contiguous: no copy
        s.sim->pushVarBytes(group, var, type, count, data);
        return;
    }
    std::vector<std::uint8_t> packed(count * bytes);
    for (std::size_t i = 0; i < count; ++i)
        std::memcpy(packed.data() + i * bytes, data + std::int64_t(i) * values.stride(0) * std::int64_t(bytes), bytes);
    s.sim->pushVarBytes(group, var, type, count, packed.data());
}

} // namespace

void bindSimulation(nb::module_& m)
{
    nb::class_<PySimulation>(m, "Simulation",
                             "One network on one backend: generates and compiles its code (or loads it from the "
                             "cache), then initialise() builds the connectivity and state, run() steps it.")
        .def(
            "__init__",
            [](PySimulation* s, const Network& network, std::optional<std::string> backend,
               std::optional<std::string> device, int threads, std::uint32_t recordingWindowSteps) {
                new (s) PySimulation();
                s->backend = createBackend(backend.value_or(""), threads, device.value_or(""));
                SimulationOptions options;
                options.recordingWindowSteps = recordingWindowSteps;
                s->sim = std::make_unique<Simulation>(network, *s->backend, options);
            },
            nb::arg("network"), nb::arg("backend") = nb::none(), nb::arg("device") = nb::none(), nb::arg("threads") = 0,
            nb::arg("recording_window_steps") = 10000, nb::keep_alive<1, 2>(),
            "backend: 'cpu', 'cuda' or 'opencl' (default: spikegen.default_backend()); device: the CUDA GPU's "
            "ordinal or an OpenCL selector; threads: CPU threads (0: the idle cores); recording_window_steps: steps of spikes "
            "held on the backend before they must be pulled (pull_recording(), spikes()).")
        .def("initialize", [](PySimulation& s) { s.sim->initialize(); }, "Builds the connectivity, then the state.")
        .def(
            "save_checkpoint", [](PySimulation& s, const std::filesystem::path& path) { s.sim->saveCheckpoint(path.string()); },
            nb::arg("path"),
            "Writes the complete state (variables, connectivity, spikes in flight, step, recordings) atomically; "
            "pulls the recording window first.")
        .def(
            "load_checkpoint", [](PySimulation& s, const std::filesystem::path& path) { s.sim->loadCheckpoint(path.string()); },
            nb::arg("path"),
            "Replaces the state with a checkpoint of the same network (from any backend); instead of initialize(). "
            "A truncated, corrupted or foreign file raises Error and changes nothing.")
        .def(
            "run", [](PySimulation& s, std::uint64_t steps, std::optional<bool> progress) {
                runSteps(s, steps, showProgress(progress));
            },
            nb::arg("steps"), nb::arg("progress") = false, "Runs `steps` time steps.")
        .def(
            "run_for",
            [](PySimulation& s, double ms, std::optional<bool> progress) {
                if (!(ms >= 0.0) || !std::isfinite(ms))
                    throw Error("run_for: the duration must be a non-negative number of ms");
                runSteps(s, std::uint64_t(std::llround(ms / s.sim->plan().dt())), showProgress(progress));
            },
            nb::arg("ms"), nb::arg("progress") = nb::none(),
            "Runs `ms` milliseconds of biological time; a progress line when stderr is a terminal (progress=None).")
        .def_prop_ro("current_step", [](const PySimulation& s) { return s.sim->currentStep(); })
        .def_prop_ro("time", [](const PySimulation& s) { return s.sim->time(); }, "ms")
        .def_prop_ro("backend", [](const PySimulation& s) { return s.backend->name(); })
        .def_prop_ro("device", [](const PySimulation& s) { return s.backend->description(); })
        .def_prop_ro(
            "threads", [](const PySimulation& s) { return s.backend->hostThreads(); },
            "The host threads the CPU backend runs on (None on a GPU backend).")
        .def(
            "spikes",
            [](PySimulation& s, const std::string& group) {
                const SpikeTrains& trains = s.sim->spikes(group);
                return nb::make_tuple(toNumpy(trains.times), toNumpy(trains.ids));
            },
            nb::arg("group"), "All spikes recorded so far: (times in ms: float64, neuron ids: uint32).")
        .def(
            "take_spikes",
            [](PySimulation& s, const std::string& group) {
                SpikeTrains trains = s.sim->takeSpikes(group);
                return nb::make_tuple(toNumpy(std::move(trains.times)), toNumpy(std::move(trains.ids)));
            },
            nb::arg("group"),
            "The spikes recorded since the last take_spikes(group), which the simulation then forgets (closed "
            "loops): (times in ms: float64, neuron ids: uint32).")
        .def(
            "recorded_var",
            [](PySimulation& s, const std::string& group, const std::string& var) {
                const RecordedVar& r = s.sim->varRecording(group, var);
                auto* values = new std::vector<double>(r.values);
                nb::capsule owner(values, [](void* p) noexcept { delete static_cast<std::vector<double>*>(p); });
                const std::size_t shape[2] = {r.times.size(), r.neurons};
                return nb::make_tuple(toNumpy(r.times), Array(values->data(), 2, shape, owner, nullptr,
                                                              nb::dtype<double>()));
            },
            nb::arg("group"), nb::arg("var"),
            "A recorded variable so far: (times in ms of the end of each sampled step: float64, values: float64 "
            "array of shape (samples, neurons)).")
        .def(
            "recorded_var_neurons",
            [](PySimulation& s, const std::string& group, const std::string& var) {
                return toNumpy(s.sim->varRecording(group, var).ids);
            },
            nb::arg("group"), nb::arg("var"), "The neuron of each column of recorded_var (uint32).")
        .def("pull_recording", [](PySimulation& s) { s.sim->pullRecording(); },
             "Copies the recording window to the host and empties it (spikes() does it too).")
        .def(
            "pull_var", [](const PySimulation& s, const std::string& group, const std::string& var) {
                return bytesToNumpy(s.sim->pullVarBytes(group, var));
            },
            nb::arg("group"), nb::arg("var"),
            "A variable's values in its own dtype (float32 for scalar in single precision; bool; int32; uint32); "
            "per-synapse variables in CSR order.")
        .def(
            "set_param",
            [](PySimulation& s, const std::string& group, const std::string& param, double value) {
                s.sim->setParam(group, param, value);
            },
            nb::arg("group"), nb::arg("param"), nb::arg("value"),
            "Changes a dynamic parameter (Network.set_param_dynamic) from the next step on, checked as "
            "Network.set_param checks; the network keeps its own value.")
        .def(
            "param", [](const PySimulation& s, const std::string& group, const std::string& param) {
                return s.sim->param(group, param);
            },
            nb::arg("group"), nb::arg("param"), "A dynamic parameter's value in this simulation.")
        .def("push_var", &pushVar, nb::arg("group"), nb::arg("var"), nb::arg("values"),
             "Writes a variable: a 1-D array of the dtype and length pull_var gives.")
        .def(
            "row_starts", [](const PySimulation& s, const std::string& group) { return toNumpy(s.sim->pullRowStarts(group)); },
            nb::arg("synapse_group"), "Sparse connectivity: where each row begins (num_pre + 1 entries, uint32).")
        .def(
            "post_indices",
            [](const PySimulation& s, const std::string& group) { return toNumpy(s.sim->pullPostIndices(group)); },
            nb::arg("synapse_group"), "Sparse connectivity: each synapse's target, row by row (uint32).")
        .def_prop_ro("timings",
                     [](const PySimulation& s) {
                         const Timings& t = s.sim->timings();
                         nb::dict d;
                         d["generate_s"] = t.generateSeconds;
                         d["compile_s"] = t.compileSeconds;
                         d["compile_cache_hit"] = t.compileCacheHit;
                         d["initialize_s"] = t.initSeconds;
                         d["simulate_s"] = t.simulateSeconds;
                         return d;
                     })
        .def_prop_ro("memory_usage",
                     [](const PySimulation& s) {
                         nb::list out;
                         for (const auto& b : s.sim->memoryUsage()) {
                             nb::dict d;
                             d["name"] = b.name;
                             d["about"] = b.about;
                             d["bytes"] = b.bytes;
                             d["per_synapse"] = b.perSynapse;
                             out.append(d);
                         }
                         return out;
                     },
                     "Backend memory per buffer (after initialize()).")
        .def_prop_ro("propagation", [](const PySimulation& s) { return s.sim->propagation(); },
                     "How each synapse group delivers its spikes on this backend.")
        .def_prop_ro("generated_source", [](const PySimulation& s) { return s.sim->buildInfo().sourcePath; },
                     "The generated source file, kept for reading.");
}

} // namespace spikegen::python
