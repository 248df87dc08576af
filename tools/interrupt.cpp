#include "tools/interrupt.h"

#include <csignal>

namespace spikegen::tools {
namespace {

volatile std::sig_atomic_t received = 0;

void note(int signal) { received = signal; }

} // namespace

void noteInterrupts()
{
    struct sigaction action {};
    action.sa_handler = note;
    sigemptyset(&action.sa_mask);
    // SA_RESETHAND: the first signal asks for a clean stop, a second one (the default action) ends
    // the process at once. No SA_RESTART is needed: the run loop does no blocking reads.
    action.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

int interruptSignal() { return received; }

std::string signalName(int signal)
{
    switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "signal " + std::to_string(signal);
    }
}

} // namespace spikegen::tools
