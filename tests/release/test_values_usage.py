"""Every value in values.yaml is used by a template, and every value a
template reads exists in values.yaml (chartkit.values.usage reads the
templates' actions)."""
from __future__ import annotations

import pytest

from chartkit.charts import Chart
from chartkit.values.usage import chart_usage, template_usage, undefined, unused


def test_every_value_is_used_by_a_template(chart: Chart) -> None:
    missing = unused(chart.values(), chart_usage(chart.path))
    assert not missing, f"values.yaml keys no template reads (remove them, or add a migration): {missing}"


def test_every_value_a_template_reads_is_in_values_yaml(chart: Chart) -> None:
    missing = undefined(chart.values(), chart_usage(chart.path))
    assert not missing, f"templates read values that values.yaml lacks (add them with a `# --` comment): {missing}"


def used(template: str) -> set[str]:
    return {".".join(p) for p in template_usage([template]).used}


@pytest.mark.parametrize("template,expected", [
    ("{{ .Values.a.b }}", {"a.b"}),
    ("{{ $.Values.a.b | quote }}", {"a.b"}),
    ('{{ $root := . }}{{ $root.Values.a }}', {"a"}),
    ('{{ index .Values "a" "b" }}', {"a.b"}),
    ('{{ $v := .Values }}{{ if $v.a.enabled }}{{ end }}', {"a.enabled"}),
    ("{{ with .Values.a }}{{ toYaml . }}{{ end }}", {"a"}),
    ("{{ with .Values.a }}{{ .b }}{{ end }}", {"a.b"}),
    ("{{ with .Values.a }}x{{ else }}{{ .Values.c }}{{ end }}", {"c"}),
    ("{{ range $k, $v := .Values.m }}{{ $k }}{{ end }}", {"m"}),
    ('{{ range $n := list "x" "y" }}{{ (index $.Values.p $n).size }}{{ end }}', {"p.x.size", "p.y.size"}),
    ('{{ $p := index .Values.p $name }}{{ $p.size }}', {"p.*.size"}),
    ('{{ dig "type" "" .Values.strategy }}', {"strategy.type"}),
    ('{{ if hasKey .Values.a "b" }}{{ end }}', {"a.b"}),
    ("{{ include \"x\" (dict \"value\" .Values.a.b \"ctx\" $) }}", {"a.b"}),
    ('{{ define "t" }}{{ .Values.a }}{{ .b }}{{ end }}', {"a"}),
])
def test_reader_follows_the_template_idioms(template: str, expected: set[str]) -> None:
    assert used(template) == expected


@pytest.mark.parametrize("template", [
    "{{ $v := .Values.a }}",  # a binding alone uses nothing
    '{{ $node := $.Values }}{{ if kindIs "map" $node }}{{ $node = index $node $part }}{{ end }}',
    "{{ if hasKey .Values.a $computed }}{{ end }}",
    "{{/* .Values.a */}}",
])
def test_bindings_type_tests_and_comments_are_not_uses(template: str) -> None:
    assert used(template) == set()


VALUES = {"a": {"b": 1, "c": 2}, "strategy": {}, "list": [], "p": {"x": {"size": 1}, "y": {"size": 2}}}


def test_unused_and_undefined_against_values() -> None:
    usage = template_usage(['{{ .Values.a.b }}{{ .Values.strategy.type }}{{ .Values.list }}{{ .Values.zz.q }}',
                            '{{ range $n := list "x" "y" }}{{ (index $.Values.p $n).size }}{{ end }}'])
    assert unused(VALUES, usage) == ["a.c"]
    assert undefined(VALUES, usage) == ["zz.q"]
