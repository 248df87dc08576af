"""spikegen.sweep: one row per parameter set, equal to a run of the network with those parameters and
that seed; a failed instance gives a row with its error and the others run; bad input raises first."""
import pytest

import spikegen as sg


def plain_rates(net, backend, duration, seed, **params):
    for name, value in params.items():
        group, param = name.split(".", 1)
        net.set_param(group, param, value)
    net.seed = seed
    for group in net.neuron_groups:
        group.record_spikes = True
    sim = sg.Simulation(net, backend=backend)
    sim.initialize()
    sim.run_for(duration, progress=False)
    rates = {}
    for group in net.neuron_groups:
        times, _ = sim.spikes(group.name)
        rates[group.name] = len(times) / (duration * 1e-3 * group.size)
    return rates


def test_grid_rows_equal_plain_runs(backend):
    net = sg.standard_network("coba", scale=0.1)
    rows = sg.sweep(net, grid={"E.Vthresh": [-50.0, -52.0], "EE.g": [0.006, 0.009]}, duration=100.0,
                    backend=backend, statistics=["fano:E"], keep_spikes=[2])
    assert [r["instance"] for r in rows] == [0, 1, 2, 3]
    assert [r["seed"] for r in rows] == [1234, 1235, 1236, 1237]
    assert [(r["E.Vthresh"], r["EE.g"]) for r in rows] == [(-50, 0.006), (-50, 0.009), (-52, 0.006), (-52, 0.009)]
    assert net.param("E", "Vthresh") == -50.0 and net.seed == 1234  # left as it was
    assert "spikes" in rows[2] and "spikes" not in rows[0]
    times, ids = rows[2]["spikes"]["E"]
    assert len(times) == len(ids)
    for row in rows:
        assert row["error"] is None and "fano:E" in row
        fresh = sg.standard_network("coba", scale=0.1)
        rates = plain_rates(fresh, backend, 100.0, row["seed"], **{"E.Vthresh": row["E.Vthresh"], "EE.g": row["EE.g"]})
        for group in ("E", "I"):
            assert row[f"{group}_rate_hz"] == pytest.approx(rates[group], rel=1e-12)


def divider_network():
    model = sg.NeuronModel(name="Divider", params=["divisor"], vars=[sg.Var("V")],
                           sim_code="V = V / divisor + 0.01;", threshold_code="V > 1.0", reset_code="V = 0.0;")
    net = sg.Network("sweep_divider")
    net.add_neuron_group("N", 10, model, {"divisor": 1.0}, {"V": 0.5})
    return net


def test_failed_instance_keeps_the_others():
    if "cpu" not in sg.backends():
        pytest.skip("needs the cpu backend")
    rows = sg.sweep(divider_network(), sets=[{"N.divisor": 1.0}, {"N.divisor": 0.0}], duration=10.0,
                    backend="cpu", same_seed=True)
    assert rows[0]["error"] is None and rows[0]["N_rate_hz"] > 0
    assert "NaN or infinite" in rows[1]["error"] and rows[1]["N_rate_hz"] is None
    assert rows[0]["seed"] == rows[1]["seed"]


@pytest.mark.parametrize("kwargs, message", [
    (dict(grid={"X.divisor": [1.0]}), "has no group 'X'"),
    (dict(grid={"N.divsor": [1.0]}), "(parameters: divisor)"),
    (dict(grid={"N.divisor": []}), "has no values"),
    (dict(sets=[{"N.divisor": 1.0}, {}]), "set 1 has 0 parameters"),
    (dict(grid={"N.divisor": [1.0]}, keep_spikes=[4]), "instance 4 is asked to keep its spikes"),
    (dict(), "give grid="),
])
def test_bad_input(kwargs, message):
    with pytest.raises(sg.Error, match=None) as error:
        sg.sweep(divider_network(), duration=1.0, **kwargs)
    assert message in str(error.value)
