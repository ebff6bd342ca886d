"""Fixtures for the release tests: every chart that exists under helm/."""
from __future__ import annotations

import pytest

from chartkit.charts import Chart, present


@pytest.fixture(params=[c.name for c in present()], scope="session")
def chart(request: pytest.FixtureRequest) -> Chart:
    """Each chart under helm/ (a new chart joins every release test by existing)."""
    return Chart(request.param)
