"""Lint every chart as the ecosystem does: `helm lint --strict` under both
helms, yamllint, and a chart-testing-equivalent yamale check of Chart.yaml."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yamale

from chartkit.charts import ROOT, Chart
from chartkit.helm import run_helm

CHART_SCHEMA = ROOT / "src" / "chartkit" / "chart_schema.yaml"


def test_helm_lint_strict(chart: Chart, helm: str) -> None:
    lint_values = chart.path / "ci" / "lint-values.yaml"
    args = ["lint", "--strict", str(chart.path)] + (["-f", str(lint_values)] if lint_values.exists() else [])
    proc = run_helm(helm, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 chart(s) failed" in proc.stdout


def yaml_files(chart: Chart) -> list[Path]:
    own = [chart.path / "Chart.yaml", chart.path / "values.yaml", chart.migrations]
    return [p for p in own if p.exists()] + sorted(chart.path.glob("examples/*.yaml")) \
        + sorted(chart.path.glob("ci/*.yaml"))


def test_yamllint(chart: Chart) -> None:
    proc = subprocess.run([sys.executable, "-m", "yamllint", "--strict", "-c", str(ROOT / ".yamllint.yaml"),
                           *map(str, yaml_files(chart))], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def validate_chart_yaml(content: str) -> None:
    yamale.validate(yamale.make_schema(str(CHART_SCHEMA)), yamale.make_data(content=content), strict=True)


def test_chart_yaml_passes_the_chart_testing_schema(chart: Chart) -> None:
    validate_chart_yaml((chart.path / "Chart.yaml").read_text())


@pytest.mark.parametrize("content,fragment", [
    ("apiVersion: v2\nversion: 0.1.0\n", "name: Required field missing"),
    ("apiVersion: v2\nname: x\nversion: 0.1.0\nmaintainer: [{name: a}]\n", "maintainer: Unexpected element"),
    ("apiVersion: v2\nname: x\nversion: 0.1.0\nmaintainers: [{email: a@b.c}]\n", "name: Required field missing"),
    ("apiVersion: v2\nname: x\nversion: 0.1.0\nannotations: {a: [1]}\n", "annotations.a"),
    ("apiVersion: v2\nname: x\nversion: 0.1\n", "version: '0.1' is not a str"),
])
def test_chart_yaml_schema_catches_mistakes(content: str, fragment: str) -> None:
    with pytest.raises(yamale.YamaleError) as caught:
        validate_chart_yaml(content)
    assert fragment in str(caught.value)
