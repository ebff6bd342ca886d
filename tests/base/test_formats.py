"""Every value whose form helm/base checks (stalwart_charts.base.formats) is
found and refused in words: one render with each at a typical mistake lists
every path once, under both helms."""
from __future__ import annotations

from chartkit.rendering.matrix import Renderer
from chartkit.values.formats import mistaken_values, unrefused

# What the schema requires beside the mistaken values.
CONTEXT = {"gateway.parentRefs[].name": "gw", "bootstrap.plan[].@type": "upsert", "bootstrap.plan[].value": {},
           "config.dataStore.@type": "RocksDb"}


def test_every_mistake_is_refused_in_words(helm: str) -> None:
    values, where = mistaken_values("base", CONTEXT)
    message = Renderer(helm, "1.37").error(values)
    assert unrefused(message, where) == []
