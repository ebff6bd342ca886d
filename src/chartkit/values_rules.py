"""Rules every chart's values.yaml and values.schema.json keep, as functions
over a `Chart`: which values are Kubernetes structures passed through
verbatim (their content is Kubernetes', not the chart's), the leaf keys that
need a `# --` comment and a schema entry, and the schema objects that must
refuse unknown keys."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .charts import Chart

# Per chart: value paths whose content is passed through verbatim (a
# Kubernetes or operator structure, or a free-form map). They count as one
# documented leaf, and their schema checks only the outer type.
PASS_THROUGH: dict[str, frozenset[str]] = {
    "base": frozenset({
        "podSecurityContext", "securityContext", "affinity", "startupProbe", "livenessProbe", "readinessProbe",
        "strategy", "autoscaling.behavior", "tests.resources", "containerPorts", "service.ports",
        "service.nodePorts", "resources", "bootstrap.resources", "tls.reload.resources", "logPrune.resources",
        # Stalwart's own DataStore fields: checked against Stalwart's schema by chartkit.stalwart_schema.
        "config.dataStore",
    }),
    "platform": frozenset({
        "commonLabels", "postgresql.resources", "postgresql.affinity", "postgresql.parameters",
        "postgresql.podMonitor.labels", "postgresql.pooler.parameters", "postgresql.pooler.resources",
        "externalSecrets.remoteRefs", "objectBucket.additionalConfig",
    }),
}


def pass_through(chart: Chart) -> frozenset[str]:
    return PASS_THROUGH[chart.name]


def leaf_paths(chart: Chart, values: Any = None, path: str = "") -> Iterator[str]:
    """Every documented value path of values.yaml: leaves, empty maps and pass-through maps."""
    values = chart.values() if values is None and not path else values
    if isinstance(values, dict) and values and path not in pass_through(chart):
        for key, sub in values.items():
            yield from leaf_paths(chart, sub, f"{path}.{key}".lstrip("."))
    else:
        yield path


def schema_node(schema: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The schema entry of a dotted value path (through additionalProperties), or None."""
    node: Any = schema
    for part in path.split("."):
        node = (node.get("properties") or {}).get(part) or node.get("additionalProperties")
        if not isinstance(node, dict):
            return None
    return node


def _objects(schema: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if schema.get("type") == "object" and "properties" in schema:
        yield path, schema
        for key, sub in schema["properties"].items():
            yield from _objects(sub, f"{path}.{key}".lstrip("."))


def open_objects(chart: Chart) -> list[str]:
    """Chart-owned schema objects that accept unknown keys (should be none)."""
    skip = pass_through(chart)
    return [path or "<root>" for path, sub in _objects(chart.schema())
            if not any(path == p or path.startswith(p + ".") for p in skip)
            and sub.get("additionalProperties") is not False]
