"""Fixtures for helm/platform: the same Helm x Kubernetes matrix as the base chart."""
from __future__ import annotations

from chartkit.rendering.matrix import DIAGONAL, renderer_fixture
from stalwart_charts.platform.apis import ALL_APIS

# A platform-chart renderer for each cell of the matrix's diagonal, on a
# cluster that serves every operator's API (pass api_versions=() to a call for
# one that serves none); whole-chart modules rebind `rp` to the full MATRIX.
rp = renderer_fixture(DIAGONAL, chart="platform", api_versions=ALL_APIS)
