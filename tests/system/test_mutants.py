"""The mutation run's parts (`make mutants` itself is slow and separate): the
operators of chartkit.mutation.operators, the chart-root hook, the owner rule, and the
equivalence check of chartkit.mutation on a small chart of its own."""
from __future__ import annotations

from pathlib import Path

import pytest

from chartkit.charts import CHART_ROOT_ENV, Chart, chart_names
from chartkit.mutation import runner
from chartkit.mutation.equivalence import (
    BROKEN,
    CHANGED,
    EQUIVALENT,
    baseline_of,
    classify,
    masked,
    outcome,
    volatile_paths,
    without_positions,
)
from chartkit.mutation.operators import Mutant, mutants_of
from chartkit.mutation.owners import TESTS, files_testing
from chartkit.mutation.runner import Workspace, plan, round_robin
from chartkit.mutation.valuesets import ValueSet
from chartkit.rendering.render import SHARED_RENDERS_ENV

TEMPLATE = """\
{{- /* a comment: 7, true, eq */}}
# a YAML comment: 5 true
{{- if .Values.on }}
a: {{ .Values.a | default "x" | quote }}
n: {{ add 1 63 0 }}
b: true
{{- if not (eq .Values.t "LB") }}
c: {{ and .Values.p (gt (int .Values.q) 2) }}
{{- end }}
{{- toYaml .Values.x | nindent 2 }}
{{- include "demo.name" . }}

{{- end }}
"""


def edits(text: str, file: str = "templates/x.yaml") -> set[tuple[str, int, str, str]]:
    return {(m.operator, m.line, m.original, m.replacement) for m in mutants_of(text, file)}


def test_each_operator_makes_its_edit() -> None:
    found = edits(TEMPLATE)
    for expected in [
        ("negate", 3, ".Values.on", "not (.Values.on)"),
        ("negate", 7, 'not (eq .Values.t "LB")', 'eq .Values.t "LB"'),
        ("compare", 7, "eq", "ne"),
        ("compare", 8, "gt", "ge"),
        ("and-or", 8, "and", "or"),
        ("number", 5, "1", "0"),
        ("number", 5, "63", "64"),
        ("number", 5, "0", "1"),
        ("number", 8, "2", "3"),
        ("drop-filter", 4, ' | default "x"', ""),
        ("drop-filter", 4, " | quote", ""),
        ("flip-bool", 6, "true", "false"),
        ("string", 7, '"LB"', '""'),
        ("string", 4, '"x"', '""'),
        ("delete-line", 6, "b: true\n", ""),
    ]:
        assert expected in found, expected


def test_no_mutant_in_comments_indentation_end_lines_or_template_names() -> None:
    found = edits(TEMPLATE)
    assert not [e for e in found if e[1] in (1, 2)]  # template and YAML comments
    assert not [e for e in found if e[0] == "delete-line" and e[2].strip() in ("{{- end }}", "")]
    assert not [e for e in found if e[1] == 10 and e[0] != "delete-line"]  # nindent 2, its filter
    assert not [e for e in found if e[0] == "string" and "demo.name" in e[2]]


def test_notes_lines_starting_with_hash_are_text_not_comments() -> None:
    assert ("delete-line", 1, "# step 1\n", "") in edits("# step 1\n", "templates/NOTES.txt")
    assert edits("# step 1\n", "templates/x.yaml") == set()


def test_a_mutant_applies_only_to_the_text_it_was_made_from() -> None:
    m = next(m for m in mutants_of(TEMPLATE, "templates/x.yaml") if m.operator == "negate")
    assert m.apply(TEMPLATE) == TEMPLATE.replace("if .Values.on", "if not (.Values.on)", 1)
    with pytest.raises(AssertionError, match="changed since"):
        m.apply(TEMPLATE.replace(".Values.on", ".Values.off"))


