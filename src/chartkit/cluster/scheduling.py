"""pytest plugin (pyproject `addopts = -p chartkit.cluster.scheduling`): under
xdist, every test of `tests/cluster/` goes to ONE worker as one unit, so one
control plane serves the whole tier while the other workers run the offline
tests; every other test is its own unit. A run without the tier (the offline
tier alone) is scheduled as `--dist load` does: each worker gets runs of
neighbouring tests, which share renders, instead of one test at a time.

This is what `--dist loadgroup` with an `xdist_group` mark should do, but with
pytest 9.2 and pytest-xdist 3.8.0 that mark is silently ignored (xdist still
rewrites the legacy `_nodeid`, which pytest 9.2 no longer reads:
pytest-dev/pytest-xdist#1386, fix pending in #1388)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from xdist.scheduler import LoadScheduling, LoadScopeScheduling

TIER = "tests/cluster/"


class TierScheduling(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        return TIER if nodeid.startswith(TIER) else nodeid


class TierOrLoadScheduling:
    """TierScheduling when the collection holds the tier, else LoadScheduling: both
    see every node and collection until `schedule()` picks one, which then runs alone."""

    def __init__(self, config: pytest.Config, log: Any) -> None:
        self._candidates = (TierScheduling(config, log), LoadScheduling(config, log))
        self._chosen: TierScheduling | LoadScheduling | None = None

    def __getattr__(self, name: str) -> Any:  # nodes, has_pending, mark_test_complete, …: the chosen one's
        return getattr(self._chosen or self._candidates[0], name)

    def add_node(self, node: Any) -> None:
        for candidate in self._candidates:
            candidate.add_node(node)

    def add_node_collection(self, node: Any, collection: Sequence[str]) -> None:
        for candidate in self._candidates:
            candidate.add_node_collection(node, collection)

    def remove_node(self, node: Any) -> str | None:
        if self._chosen is not None:
            return self._chosen.remove_node(node)
        return [candidate.remove_node(node) for candidate in self._candidates][0]

    def schedule(self) -> None:
        if self._chosen is None:
            collection = next(iter(self._candidates[1].node2collection.values()), [])
            self._chosen = self._candidates[0 if any(n.startswith(TIER) for n in collection) else 1]
        self._chosen.schedule()


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> TierOrLoadScheduling | None:
    if config.getvalue("dist") in ("load", "loadgroup"):
        return TierOrLoadScheduling(config, log)
    return None  # another --dist mode asked for explicitly: xdist's own
