"""Our two charts, their release names and the base chart's defaults."""
from __future__ import annotations

from typing import Any

from chartkit.charts import Chart

BASE = Chart("base")
PLATFORM = Chart("platform")
CHART = BASE.path  # the base chart's folder, for code that handles only it
RELEASE = "stalwart"  # the base release of every render, and the name the platform's base.release defaults to
NAMESPACE = "mail"
PLATFORM_RELEASE = "stalwart-platform"


def default_values() -> dict[str, Any]:
    """The base chart's values.yaml, parsed once per process (callers must not mutate it)."""
    return BASE.values()


def values_schema() -> dict[str, Any]:
    """The base chart's values.schema.json, parsed once per process."""
    return BASE.schema()
