"""Lint checks specific to the base chart and the toolchain; helm lint,
yamllint and the Chart.yaml schema run for every chart in
tests/release/test_lint_charts.py."""
from __future__ import annotations

import subprocess
import sys

from chartkit import CHART, ROOT
from chartkit.helm import run_helm


def test_helm_lint_strict_fails_on_a_values_typo(helm: str) -> None:
    # Lint deliberately tolerates `fail` in templates, but not the values schema.
    proc = run_helm(helm, "lint", "--strict", str(CHART), "-f", str(CHART / "ci" / "lint-values.yaml"),
                    "--set", "replicas=2")
    assert proc.returncode != 0
    assert "replicas" in proc.stdout + proc.stderr


def test_ruff_is_clean_on_the_toolchain_and_tests() -> None:
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests"], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
