// The ranks of a split network as the processes of an MPI job (mpirun -np N ...): MPI_Allgatherv
// and MPI_Allreduce between them (issue 18). Built when CMake finds MPI (SPIKEGEN_WITH_MPI).
#pragma once
#include "core/runtime/communicator.h"

namespace spikegen {

class MpiCommunicator : public Communicator {
public:
    // Initialises MPI unless the program already has (one thread calls MPI: the thread that
    // runs the simulation) and finalises it when destroyed, if it initialised it.
    MpiCommunicator();
    ~MpiCommunicator() override;
    MpiCommunicator(const MpiCommunicator&) = delete;
    MpiCommunicator& operator=(const MpiCommunicator&) = delete;

    std::uint32_t rank() const override { return rank_; }
    // This process's place among the job's processes on its host (one GPU each, by default).
    std::uint32_t localRank() const { return localRank_; }
    std::uint32_t ranks() const override { return ranks_; }
    std::string description() const override;
    void allGather(std::span<const std::uint8_t> local, std::vector<std::uint8_t>& all,
                   std::vector<std::size_t>& bytesOf) override;
    void allOr(std::vector<std::uint8_t>& bytes) override;
    // Ends every rank of the job: after one rank's error the others may wait in a collective forever.
    [[noreturn]] void abort(int exitCode);

    // Whether this process was started by an MPI launcher (mpirun, srun), from its environment.
    static bool launchedByMpi();

private:
    std::uint32_t rank_ = 0, ranks_ = 1, localRank_ = 0;
    bool initialisedHere_ = false;
};

} // namespace spikegen
