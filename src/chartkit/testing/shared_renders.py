"""One folder per test run through which its processes (pytest-xdist's
workers) share renders: chartkit.rendering.render's `_render_session`. The
run's controller makes the folder before the workers start, so they inherit
it through the environment, and removes it when the run ends. A run that a
test starts (a sample of the suite in a subprocess) shares its parent's folder.

    # conftest.py
    def pytest_configure(config): shared_renders.start(config)
    def pytest_unconfigure(config): shared_renders.finish(config)
"""
from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from chartkit.rendering.render import SHARED_RENDERS_ENV

_STASH = "_chartkit_shared_renders"


def start(config: Any) -> None:
    if hasattr(config, "workerinput"):
        return  # a worker: it inherited its controller's folder
    if os.environ.get(SHARED_RENDERS_ENV):
        return  # a run started by a test of another run: it shares that run's folder, which that run removes
    folder = tempfile.mkdtemp(prefix="chartkit-renders-")
    setattr(config, _STASH, folder)
    os.environ[SHARED_RENDERS_ENV] = folder


def finish(config: Any) -> None:
    folder = getattr(config, _STASH, None)
    if folder is None:
        return  # a worker, or a run that shared another's folder
    shutil.rmtree(folder, ignore_errors=True)
    os.environ.pop(SHARED_RENDERS_ENV, None)
