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
    // A rank of a split network: every rank must run the same chunks (each run ends in a
    // collective error check), so they are fixed, not measured.
    bool split = false;
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

// `rows` > 1: the values of a batch, one row per instance.
Array bytesToNumpy(Simulation::VarBytes bytes, std::size_t rows = 1)
{
    auto* owned = new std::vector<std::uint8_t>(std::move(bytes.bytes));
    nb::capsule owner(owned, [](void* p) noexcept { delete static_cast<std::vector<std::uint8_t>*>(p); });
    const std::size_t shape[2] = {rows, bytes.count / rows};
    if (rows == 1)
        return Array(owned->data(), 1, shape + 1, owner, nullptr, dtypeOf(bytes.type));
    return Array(owned->data(), 2, shape, owner, nullptr, dtypeOf(bytes.type));
}

// instance None: the whole batch in a batch of more than one instance, else instance 0.
std::optional<std::uint32_t> oneInstance(const PySimulation& s, std::optional<std::uint32_t> instance)
{
    if (!instance && s.sim->batchSize() == 1)
        return 0;
    return instance;
}

// Runs `steps` in chunks of at most ~50 ms of wall time, checking for Ctrl-C (KeyboardInterrupt)
// between chunks and pulling the recording window when it is full; `progress` draws a line on stderr.
constexpr std::uint64_t kSplitChunkSteps = 1000;

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
        chunk = s.split ? kSplitChunkSteps
                        : std::max<std::uint64_t>(1, std::uint64_t(double(n) * 0.05 / std::max(seconds, 1e-6)));
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

