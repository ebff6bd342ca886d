"""Write or check the chart files generated from Python: helm/platform's
alert rules (stalwart_charts.server.alerts) and Grafana dashboard with its enterprise-only
panels (stalwart_charts.server.dashboard).

    python -m stalwart_charts.server.observability --write   # regenerate them (`make docs` does)
    python -m stalwart_charts.server.observability --check   # exit 1 when one is stale
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from chartkit.docs import generated
from stalwart_charts.charts import PLATFORM
from stalwart_charts.server.alerts import rules_file
from stalwart_charts.server.dashboard import dashboard_file, enterprise_panels_file

GENERATED: dict[Path, Callable[[], str]] = {
    PLATFORM.path / "files" / "prometheus-rules.yaml": rules_file,
    PLATFORM.path / "files" / "dashboard.json": dashboard_file,
    PLATFORM.path / "files" / "dashboard-enterprise.json": enterprise_panels_file,
}


def stale() -> list[Path]:
    return generated.stale(GENERATED)


def main(argv: list[str] | None = None) -> int:
    return generated.write_or_check(GENERATED, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
