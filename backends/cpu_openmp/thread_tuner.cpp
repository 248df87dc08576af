#include "backends/cpu_openmp/thread_tuner.h"

#include <algorithm>
#include <cmath>

namespace spikegen::cpu {
namespace {

constexpr unsigned kFirstQuietWindows = 3;   // the first trial comes early: most runs are short
constexpr unsigned kMostQuietWindows = 512;  // ~1 s of windows between trials that keep losing
constexpr unsigned kTrialRounds = 3;         // windows of each count in a trial, interleaved
constexpr double kBetter = 0.95;             // a candidate must be this much faster to stay
constexpr double kGiveUp = 1.5;              // a candidate this much slower loses at once,
constexpr double kHopelessAfter = 0.25;      // once it has run this part of a window (the first
                                             // steps of threads just woken are slow on any machine)
constexpr std::uint64_t kFirstSteps = 8;     // a window's steps before a count has been measured
constexpr std::uint64_t kMostSteps = 1u << 20;

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

} // namespace

ThreadTuner::ThreadTuner(unsigned start, unsigned most, double windowSeconds)
    : most_(std::max(1u, most)), windowSeconds_(windowSeconds), settled_(std::clamp(start, 1u, most_)),
      windowsUntilTrial_(kFirstQuietWindows), quietWindows_(kFirstQuietWindows), lastSecondsPerStep_(most_ + 1, 0.0)
{
    window_.threads = settled_;
}

std::uint64_t ThreadTuner::stepsToRun() const
{
    // The window's own speed so far, else the count's last, else (never measured) the settled count's.
    double perStep = window_.steps > 0 ? window_.seconds / double(window_.steps) : lastSecondsPerStep_[window_.threads];
    if (perStep <= 0)
        perStep = lastSecondsPerStep_[settled_];
    if (perStep <= 0)
        return kFirstSteps;
    double steps = std::max(0.0, windowSeconds_ - window_.seconds) / perStep;
    if (window_.steps == 0)
        steps /= 16; // a window's first slice: short, in case the count has become slow
    if (candidate_ != 0 && window_.threads == candidate_) // slices a candidate can lose after
        steps = std::min(steps, kHopelessAfter * windowSeconds_ / perStep);
    return std::clamp<std::uint64_t>(std::uint64_t(std::ceil(steps)), 1, kMostSteps);
}

void ThreadTuner::record(std::uint64_t steps, double seconds)
{
    window_.steps += steps;
    window_.seconds += seconds;
    if (window_.steps > 0 && (window_.seconds >= windowSeconds_ || candidateIsHopeless()))
        finishWindow();
}

// Whether the candidate's window so far is so much slower than the settled count that the trial
// can stop: on a loaded machine a trial of more threads would otherwise cost whole time slices.
// Not before a quarter of a window: threads that slept need a moment to be woken and spread over
// the cores, and a trial judged on that moment alone would never let a second thread win.
bool ThreadTuner::candidateIsHopeless() const
{
    const double settled = lastSecondsPerStep_[settled_];
    return candidate_ != 0 && window_.threads == candidate_ && settled > 0 && window_.steps > 0 &&
           window_.seconds >= kHopelessAfter * windowSeconds_ && window_.seconds > kGiveUp * settled * double(window_.steps);
}

void ThreadTuner::finishWindow()
{
    const bool hopeless = candidateIsHopeless();
    const double perStep = window_.seconds / double(window_.steps);
    lastSecondsPerStep_[window_.threads] = perStep;
    unsigned next = settled_;
    if (candidate_ != 0) {
        (window_.threads == candidate_ ? candidateTimes_ : settledTimes_).push_back(perStep);
        if (hopeless || schedule_.empty()) {
            endTrial();
            next = settled_;
        } else {
            next = schedule_.back();
            schedule_.pop_back();
        }
    } else if (most_ > 1 && --windowsUntilTrial_ == 0) {
        startTrial();
        next = candidate_;
    }
    window_ = Window{next, 0, 0};
}

// A neighbour of the settled count, and the windows that compare them: candidate first, then
// alternating, so that both see the same moments of a machine whose speed drifts.
void ThreadTuner::startTrial()
{
    const bool canFewer = settled_ > 1, canMore = settled_ < most_;
    const bool fewer = canFewer && (!canMore || tryFewer_);
    tryFewer_ = !tryFewer_;
    candidate_ = fewer ? settled_ / 2 : std::min(most_, settled_ * 2);
    schedule_.clear();
    for (unsigned round = 0; round < kTrialRounds; ++round) { // popped from the back
        schedule_.push_back(settled_);
        if (round + 1 < kTrialRounds)
            schedule_.push_back(candidate_);
    }
}

void ThreadTuner::endTrial()
{
    const bool won = !settledTimes_.empty() && median(candidateTimes_) < kBetter * median(settledTimes_);
    const bool movedFewer = candidate_ < settled_;
    if (won)
        settled_ = candidate_;
    // After a move the next count the same way may be better still: try it soon. Otherwise
    // (a lost trial, or no count further that way) wait twice as long as last time.
    if (won && (movedFewer ? settled_ > 1 : settled_ < most_)) {
        quietWindows_ = kFirstQuietWindows;
        tryFewer_ = movedFewer;
    } else {
        quietWindows_ = std::min(2 * quietWindows_, kMostQuietWindows);
    }
    windowsUntilTrial_ = quietWindows_;
    candidate_ = 0;
    settledTimes_.clear();
    candidateTimes_.clear();
}

} // namespace spikegen::cpu
