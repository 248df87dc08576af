// The ranks of a split network as threads of one process: one thread per GPU of a host, or the
// in-process tests of split networks on every backend. A ThreadRanks made for N ranks hands out
// rank r's communicator; each thread builds and runs its rank's Simulation with it.
#pragma once
#include "core/runtime/communicator.h"

#include <condition_variable>
#include <memory>
#include <mutex>

namespace spikegen {

class ThreadRanks {
public:
    explicit ThreadRanks(std::uint32_t ranks);
    ~ThreadRanks();
    Communicator& rank(std::uint32_t r);
    // A rank that stops outside a collective (an exception) calls this, so that the others stop
    // waiting for it: their collectives, now and later, throw.
    void abandon();
    // What the collectives of the others then say.
    static constexpr const char* kStoppedByAnother = "another rank of the split network stopped";

private:
    class Member;
    // Waits until every rank has arrived (or the group is abandoned).
    void arriveAndWait();
    std::uint32_t ranks_;
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::uint32_t waiting_ = 0;
    std::uint64_t generation_ = 0;
    bool abandoned_ = false;
    std::vector<std::vector<std::uint8_t>> parts_; // each rank's contribution to the collective
    std::vector<std::unique_ptr<Member>> members_;
};

} // namespace spikegen
