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
    setattr(config, _STASH, (tempfile.mkdtemp(prefix="chartkit-renders-"), os.environ.get(SHARED_RENDERS_ENV)))
    os.environ[SHARED_RENDERS_ENV] = getattr(config, _STASH)[0]


def finish(config: Any) -> None:
    stash = getattr(config, _STASH, None)
    if stash is None:
        return
    folder, before = stash
    shutil.rmtree(folder, ignore_errors=True)
    if before is None:
        os.environ.pop(SHARED_RENDERS_ENV, None)
    else:
        os.environ[SHARED_RENDERS_ENV] = before
