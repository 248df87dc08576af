// How many threads the CPU backend runs on when the user does not say, and how long a thread
// waiting at a barrier spins before it sleeps (benchmarks/NOTES.md, "CPU threads").
#pragma once

namespace spikegen::cpu {

// Threads for `requested` (> 0: that many; 0: $OMP_NUM_THREADS if set, else the cores this
// process may use that no other process keeps busy, at least 1). A second thread on a core that
// another process keeps busy makes every barrier wait for that process's time slice: slower than
// one thread (docs/benchmarks.md).
int chooseThreads(int requested);

// Whether `requested` leaves the count to spikegen (0 and no $OMP_NUM_THREADS): the run may then
// change it as it measures itself (thread_tuner.h).
bool threadsLeftToSpikegen(int requested);

// The cores of this process's affinity mask.
int usableCores();

// The cores this process may run on that other processes are not using now: the cores of its
// affinity mask minus the other runnable tasks (/proc/loadavg), the least of a few samples ~2 ms
// apart, so that a short burst of another process does not count; at least 1.
int idleCores();

// Pauses a thread spins at a barrier before it sleeps: $SPIKEGEN_CPU_SPIN (0 .. 10^7, for
// measuring), else -1 (the generated code's default).
int barrierSpins();

} // namespace spikegen::cpu
