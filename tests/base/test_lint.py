"""helm lint --strict of the base chart in declarative mode (the chart-generic
lint, yamllint and schema checks are in tests/test_charts.py)."""
from __future__ import annotations

from chartkit.rendering.helm import run_helm
from stalwart_charts.charts import CHART


def test_helm_lint_strict_in_declarative_mode(helm: str) -> None:
    proc = run_helm(helm, "lint", "--strict", str(CHART), "-f", str(CHART / "examples" / "multi-replica.yaml"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 chart(s) failed" in proc.stdout
