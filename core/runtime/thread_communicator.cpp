#include "core/runtime/thread_communicator.h"

#include "core/error.h"

namespace spikegen {

class ThreadRanks::Member : public Communicator {
public:
    Member(ThreadRanks& group, std::uint32_t rank) : group_(group), rank_(rank) {}
    std::uint32_t rank() const override { return rank_; }
    std::uint32_t ranks() const override { return group_.ranks_; }
    std::string description() const override { return std::to_string(group_.ranks_) + " threads of one process"; }
    void allGather(std::span<const std::uint8_t> local, std::vector<std::uint8_t>& all,
                   std::vector<std::size_t>& bytesOf) override
    {
        group_.parts_[rank_].assign(local.begin(), local.end());
        group_.arriveAndWait(); // every part written
        all.clear();
        bytesOf.clear();
        for (const auto& part : group_.parts_) {
            all.insert(all.end(), part.begin(), part.end());
            bytesOf.push_back(part.size());
        }
        group_.arriveAndWait(); // every part read before the next collective writes
    }
    void allOr(std::vector<std::uint8_t>& bytes) override
    {
        group_.parts_[rank_] = bytes;
        group_.arriveAndWait();
        for (const auto& part : group_.parts_) {
            if (part.size() != bytes.size())
                throw Error("internal: ranks OR-ed buffers of different sizes");
            for (std::size_t i = 0; i < bytes.size(); ++i)
                bytes[i] |= part[i];
        }
        group_.arriveAndWait();
    }

private:
    ThreadRanks& group_;
    std::uint32_t rank_;
};

ThreadRanks::ThreadRanks(std::uint32_t ranks) : ranks_(ranks), parts_(ranks)
{
    if (ranks == 0)
        throw Error("a split network needs at least one rank");
    for (std::uint32_t r = 0; r < ranks; ++r)
        members_.push_back(std::make_unique<Member>(*this, r));
}

ThreadRanks::~ThreadRanks() = default;

Communicator& ThreadRanks::rank(std::uint32_t r)
{
    if (r >= ranks_)
        throw Error("rank " + std::to_string(r) + " of a group of " + std::to_string(ranks_) + " threads");
    return *members_[r];
}

void ThreadRanks::abandon()
{
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    arrived_.notify_all();
}

void ThreadRanks::arriveAndWait()
{
    std::unique_lock lock(mutex_);
    auto stop = [] { throw Error(std::string(kStoppedByAnother) + ": this one stops too"); };
    if (abandoned_)
        stop();
    const std::uint64_t generation = generation_;
    if (++waiting_ == ranks_) {
        waiting_ = 0;
        ++generation_;
        arrived_.notify_all();
        return;
    }
    arrived_.wait(lock, [&] { return generation_ != generation || abandoned_; });
    if (generation_ == generation)
        stop();
}

} // namespace spikegen
