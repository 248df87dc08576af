// The split-network tests run as the ranks of an MPI job (tests/mpi.cmake: mpirun -np 2 and -np 3):
// every rank runs every test, and a test passes where it passes on every rank.
#include "spikegen.h"
#include "tests/mpi/world.h"

#include <gtest/gtest.h>
#include <mpi.h>

namespace spikegen::test {

MpiCommunicator& world()
{
    static MpiCommunicator communicator;
    return communicator;
}

} // namespace spikegen::test

int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    spikegen::setLogLevel("warn"); // every rank builds each network twice
    spikegen::test::MpiCommunicator& world = spikegen::test::world();
    if (world.rank() != 0) // one report; a failure on another rank still fails the job below
        delete ::testing::UnitTest::GetInstance()->listeners().Release(
            ::testing::UnitTest::GetInstance()->listeners().default_result_printer());
    int failed = RUN_ALL_TESTS() != 0 ? 1 : 0, anyFailed = 0;
    MPI_Allreduce(&failed, &anyFailed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (failed)
        std::fprintf(stderr, "rank %u of %u: tests failed\n", world.rank(), world.ranks());
    return anyFailed;
}
