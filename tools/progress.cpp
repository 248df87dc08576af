#include "tools/progress.h"

#include <cstdio>
#include <unistd.h>

namespace spikegen::tools {

ProgressLine::ProgressLine(double totalMs, bool shown)
    : enabled_(shown && ::isatty(STDERR_FILENO) != 0), totalMs_(totalMs), start_(Clock::now()), lastDrawn_(start_)
{
}

void ProgressLine::update(double doneMs, const std::string& label)
{
    if (!enabled_) return;
    const auto now = Clock::now();
    if (drawn_ && now - lastDrawn_ < std::chrono::milliseconds(100)) return;
    lastDrawn_ = now;
    drawn_ = true;
    const double wall = std::chrono::duration<double>(now - start_).count();
    const double factor = doneMs > 0 ? wall / (doneMs * 1e-3) : 0.0;
    // \r and "erase to end of line" redraw in place.
    std::fprintf(stderr, "\r  %s%s%.1f / %.1f s biological, %.1f s wall, real-time factor %.2f\x1b[K",
                 label.c_str(), label.empty() ? "" : ": ", doneMs * 1e-3, totalMs_ * 1e-3, wall, factor);
    std::fflush(stderr);
}

void ProgressLine::finish()
{
    if (enabled_ && drawn_) std::fprintf(stderr, "\r\x1b[K");
    drawn_ = false;
}

} // namespace spikegen::tools
