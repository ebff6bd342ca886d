"""Fixtures for helm/platform: the same Helm x Kubernetes matrix as the base chart."""
from __future__ import annotations

import pytest

from chartkit.guards_platform import ALL_APIS
from chartkit.matrix import MATRIX, MATRIX_IDS, Renderer


@pytest.fixture(params=MATRIX, ids=MATRIX_IDS, scope="session")
def rp(request: pytest.FixtureRequest) -> Renderer:
    """A platform-chart renderer for each cell of the Helm 3/4 x Kubernetes 1.29/1.37
    matrix, on a cluster that serves every operator's API (pass api_versions=() to a
    call for one that serves none)."""
    return Renderer(*request.param, chart="platform", api_versions=ALL_APIS)
