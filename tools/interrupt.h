// Ctrl-C (SIGINT) and SIGTERM during a long `spikegen run`: the handler only notes the signal, and
// the run stops at its next chunk boundary, between kernels, so that the state it reports (or
// saves as a checkpoint) is whole. A second signal ends the process at once.
#pragma once
#include <string>

namespace spikegen::tools {

// Installs the handlers for SIGINT and SIGTERM.
void noteInterrupts();
// The signal received since noteInterrupts(), or 0.
int interruptSignal();
// "SIGINT" or "SIGTERM".
std::string signalName(int signal);
// The shell's convention for a process ended by `signal`: 128 + its number (130 for SIGINT).
inline int interruptedExitStatus(int signal) { return 128 + signal; }

} // namespace spikegen::tools
