// Split networks from Python: Simulation(..., split=True) under `mpirun -np N python script.py`.
#include "bindings.h"

#include "core/error.h"

#ifdef SPIKEGEN_HAVE_MPI
#include "comm/mpi_communicator.h"
#endif

namespace spikegen::python {

Communicator& mpiWorld()
{
#ifdef SPIKEGEN_HAVE_MPI
    static MpiCommunicator world;
    return world;
#else
    throw Error("this spikegen was built without MPI: split networks need it (install Open MPI, e.g. the Debian "
                "packages libopenmpi-dev and openmpi-bin, and rebuild)");
#endif
}

void bindMpi(nb::module_& m)
{
#ifdef SPIKEGEN_HAVE_MPI
    m.attr("has_mpi") = true;
#else
    m.attr("has_mpi") = false;
#endif
    m.def("mpi_rank", [] { return mpiWorld().rank(); }, "This process's rank in its MPI job (initialises MPI).");
    m.def("mpi_ranks", [] { return mpiWorld().ranks(); }, "The processes of this MPI job (initialises MPI).");
}

} // namespace spikegen::python
