"""The example a new user runs first (examples/python/first_network.py) runs as it is."""
import pathlib
import subprocess
import sys

import pytest

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python" / "first_network.py"


def test_first_network_example_runs_and_draws_its_raster(tmp_path):
    pytest.importorskip("matplotlib")
    result = subprocess.run([sys.executable, str(EXAMPLE), "--backend", "cpu", "--out", str(tmp_path / "r.png")],
                            cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "E: " in result.stdout and (tmp_path / "r.png").stat().st_size > 10_000
