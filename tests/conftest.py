"""Shared fixtures: the Helm x Kubernetes matrix and a validating renderer."""
from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from chartkit.reference import ReferenceMissing
from chartkit.rendering.helm import HELMS
from chartkit.rendering.matrix import DIAGONAL, renderer_fixture
from chartkit.testing import shared_renders
from chartkit.testing.loopback import Loopback
from stalwart_charts.server.schema import StalwartSchema, load

# A renderer for each cell of the matrix's diagonal (Helm 3 with Kubernetes
# 1.29, Helm 4 with 1.37); whole-chart test modules rebind `r` to the full
# Helm 3/4 x Kubernetes 1.29/1.37 MATRIX (chartkit.rendering.matrix.DIAGONAL says why).
r = renderer_fixture(DIAGONAL)


def pytest_configure(config: pytest.Config) -> None:
    shared_renders.start(config)  # the run's processes render each value set once between them
    gc.set_threshold(50_000, 20, 100)  # renders allocate many short-lived objects: collect cycles less often


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()  # the collected tests live to the end of the run: no collection needs to scan them


def pytest_unconfigure(config: pytest.Config) -> None:
    shared_renders.finish(config)


@pytest.fixture(params=list(HELMS), scope="session")
def helm(request: pytest.FixtureRequest) -> str:
    """Each pinned helm (for checks that do not depend on the Kubernetes version)."""
    return request.param


@pytest.fixture(scope="module")
def loopback() -> Iterator[Loopback]:
    """Loopback listeners (chartkit.testing.loopback) for running a chart's script, one
    set per test module."""
    with Loopback() as lb:
        yield lb


@pytest.fixture(scope="session")
def stalwart() -> StalwartSchema:
    """Stalwart's schema (upstream reference data); the test is skipped, with
    the reason, when REFERENCE_DATA does not hold it."""
    try:
        return load()
    except ReferenceMissing as exc:
        pytest.skip(str(exc))
