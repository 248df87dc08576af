"""A network split over the processes of an MPI job (Simulation(..., split=True)) gives the spikes
and state of one process, bit for bit (docs/scaling.md)."""
import os
import shutil
import subprocess
import sys

import pytest
import spikegen as sg

pytestmark = pytest.mark.skipif(
    not sg.has_mpi or shutil.which("mpirun") is None, reason="spikegen built without MPI, or no mpirun"
)

# Run by every rank: the split simulation and, beside it, the whole network in this process.
SCRIPT = r"""
import numpy as np
import spikegen as sg

sg.set_log_level("warn")
net = sg.standard_network("hpc", scale=0.05)
split = sg.Simulation(net, backend="cpu", threads=1, split=True)
whole = sg.Simulation(net, backend="cpu", threads=1)
for sim in (split, whole):
    sim.initialize()
    sim.run(300)
for group in ("E", "I"):
    (ts, ids), (tw, iw) = split.spikes(group), whole.spikes(group)
    assert len(iw) > 0 and np.array_equal(ids, iw) and np.array_equal(ts, tw), group
assert np.array_equal(split.pull_var("E", "V"), whole.pull_var("E", "V"))
assert np.array_equal(split.post_indices("EE"), whole.post_indices("EE"))
assert split.timings["spike_exchanges"] == 300 // 14, split.timings  # once per 1.4 ms of axonal delay

# No projections: nothing to exchange; run_for in chunks that every rank must share (each ends in a
# collective error check), over many chunks.
net = sg.Network("poisson_only", dt=0.1)
net.add_neuron_group("P", 100, sg.models.Poisson(), {"rate": 50.0}, {}).record_spikes = True
split = sg.Simulation(net, backend="cpu", threads=1, split=True)
whole = sg.Simulation(net, backend="cpu", threads=1)
for sim in (split, whole):
    sim.initialize()
    sim.run_for(350.0)
(ts, ids), (tw, iw) = split.spikes("P"), whole.spikes("P")
assert len(iw) > 0 and np.array_equal(ids, iw) and np.array_equal(ts, tw)
assert split.timings["spike_exchanges"] == 0, split.timings
print("rank", sg.mpi_rank(), "of", sg.mpi_ranks(), "equal")
"""


def test_a_network_split_over_two_processes_equals_one(tmp_path):
    script = tmp_path / "split.py"
    script.write_text(SCRIPT)
    # Open MPI refuses to start as root unless told (CI containers); two ranks on any machine.
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMP_NUM_THREADS="1")
    result = subprocess.run(
        ["mpirun", "-np", "2", "--oversubscribe", sys.executable, str(script)],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("equal") == 2, result.stdout

