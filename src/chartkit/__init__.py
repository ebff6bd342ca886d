"""Offline toolchain for the Stalwart Helm charts: helm binaries, rendering,
schema validation, policy checks and documentation generation."""
from typing import Any

from chartkit.charts import BASE, ROOT

CHART = BASE.path  # the base chart's folder, for code that handles only it
CACHE = ROOT / ".cache"


def default_values() -> dict[str, Any]:
    """The base chart's values.yaml, parsed once per process (callers must not mutate it)."""
    return BASE.values()


def values_schema() -> dict[str, Any]:
    """The base chart's values.schema.json, parsed once per process."""
    return BASE.schema()