def test_every_real_template_yields_applicable_distinct_mutants() -> None:
    for name in chart_names():
        root = Chart(name).path
        for path in sorted((root / "templates").rglob("*")):
            if path.is_file():
                text = path.read_text()
                mutants = mutants_of(text, str(path.relative_to(root)))
                assert len({m.apply(text) for m in mutants}) == len(mutants), path
                assert all(m.apply(text) != text for m in mutants), path


def test_sampling_is_seeded_and_round_robin_over_files() -> None:
    one = [j.mutant for j in round_robin([plan("base", 7, 3, None)])]
    assert one == [j.mutant for j in round_robin([plan("base", 7, 3, None)])]
    assert one != [j.mutant for j in round_robin([plan("base", 8, 3, None)])]
    files = [m.file for m in one]
    first_round = files[:len(set(files))]
    assert len(set(first_round)) == len(first_round)  # every file once before any file twice


def test_owner_rule_maps_templates_to_their_test_files() -> None:
    def names(template: str) -> list[str]:
        return [p.name for p in files_testing("base", template)]

    assert names("templates/service.yaml")[0] == "test_service.py"  # by name
    assert names("templates/tests/test-connection.yaml")[0] == "test_helm_test_pod.py"  # by docstring
    assert names("templates/_validate.tpl")[0] == "test_guards.py"
    assert names("templates/_helpers.tpl")[:3] == ["test_chart.py", "test_examples.py", "test_charts.py"]
    assert names("templates/service.yaml")[1:4] == ["test_chart.py", "test_examples.py", "test_charts.py"]


@pytest.mark.parametrize("chart", chart_names())
def test_every_test_file_reaches_every_mutant(chart: str) -> None:
    """No test is out of reach because of how its docstring reads."""
    every = {p.name for p in (TESTS / chart).glob("test_*.py")} | {"test_charts.py"}
    every |= {p.name for d in ("system", "release") for p in (TESTS / d).glob("test_*.py")}
    root = Chart(chart).path
    for template in (t for t in (root / "templates").rglob("*") if t.is_file()):
        found = [p.name for p in files_testing(chart, str(template.relative_to(root)))]
        assert set(found) == every and len(found) == len(every), template


DEMO_CHART = {
    "Chart.yaml": "apiVersion: v2\nname: demo\nversion: 0.1.0\n",
    "templates/cm.yaml": """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: demo
data:
  {{- if gt (int .Values.n) 1 }}
  many: "yes"
  {{- end }}
  token: {{ randAlphaNum 8 | quote }}
""",
    "templates/NOTES.txt": "Installed.\n{{- if .Values.warn }}\nWARNING: careful\n{{- end }}\n",
}


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    root = tmp_path / "charts"
    for rel, text in DEMO_CHART.items():
        (root / "demo" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "demo" / rel).write_text(text)
    monkeypatch.setenv(CHART_ROOT_ENV, str(root))
    assert chart_names() == ["demo"] and Chart("demo").path == root.resolve() / "demo"
    return Workspace(tmp_path / "ws")


def mutant(file: str, old: str, new: str) -> Mutant:
    start = DEMO_CHART[file].index(old)
    return Mutant(file, 1, "test", start, start + len(old), old, new)


def verdict(ws: Workspace, m: Mutant, sets: list[ValueSet]) -> str:
    first, second = ([outcome(ws.probe("demo"), vs) for vs in sets] for _ in range(2))
    baseline, volatile = baseline_of(first, second)
    with ws.mutated("demo", m):
        result = classify(ws.probe("demo"), sets, baseline, volatile)
    assert (ws.chart("demo") / m.file).read_text() == DEMO_CHART[m.file]  # restored
    return result


def sets(*ns: int, warn: bool = False) -> list[ValueSet]:
    return [ValueSet(f"n{n}", {"n": n, "warn": warn}) for n in ns]


