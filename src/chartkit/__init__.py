"""Offline toolchain for the Stalwart Helm chart: helm binaries, rendering,
schema validation, policy checks and documentation generation."""
import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "base"
CACHE = ROOT / ".cache"


@cache
def default_values() -> dict[str, Any]:
    """The chart's values.yaml, parsed once per process (callers must not mutate it)."""
    return yaml.safe_load((CHART / "values.yaml").read_text())


@cache
def values_schema() -> dict[str, Any]:
    """The chart's values.schema.json, parsed once per process."""
    return json.loads((CHART / "values.schema.json").read_text())
