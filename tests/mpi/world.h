#pragma once
#include "comm/mpi_communicator.h"

namespace spikegen::test {
using spikegen::MpiCommunicator;
// The job's communicator, made once (MPI is initialised once per process).
MpiCommunicator& world();
} // namespace spikegen::test
