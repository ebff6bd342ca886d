"""The key contract of the Secret the base chart reads (helm/platform/secret-keys.yaml): its keys, and
the README table generated from it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from stalwart_charts.charts import PLATFORM


@dataclass(frozen=True)
class SecretKey:
    key: str  # the Secret key, and so (through envFrom) the environment variable
    purpose: str
    base: str  # the base-chart setting that delivers it
    stalwart: str  # the Stalwart setting that reads the variable


@cache
def key_contract() -> tuple[SecretKey, ...]:
    data = yaml.safe_load((PLATFORM.path / "secret-keys.yaml").read_text())
    return tuple(SecretKey(**entry) for entry in data["keys"])


def secret_keys() -> list[str]:
    """The contract's key names, in file order."""
    return [k.key for k in key_contract()]


def key_table() -> str:
    """The README's key table (a `chartkit.docs.tables` table)."""
    rows = ["| Key | Purpose | Base chart setting | Stalwart setting |", "|---|---|---|---|"]
    for k in key_contract():
        cells = [f"`{k.key}`", k.purpose, k.base, k.stalwart]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)
