// The parts of the Python module _spikegen, one file each (python/src): every binding mirrors the
// C++ API with Python names and holds no logic of its own beyond converting arrays and errors.
#pragma once
#include <nanobind/nanobind.h>

namespace spikegen::python {

namespace nb = nanobind;

void bindErrors(nb::module_& m);
void bindModels(nb::module_& m);     // descriptors, built-in models (spikegen.models), init snippets (spikegen.init)
void bindNetwork(nb::module_& m);    // Network, groups, model instances, standard networks
void bindSimulation(nb::module_& m); // Simulation, numpy in and out
void bindModelFiles(nb::module_& m); // JSON model files
void bindSweep(nb::module_& m);      // parameter sweeps (core/runtime/sweep.h)
void bindMpi(nb::module_& m);        // the MPI job's ranks (bind_mpi.cpp)

} // namespace spikegen::python

namespace spikegen {
class Communicator;
namespace python {
// The processes of the MPI job this Python runs in (MPI initialised at the first call); raises
// Error where the module was built without MPI.
Communicator& mpiWorld();
} // namespace python

} // namespace spikegen::python
