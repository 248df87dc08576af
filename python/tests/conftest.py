"""Shared fixtures: the backends to run on (one test per backend built, skipped with the reason where
its device is missing), and a private folder for the generated code of each test."""
import pytest

import spikegen as sg

sg.set_log_level("warn")


def unavailable_reason(backend):
    """Why `backend` cannot run here (its line in spikegen.devices()), or None when it can."""
    lines = sg.devices().get(backend, [])
    if not lines:
        return f"{backend}: no device found"
    for line in lines:
        if " unavailable: " in line:
            return line
    return None


@pytest.fixture(params=sg.backends())
def backend(request):
    reason = unavailable_reason(request.param)
    if reason:
        pytest.skip(reason)
    return request.param


@pytest.fixture(autouse=True)
def generated_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("SPIKEGEN_GENERATED_DIR", str(tmp_path / "generated"))
