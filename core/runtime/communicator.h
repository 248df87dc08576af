// How the ranks of a split network talk to each other (issue 18, docs/scaling.md): MPI between
// processes (comm/mpi_communicator.h); core/ sees only this interface and no transport of its own.
// Every rank calls each collective in the same order.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace spikegen {

class Communicator {
public:
    virtual ~Communicator() = default;
    virtual std::uint32_t rank() const = 0;
    virtual std::uint32_t ranks() const = 0;
    virtual std::string description() const = 0; // "MPI, 2 ranks (Open MPI v4.1.4)"
    // Every rank's bytes, concatenated in rank order into `all`; bytesOf[r]: how many rank r gave.
    virtual void allGather(std::span<const std::uint8_t> local, std::vector<std::uint8_t>& all,
                           std::vector<std::size_t>& bytesOf) = 0;
    // The bitwise OR of every rank's `bytes` (each rank gives as many), in place: a rank gives its
    // own elements and zeros elsewhere, and every rank gets every element's exact bits.
    virtual void allOr(std::vector<std::uint8_t>& bytes) = 0;
};

} // namespace spikegen
