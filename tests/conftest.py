"""Shared fixtures: the Helm x Kubernetes matrix and a validating renderer."""
from __future__ import annotations

import pytest

from chartkit.helm import HELMS
from chartkit.matrix import MATRIX, MATRIX_IDS, Renderer
from chartkit.reference import ReferenceMissing
from chartkit.stalwart_schema import StalwartSchema, load


@pytest.fixture(params=MATRIX, ids=MATRIX_IDS, scope="session")
def r(request: pytest.FixtureRequest) -> Renderer:
    """A renderer for each cell of the Helm 3/4 x Kubernetes 1.29/1.37 matrix."""
    return Renderer(*request.param)


@pytest.fixture(params=list(HELMS), scope="session")
def helm(request: pytest.FixtureRequest) -> str:
    """Each pinned helm (for checks that do not depend on the Kubernetes version)."""
    return request.param


@pytest.fixture(scope="session")
def stalwart() -> StalwartSchema:
    """Stalwart's schema (upstream reference data); the test is skipped, with
    the reason, when REFERENCE_DATA does not hold it."""
    try:
        return load()
    except ReferenceMissing as exc:
        pytest.skip(str(exc))
