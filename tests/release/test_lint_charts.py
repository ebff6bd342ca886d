"""A chart-testing-equivalent yamale check of every Chart.yaml (`helm lint
--strict` under both helms and yamllint run per chart in tests/test_charts.py)."""
from __future__ import annotations

import pytest
import yamale

from chartkit.charts import Chart
from chartkit.release import CHART_SCHEMA


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