void pushVar(PySimulation& s, const std::string& group, const std::string& var, Array values,
             std::optional<std::uint32_t> instance)
{
    const Element type = s.sim->varElement(group, var);
    const std::string call = "push_var('" + group + "', '" + var + "')";
    instance = oneInstance(s, instance);
    // One instance: a 1-D array; the whole batch: (batch size, n) or its rows one after another.
    const std::size_t dims = values.ndim();
    if (dims != 1 && (instance || dims != 2))
        throw nb::type_error((call + ": expected a " + (instance ? "1-D array" : "(batch size, n) array") + ", got " +
                              std::to_string(dims) + " dimensions").c_str());
    if (dims == 2 && values.shape(0) != s.sim->batchSize())
        throw nb::type_error((call + ": " + std::to_string(values.shape(0)) + " rows given for a batch of " +
                              std::to_string(s.sim->batchSize()) + " instances").c_str());
    if (values.dtype() != dtypeOf(type))
        throw nb::type_error((call + ": expected an array of dtype " + dtypeName(type) + " (as pull_var returns)").c_str());
    const std::size_t bytes = elementBytes(type);
    const std::size_t rows = dims == 2 ? values.shape(0) : 1, columns = values.shape(dims - 1);
    const auto* data = static_cast<const std::uint8_t*>(values.data());
    std::vector<std::uint8_t> packed;
    const bool contiguous = values.stride(dims - 1) == 1 && (dims == 1 || values.stride(0) == std::int64_t(columns));
    if (!contiguous) {
        packed.resize(rows * columns * bytes);
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t i = 0; i < columns; ++i)
                std::memcpy(packed.data() + (r * columns + i) * bytes,
                            data + (std::int64_t(r) * (dims == 2 ? values.stride(0) : 0) +
                                    std::int64_t(i) * values.stride(dims - 1)) * std::int64_t(bytes),
                            bytes);
        data = packed.data();
    }
    if (instance)
        s.sim->pushVarBytes(group, var, type, columns, data, *instance);
    else
        s.sim->pushBatchVarBytes(group, var, type, rows * columns, data);
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
               std::optional<std::string> device, int threads, std::uint32_t recordingWindowSteps,
               std::uint32_t batchSize, bool connectivityPerInstance, std::vector<std::uint64_t> instanceSeeds,
               bool split) {
                new (s) PySimulation();
                s->backend = createBackend(backend.value_or(""), threads, device.value_or(""));
                SimulationOptions options;
                options.recordingWindowSteps = recordingWindowSteps;
                options.batchSize = batchSize;
                options.connectivityPerInstance = connectivityPerInstance;
                options.instanceSeeds = std::move(instanceSeeds);
                if (split)
                    options.communicator = &mpiWorld();
                s->sim = std::make_unique<Simulation>(network, *s->backend, options);
                s->split = split && mpiWorld().ranks() > 1;
                if (s->split)
                    s->chunkSteps = kSplitChunkSteps;
            },
            nb::arg("network"), nb::arg("backend") = nb::none(), nb::arg("device") = nb::none(), nb::arg("threads") = 0,
            nb::arg("recording_window_steps") = 10000, nb::arg("batch_size") = 1,
            nb::arg("connectivity_per_instance") = false, nb::arg("instance_seeds") = std::vector<std::uint64_t>{},
            nb::arg("split") = false, nb::keep_alive<1, 2>(),
            "backend: 'cpu', 'cuda' or 'opencl' (default: spikegen.default_backend()); device: the CUDA GPU's "
            "ordinal or an OpenCL selector; threads: CPU threads (0: the idle cores); recording_window_steps: steps of spikes "
            "held on the backend before they must be pulled (pull_recording(), spikes()); batch_size: instances of the "
            "network simulated together, each with its own state, seed (instance_seeds, default seed + k) and dynamic "
            "parameters, sharing one copy of the connectivity (built from the network's connectivity seed) unless "
            "connectivity_per_instance. split: split the network over the processes of the MPI job this Python runs "
            "in (`mpirun -np N python script.py`, CPU backend; spikegen.mpi_rank()): each updates its share of every "
            "group's neurons, and pulls and recordings give every process the whole network's values (docs/scaling.md).")
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
        .def_prop_ro("batch_size", [](const PySimulation& s) { return s.sim->batchSize(); })
        .def("instance_seed", [](const PySimulation& s, std::uint32_t k) { return s.sim->instanceSeed(k); },
             nb::arg("instance"), "The seed of an instance of the batch.")
        .def_prop_ro("current_step", [](const PySimulation& s) { return s.sim->currentStep(); })
        .def_prop_ro("time", [](const PySimulation& s) { return s.sim->time(); }, "ms")
        .def_prop_ro("backend", [](const PySimulation& s) { return s.backend->name(); })
        .def_prop_ro("device", [](const PySimulation& s) { return s.backend->description(); })
        .def_prop_ro(
            "threads", [](const PySimulation& s) { return s.backend->hostThreads(); },
            "The host threads the CPU backend starts on (None on a GPU backend). Left to spikegen (threads=0, "
            "no OMP_NUM_THREADS) the run then moves between 1 and the usable cores as it measures itself.")
        .def(
            "spikes",
            [](PySimulation& s, const std::string& group, std::uint32_t instance) {
                const SpikeTrains& trains = s.sim->spikes(group, instance);
                return nb::make_tuple(toNumpy(trains.times), toNumpy(trains.ids));
            },
            nb::arg("group"), nb::arg("instance") = 0,
            "All spikes recorded so far (of one instance of a batch): (times in ms: float64, neuron ids: uint32).")
        .def(
            "take_spikes",
            [](PySimulation& s, const std::string& group, std::uint32_t instance) {
                SpikeTrains trains = s.sim->takeSpikes(group, instance);
                return nb::make_tuple(toNumpy(std::move(trains.times)), toNumpy(std::move(trains.ids)));
            },
            nb::arg("group"), nb::arg("instance") = 0,
            "The spikes recorded since the last take_spikes(group), which the simulation then forgets (closed "
            "loops): (times in ms: float64, neuron ids: uint32).")
        .def(
            "recorded_var",
            [](PySimulation& s, const std::string& group, const std::string& var, std::uint32_t instance) {
                const RecordedVar& r = s.sim->varRecording(group, var, instance);
                auto* values = new std::vector<double>(r.values);
                nb::capsule owner(values, [](void* p) noexcept { delete static_cast<std::vector<double>*>(p); });
                const std::size_t shape[2] = {r.times.size(), r.neurons};
                return nb::make_tuple(toNumpy(r.times), Array(values->data(), 2, shape, owner, nullptr,
                                                              nb::dtype<double>()));
            },
            nb::arg("group"), nb::arg("var"), nb::arg("instance") = 0,
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
            "pull_var",
            [](const PySimulation& s, const std::string& group, const std::string& var,
               std::optional<std::uint32_t> instance) {
                if (const auto one = oneInstance(s, instance))
                    return bytesToNumpy(s.sim->pullVarBytes(group, var, *one));
                return bytesToNumpy(s.sim->pullBatchVarBytes(group, var), s.sim->batchSize());
            },
            nb::arg("group"), nb::arg("var"), nb::arg("instance") = nb::none(),
            "A variable's values in its own dtype (float32 for scalar in single precision; bool; int32; uint32); "
            "per-synapse variables in CSR order. In a batch: one instance's, or with instance=None every "
            "instance's as an array of shape (batch_size, n).")
        .def(
            "set_param",
            [](PySimulation& s, const std::string& group, const std::string& param, nb::object value,
               std::optional<std::uint32_t> instance) {
                if (nb::isinstance<nb::float_>(value) || nb::isinstance<nb::int_>(value)) {
                    if (instance)
                        s.sim->setParam(group, param, nb::cast<double>(value), *instance);
                    else
                        s.sim->setParam(group, param, nb::cast<double>(value));
                    return;
                }
                if (instance)
                    throw nb::type_error("set_param: one value for one instance");
                s.sim->setParams(group, param, nb::cast<std::vector<double>>(value));
            },
            nb::arg("group"), nb::arg("param"), nb::arg("value"), nb::arg("instance") = nb::none(),
            "Changes a dynamic parameter (Network.set_param_dynamic) from the next step on, checked as "
            "Network.set_param checks; the network keeps its own value. In a batch: of every instance, of "
            "`instance`, or one value per instance (a sequence of batch_size numbers).")
        .def(
            "param",
            [](const PySimulation& s, const std::string& group, const std::string& param, std::uint32_t instance) {
                return s.sim->param(group, param, instance);
            },
            nb::arg("group"), nb::arg("param"), nb::arg("instance") = 0,
            "A dynamic parameter's value in this simulation (of one instance of a batch).")
        .def("push_var", &pushVar, nb::arg("group"), nb::arg("var"), nb::arg("values"), nb::arg("instance") = nb::none(),
             "Writes a variable: a 1-D array of the dtype and length pull_var gives; in a batch with instance=None, "
             "every instance's at once: an array of shape (batch_size, n).")
        .def(
            "row_starts",
            [](const PySimulation& s, const std::string& group, std::uint32_t instance) {
                return toNumpy(s.sim->pullRowStarts(group, instance));
            },
            nb::arg("synapse_group"), nb::arg("instance") = 0,
            "Sparse connectivity: where each row begins (num_pre + 1 entries, uint32).")
        .def(
            "post_indices",
            [](const PySimulation& s, const std::string& group, std::uint32_t instance) {
                return toNumpy(s.sim->pullPostIndices(group, instance));
            },
            nb::arg("synapse_group"), nb::arg("instance") = 0,
            "Sparse connectivity: each synapse's target, row by row (uint32).")
        .def_prop_ro("timings",
                     [](const PySimulation& s) {
                         const Timings& t = s.sim->timings();
                         nb::dict d;
                         d["generate_s"] = t.generateSeconds;
                         d["compile_s"] = t.compileSeconds;
                         d["compile_cache_hit"] = t.compileCacheHit;
                         d["initialize_s"] = t.initSeconds;
                         d["simulate_s"] = t.simulateSeconds;
                         d["spike_exchanges"] = t.spikeExchanges;
                         d["exchange_s"] = t.exchangeSeconds;
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
