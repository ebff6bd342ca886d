"""Write or check the chart files generated from Python: helm/platform's
alert rules (chartkit.alerts) and Grafana dashboard (chartkit.dashboard).

    python -m chartkit.observability --write   # regenerate them (`make docs` does)
    python -m chartkit.observability --check   # exit 1 when one is stale
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from . import generated
from .alerts import rules_file
from .charts import PLATFORM
from .dashboard import dashboard_file

GENERATED: dict[Path, Callable[[], str]] = {
    PLATFORM.path / "files" / "prometheus-rules.yaml": rules_file,
    PLATFORM.path / "files" / "dashboard.json": dashboard_file,
}


def stale() -> list[Path]:
    return generated.stale(GENERATED)


def main(argv: list[str] | None = None) -> int:
    return generated.write_or_check(GENERATED, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
