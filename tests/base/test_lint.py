"""helm lint --strict under both helms, and yamllint on the chart's own YAML."""
from __future__ import annotations

import subprocess
import sys

from chartkit import CHART, ROOT
from chartkit.helm import run_helm


def test_helm_lint_strict(helm: str) -> None:
    proc = run_helm(helm, "lint", "--strict", str(CHART), "-f", str(CHART / "ci" / "lint-values.yaml"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 chart(s) failed" in proc.stdout


def test_helm_lint_strict_in_declarative_mode(helm: str) -> None:
    proc = run_helm(helm, "lint", "--strict", str(CHART), "-f", str(CHART / "examples" / "multi-replica.yaml"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 chart(s) failed" in proc.stdout


def test_helm_lint_strict_fails_on_a_values_typo(helm: str) -> None:
    # Lint deliberately tolerates `fail` in templates, but not the values schema.
    proc = run_helm(helm, "lint", "--strict", str(CHART), "-f", str(CHART / "ci" / "lint-values.yaml"),
                    "--set", "replicas=2")
    assert proc.returncode != 0
    assert "replicas" in proc.stdout + proc.stderr


def test_yamllint_chart_metadata_and_values() -> None:
    files = [CHART / "Chart.yaml", CHART / "values.yaml", *sorted((CHART / "examples").glob("*.yaml"))]
    proc = subprocess.run(
        [sys.executable, "-m", "yamllint", "--strict", "-c", str(ROOT / ".yamllint.yaml"), *map(str, files)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_is_clean_on_the_toolchain_and_tests() -> None:
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests"], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
