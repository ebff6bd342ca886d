"""Upstream reference data (Stalwart's schema, operators' released CRDs),
read from one configurable place and never copied into the repository.

`REFERENCE_DATA` (environment variable; the Makefile passes its own
variable of the same name) defaults to `../shared` beside the checkout,
which CI always has. Tests that need a file call `require()`, which skips
them with the reason when it is absent. Released CRDs it lacks may come from
`.cache/crds/` instead, fetched pinned by `make crds` (chartkit.crds).
"""
from __future__ import annotations

import os
from pathlib import Path

from chartkit.charts import ROOT

STALWART_SCHEMA_VERSION = "0.16.19"


def reference_root() -> Path:
    return Path(os.environ.get("REFERENCE_DATA") or ROOT.parent / "shared").resolve()


def stalwart_schema_path() -> Path:
    return reference_root() / "spec" / f"stalwart-schema-{STALWART_SCHEMA_VERSION}.json.gz"


def crd_roots() -> list[Path]:
    """Where released CRDs are read from, in order: REFERENCE_DATA's crds/, then
    the ones `make crds` fetched into .cache/crds/ (chartkit.crds)."""
    from chartkit.crds import cache_root

    return [reference_root() / "crds", cache_root()]


def crd_dir(operator: str) -> Path:
    """An operator's CRD folder: REFERENCE_DATA's if it has one, else .cache/crds' if
    fetched, else REFERENCE_DATA's (absent, so messages name where it belongs)."""
    return next((root / operator for root in crd_roots() if (root / operator).is_dir()),
                reference_root() / "crds" / operator)


class ReferenceMissing(LookupError):
    """A reference file is absent; tests turn this into a skip with its reason."""


def require(path: Path) -> Path:
    """`path` if it exists, else ReferenceMissing naming REFERENCE_DATA."""
    if not path.exists():
        raise ReferenceMissing(
            f"{path} is absent: set REFERENCE_DATA to a folder with spec/ and crds/ (see README, Reference data)"
        )
    return path
