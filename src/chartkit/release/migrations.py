"""A chart's migrations.yaml: values renamed or removed since earlier
releases. The chart's `<name>.migrations` helper fails rendering when one is
still set; this module reads the same data for the tests, and finds values
that disappeared from values.yaml without an entry."""
from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from chartkit.charts import Chart


@dataclass(frozen=True)
class Move:
    source: str  # dotted path the operator's old values may still set
    target: str | None  # dotted path that replaces it; None when the value was removed
    since: str  # chart version that made the change
    note: str = ""

    def expected_message(self) -> str:
        """The start of the helm error the helper raises for this move."""
        if self.target:
            return f"{self.source}: was renamed to {self.target} in chart version {self.since}"
        return f"{self.source}: was removed in chart version {self.since}"


def parse(text: str | bytes | None) -> list[Move]:
    data = yaml.safe_load(text or "") or {}
    return [Move(m["from"], m.get("to") or None, str(m["since"]), m.get("note") or "")
            for m in data.get("moved") or []]


def of_chart(chart: Chart) -> list[Move]:
    return parse(chart.migrations.read_text()) if chart.migrations.exists() else []


def migrated(values: dict[str, Any], moves: list[Move]) -> dict[str, Any]:
    """`values` as an operator fixes them after the refusals: each moved value set
    under its target path (a removed one dropped). Unchanged values are shared."""
    out = copy.deepcopy(values)
    for move in moves:
        *parents, leaf = move.source.split(".")
        node: Any = out
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict) or leaf not in node:
            continue
        value = node.pop(leaf)
        if move.target:
            *parents, leaf = move.target.split(".")
            node = out
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = value
    return out


def value_paths(values: Any, path: str = "") -> Iterator[str]:
    """Dotted paths of values.yaml: every map key, descending into non-empty maps."""
    if isinstance(values, dict):
        for key, sub in values.items():
            child = f"{path}.{key}" if path else str(key)
            yield child
            yield from value_paths(sub, child)


def schema_at(schema: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The sub-schema a dotted path validates against, None when the schema has no place for it."""
    node: Any = schema
    for part in path.split(".") if path else []:
        props = node.get("properties") or {}
        if part in props:
            node = props[part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        elif node.get("additionalProperties", True) is not False and not props:
            return {}  # an open map without declared keys
        else:
            return None
    return node if isinstance(node, dict) else None


def unmigrated_removals(old_values: dict[str, Any], new_values: dict[str, Any], new_schema: dict[str, Any],
                        moves: list[Move], pass_through: frozenset[str] = frozenset()) -> list[str]:
    """Paths the last release's values.yaml had that the working tree neither keeps, nor accepts
    in an open map (like service.ports) or under a pass-through value (a Kubernetes structure the
    chart renders verbatim, like a probe: a default dropped there is still a value an operator may
    set), nor names in migrations.yaml."""
    old_paths, new_paths = set(value_paths(old_values)), set(value_paths(new_values))
    covered = {m.source for m in moves} | {p for p in pass_through if p in new_paths}
    missing = []
    for path in sorted(old_paths - new_paths):
        parts = path.split(".")
        if any(".".join(parts[:i]) in covered for i in range(1, len(parts) + 1)):
            continue
        if any(".".join(parts[:i]) in missing for i in range(1, len(parts))):
            continue  # its parent is reported already
        parent = ".".join(parts[:-1])
        if parent in new_paths or not parent:
            node = schema_at(new_schema, parent)
            declared = (node or {}).get("properties") or {}
            if node is not None and parts[-1] not in declared and node.get("additionalProperties", True) is not False:
                continue  # an entry of an open map: still accepted
        missing.append(path)
    return missing
