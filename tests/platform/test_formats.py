"""Every value whose form helm/platform checks (stalwart_charts.platform.formats) is
found and refused in words: one render with each at a typical mistake lists
every path once, under both helms."""
from __future__ import annotations

from chartkit.rendering.matrix import Renderer
from chartkit.values.formats import mistaken_values

# An env entry takes its value from a Secret or a ConfigMap, not both: the ConfigMap key is the one left out.
CONTEXT = {"postgresql.env[].valueFrom.secretKeyRef.name": "s"}
LEAVE = frozenset({"postgresql.env[].valueFrom.configMapKeyRef.key"})


def test_every_mistake_is_refused_in_words(helm: str) -> None:
    values, where = mistaken_values("platform", CONTEXT, LEAVE)
    lines = Renderer(helm, "1.37", chart="platform").error(values).split("\n")
    for field, path in where.items():
        hits = [line for line in lines if line.rsplit("): ", 1)[-1].split(": ", 1)[0] == path and " is not " in line]
        assert len(hits) == 1 and ", e.g. " in hits[0], (field, hits)
