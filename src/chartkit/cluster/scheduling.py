"""pytest plugin (pyproject `addopts = -p chartkit.cluster.scheduling`): under
xdist, every test of `tests/cluster/` goes to ONE worker as one unit, so one
control plane serves the whole tier while the other workers run the offline
tests; every other test is its own unit, as with `--dist load`.

This is what `--dist loadgroup` with an `xdist_group` mark should do, but with
pytest 9.2 and pytest-xdist 3.8.0 that mark is silently ignored (xdist still
rewrites the legacy `_nodeid`, which pytest 9.2 no longer reads:
pytest-dev/pytest-xdist#1386, fix pending in #1388)."""
from __future__ import annotations

from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling

TIER = "tests/cluster/"


class TierScheduling(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        return TIER if nodeid.startswith(TIER) else nodeid


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> TierScheduling | None:
    if config.getvalue("dist") in ("load", "loadgroup"):
        return TierScheduling(config, log)
    return None  # another --dist mode asked for explicitly: xdist's own
