"""One guard case: the values that make a chart refuse to render, and what
its message must say (chartkit.guards, chartkit.guards_operator)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GuardCase:
    id: str
    when: str  # what the operator did, in words
    values: dict[str, Any]  # overlay on the chart's required values (the base chart's hostname)
    expect: list[str]  # substrings the message must contain
    api_versions: tuple[str, ...] = ()  # extra .Capabilities.APIVersions for the render
