"""Shared fixtures: the Helm x Kubernetes matrix and a validating renderer."""
from __future__ import annotations

import pytest

from chartkit.helm import HELMS
from chartkit.matrix import MATRIX, MATRIX_IDS, Renderer


@pytest.fixture(params=MATRIX, ids=MATRIX_IDS, scope="session")
def r(request: pytest.FixtureRequest) -> Renderer:
    """A renderer for each cell of the Helm 3/4 x Kubernetes 1.29/1.37 matrix."""
    return Renderer(*request.param)


@pytest.fixture(params=list(HELMS), scope="session")
def helm(request: pytest.FixtureRequest) -> str:
    """Each pinned helm (for checks that do not depend on the Kubernetes version)."""
    return request.param