def test_equivalent_only_over_the_value_sets_rendered(demo: Workspace) -> None:
    gt_to_ge = mutant("templates/cm.yaml", "gt", "ge")
    assert verdict(demo, gt_to_ge, sets(0, 3)) == EQUIVALENT
    assert verdict(demo, gt_to_ge, sets(0, 1, 3)) == CHANGED  # n=1 tells them apart


def test_notes_changes_are_seen_through_the_probe(demo: Workspace) -> None:
    negated = mutant("templates/NOTES.txt", ".Values.warn", "not .Values.warn")
    assert verdict(demo, negated, sets(0)) == CHANGED
    assert verdict(demo, mutant("templates/NOTES.txt", "{{- end }}", "{{- end }}{{/* x */}}"), sets(0)) == EQUIVALENT


def test_unrenderable_mutants_are_told_apart(demo: Workspace) -> None:
    assert verdict(demo, mutant("templates/cm.yaml", "{{- end }}", ""), sets(0, 3)) == BROKEN  # parse error
    failing = mutant("templates/cm.yaml", "int .Values.n", 'fail "no"')
    assert verdict(demo, failing, sets(0, 3)) == BROKEN  # fails on every value set
    breaks_one = mutant("templates/cm.yaml", 'many: "yes"', 'many: {{ fail "no" }}')
    assert verdict(demo, breaks_one, sets(0, 3)) == CHANGED  # renders for n=0, fails for n=3: tests must see it


def test_random_values_are_masked_not_taken_for_a_change(demo: Workspace) -> None:
    """The demo's token is random: without the mask every mutant would look changed."""
    assert verdict(demo, mutant("templates/cm.yaml", "name: demo", "name: demo "), sets(0, 3)) == EQUIVALENT
    assert verdict(demo, mutant("templates/cm.yaml", "randAlphaNum 8", "randAlphaNum 9"), sets(0)) == CHANGED
    assert verdict(demo, mutant("templates/cm.yaml", "token:", "tokens:"), sets(0)) == CHANGED
    assert volatile_paths({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}]}) == {("a", 1, "b")}
    assert volatile_paths({"a": 1}, {"b": 1}) is None
    assert masked('[{"p": "YWFh"}]', frozenset({(0, "p")})) == '[{"p": "<random, 3 characters>"}]'  # base64: decoded


def test_positions_in_helm_messages_do_not_tell_mutants_apart() -> None:
    trace = ("Error: template: stalwart/templates/validate.yaml:3:4: executing \"x\" at <include>: error calling "
             "include:\nstalwart/templates/_migrations.tpl:21:7\n  executing \"y\"; yaml: line 12: bad")
    assert without_positions(trace) == (
        "Error: template: stalwart/templates/validate.yaml: executing \"x\" at <include>: error calling include:\n"
        "stalwart/templates/_migrations.tpl\n  executing \"y\"; yaml: line N: bad")
    assert without_positions("fullnameOverride: 2024 must start") == "fullnameOverride: 2024 must start"


def test_a_mutant_run_never_reads_the_renders_of_the_run_that_started_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A mutant changes a chart under the same path, so a nested pytest run must not share
    its parent's renders (chartkit.testing.shared_renders lets nested runs share them)."""
    seen: dict[str, str] = {}

    class Done:
        pid, returncode = 0, 1

        def __init__(self, cmd: list[str], **kwargs: object) -> None:
            seen.update(kwargs["env"])  # type: ignore[arg-type]

        def communicate(self, timeout: float | None = None) -> tuple[str, str]:
            return "1 failed", ""

    monkeypatch.setenv(SHARED_RENDERS_ENV, str(tmp_path))
    monkeypatch.setattr(runner.subprocess, "Popen", Done)
    assert runner.run_tests(tmp_path, [], timeout=5) == (runner.KILLED, "1 failed")
    assert SHARED_RENDERS_ENV not in seen and seen[CHART_ROOT_ENV] == str(tmp_path / "helm")
