// A one-line progress report for long runs ("biological time, wall time, real-time factor"),
// redrawn in place on stderr. Silent unless stderr is a terminal, so that logs and pipes get no
// control characters, and redrawn at most 10 times per second so that it costs nothing.
#pragma once
#include <chrono>
#include <string>

namespace spikegen::tools {

class ProgressLine {
public:
    // `shown` false: draws nothing (the other ranks of a split run).
    explicit ProgressLine(double totalMs, bool shown = true);
    // Reports `doneMs` of biological time simulated so far (redraws when due); `label` goes before
    // it (a sweep's "instance 3 of 8").
    void update(double doneMs, const std::string& label = {});
    // Erases the line (call before printing the results).
    void finish();

private:
    using Clock = std::chrono::steady_clock;
    bool enabled_;
    double totalMs_;
    Clock::time_point start_, lastDrawn_;
    bool drawn_ = false;
};

} // namespace spikegen::tools
