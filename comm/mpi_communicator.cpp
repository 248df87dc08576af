#include "comm/mpi_communicator.h"

#include "core/error.h"

#include <mpi.h>

#include <climits>
#include <cstdlib>

namespace spikegen {

MpiCommunicator::MpiCommunicator()
{
    int initialised = 0;
    MPI_Initialized(&initialised);
    if (!initialised) {
        int provided = 0;
        if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
            throw Error("MPI could not be initialised");
        initialisedHere_ = true;
    }
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    rank_ = std::uint32_t(rank);
    ranks_ = std::uint32_t(size);
    MPI_Comm host;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &host);
    int local = 0;
    MPI_Comm_rank(host, &local);
    MPI_Comm_free(&host);
    localRank_ = std::uint32_t(local);
}

MpiCommunicator::~MpiCommunicator()
{
    int finalised = 0;
    MPI_Finalized(&finalised);
    if (initialisedHere_ && !finalised)
        MPI_Finalize();
}

std::string MpiCommunicator::description() const
{
    char version[MPI_MAX_LIBRARY_VERSION_STRING];
    int length = 0;
    MPI_Get_library_version(version, &length);
    std::string library(version, std::size_t(length));
    library = library.substr(0, library.find_first_of(",\n"));
    return "MPI, " + std::to_string(ranks_) + " ranks (" + library + ")";
}

void MpiCommunicator::allGather(std::span<const std::uint8_t> local, std::vector<std::uint8_t>& all,
                                std::vector<std::size_t>& bytesOf)
{
    if (local.size() > std::size_t(INT_MAX))
        throw Error("MPI all-gather: rank " + std::to_string(rank_) + " has " + std::to_string(local.size()) +
                    " bytes to send, more than one MPI message holds (2^31 - 1)");
    const int mine = int(local.size());
    std::vector<int> counts(ranks_), displacements(ranks_);
    MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    std::size_t total = 0;
    bytesOf.resize(ranks_);
    for (std::uint32_t r = 0; r < ranks_; ++r) {
        if (total > std::size_t(INT_MAX))
            throw Error("MPI all-gather: more than 2^31 - 1 bytes in all");
        displacements[r] = int(total);
        bytesOf[r] = std::size_t(counts[r]);
        total += bytesOf[r];
    }
    all.resize(total);
    MPI_Allgatherv(local.data(), mine, MPI_BYTE, all.data(), counts.data(), displacements.data(), MPI_BYTE,
                   MPI_COMM_WORLD);
}

void MpiCommunicator::allOr(std::vector<std::uint8_t>& bytes)
{
    for (std::size_t at = 0; at < bytes.size(); at += std::size_t(INT_MAX)) {
        const int count = int(std::min(bytes.size() - at, std::size_t(INT_MAX)));
        MPI_Allreduce(MPI_IN_PLACE, bytes.data() + at, count, MPI_UNSIGNED_CHAR, MPI_BOR, MPI_COMM_WORLD);
    }
}

void MpiCommunicator::abort(int exitCode)
{
    MPI_Abort(MPI_COMM_WORLD, exitCode);
    std::exit(exitCode); // not reached: MPI_Abort ends the job
}

bool MpiCommunicator::launchedByMpi()
{
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS", "SLURM_STEP_NUM_TASKS"})
        if (std::getenv(name))
            return true;
    return false;
}

} // namespace spikegen
