"""Every value whose form helm/platform checks (stalwart_charts.platform.formats) is
found and refused in words: one render with each at a typical mistake lists
every path once, under both helms."""
from __future__ import annotations

from chartkit.rendering.matrix import Renderer
from chartkit.values.formats import mistaken_values, unrefused

# An env entry takes its value from a Secret or a ConfigMap, not both: the ConfigMap key is the one left out.
CONTEXT = {"postgresql.env[].valueFrom.secretKeyRef.name": "s"}
LEAVE = frozenset({"postgresql.env[].valueFrom.configMapKeyRef.key"})


def test_every_mistake_is_refused_in_words(helm: str) -> None:
    values, where = mistaken_values("platform", CONTEXT, LEAVE)
    message = Renderer(helm, "1.37", chart="platform").error(values)
    assert unrefused(message, where) == []
