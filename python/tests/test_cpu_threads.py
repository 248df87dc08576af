"""The CPU backend's threads: chosen from the idle cores unless given, same results for any count."""
import os

import numpy as np
import pytest
import spikegen as sg


def _spikes(threads):
    sim = sg.Simulation(sg.standard_network("coba", scale=0.25, seed=3), backend="cpu", threads=threads)
    sim.initialize()
    sim.run(300)
    return sim, sim.spikes("E")


def test_given_threads_are_used_and_any_count_gives_the_same_spikes():
    one, (t1, i1) = _spikes(1)
    two, (t2, i2) = _spikes(2)
    assert one.threads == 1 and two.threads == 2
    assert t1.size > 0
    np.testing.assert_array_equal(t1, t2)
    np.testing.assert_array_equal(i1, i2)


def test_a_count_left_to_spikegen_gives_the_spikes_of_one_thread(monkeypatch):
    # Without OMP_NUM_THREADS the run measures itself and may change its count between steps.
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    _, (t1, i1) = _spikes(1)
    _, (t0, i0) = _spikes(0)
    assert t1.size > 0
    np.testing.assert_array_equal(t1, t0)
    np.testing.assert_array_equal(i1, i0)


def test_default_is_between_one_and_the_usable_cores():
    sim = sg.Simulation(sg.standard_network("cuba", scale=0.1), backend="cpu")
    assert 1 <= sim.threads <= len(os.sched_getaffinity(0)) or "OMP_NUM_THREADS" in os.environ
    assert f"{sim.threads} threads" in sim.device


def test_negative_threads_are_an_error():
    with pytest.raises(sg.Error, match=r"cannot run on -2 threads"):
        sg.Simulation(sg.standard_network("cuba", scale=0.1), backend="cpu", threads=-2)
