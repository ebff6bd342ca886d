"""chartkit.values.formats over every chart that names its values' forms:
each format's words come with an example that matches and mistakes that do
not, the schema keeps no raw regular expression, every field names a string
place of the schema, and the generated formats.yaml and _formats.tpl are
current. (Each chart's tests render its mistakes: tests/<chart>/test_formats.py.)"""
from __future__ import annotations

import re
from typing import Any

import pytest

from chartkit.charts import present
from chartkit.values import formats

CHARTS = [c.name for c in present() if formats.fields(c.name)]


def _patterns(node: Any, at: str = "") -> list[str]:
    if isinstance(node, dict):
        found = [at] if isinstance(node.get("pattern"), str) else []
        return found + [p for k, v in node.items() for p in _patterns(v, f"{at}/{k}")]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _patterns(v, f"{at}/{i}")]
    return []


def test_some_chart_names_forms() -> None:
    assert CHARTS


@pytest.mark.parametrize("chart", CHARTS)
def test_examples_match_and_mistakes_do_not(chart: str) -> None:
    for name, f in formats.library(chart).items():
        assert re.search(f.regex, f.example), (name, f.example)
        assert f.mistakes, name
        for mistake in f.mistakes:
            assert not re.search(f.regex, mistake), (name, mistake)
        assert f.expected and not f.expected.endswith("."), name  # the template adds ", e.g. <example>."


@pytest.mark.parametrize("chart", CHARTS)
def test_schema_keeps_no_regular_expression(chart: str) -> None:
    from chartkit.charts import Chart

    assert _patterns(Chart(chart).schema()) == []


@pytest.mark.parametrize("chart", CHARTS)
def test_every_field_is_a_string_place_of_the_schema(chart: str) -> None:
    from chartkit.charts import Chart

    lib, schema = formats.library(chart), Chart(chart).schema()
    for path, name in formats.fields(chart).items():
        assert name in lib, (path, name)
        node = formats.schema_node(schema, path)
        kinds = [node.get("type")] + [b.get("type") for b in node.get("oneOf") or []]
        assert path.endswith("{}") or any("string" in (k if isinstance(k, list) else [k]) for k in kinds), path


@pytest.mark.parametrize("chart", CHARTS)
def test_effective_schema_carries_each_form(chart: str) -> None:
    schema = formats.effective_schema(chart)
    for path, name in formats.fields(chart).items():
        node = formats.schema_node(schema, path)
        regexes = {node.get("pattern")} | {b.get("pattern") for b in node.get("oneOf") or []}
        assert formats.library(chart)[name].regex in regexes, path


def test_generated_files_are_current() -> None:
    assert formats.main(["--check"]) == 0
