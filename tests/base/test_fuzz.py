"""Property-based fuzzing of the values (hypothesis): for every value set,
either helm refuses it with a message that names a value path, or every
rendered object passes strict Kubernetes and Gateway API validation, the
chart invariants and the restricted Pod Security profile.

The normal suite runs a bounded, seeded number of examples; `make fuzz`
raises it through FUZZ_EXAMPLES.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from chartkit.rendering.render import KUBE_VERSIONS, RenderError, render
from chartkit.validation.apirules import pod_spec_of
from chartkit.validation.invariants import all_errors
from chartkit.validation.pss import restricted_violations
from chartkit.values.fuzz import mutated_values, record_stats, valid_values
from stalwart_charts.base.fuzz_repairs import declarative_values
from stalwart_charts.charts import NAMESPACE, RELEASE
from stalwart_charts.server.rendered import rendered_problems

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
# Shrinking re-renders hundreds of times; the failing example is reported either way.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
# A JSON pointer from the values schema ("at '/service/ports/http'"), an
# unknown top-level key ("at '': additional properties 'replicas'"), or the
# path that starts a guard message ("…deployment.yaml:1:4): service.nodePorts.smtp: ").
VALUE_PATH = re.compile(r"at '/[^']*'|at '': additional properties '\w+'|\): [a-zA-Z]+(?:[.\[][\w./@\[\]-]+)*: ")


def check_outcome(values: dict[str, Any], helm: str) -> str:
    """'refused' or 'rendered'; fails the test on any third outcome."""
    try:
        objs = render(values, helm=helm)
    except RenderError as exc:
        assert VALUE_PATH.search(exc.stderr), f"refused without naming a value path:\n{exc.stderr}"
        return "refused"
    problems = [p for kube in KUBE_VERSIONS for p in all_errors(objs, kube, RELEASE, NAMESPACE)]
    problems += [p for o in objs if (spec := pod_spec_of(o)) is not None for p in restricted_violations(spec)]
    assert not problems, "rendered invalid objects:\n" + "\n".join(problems)
    return "rendered"


@pytest.mark.parametrize("helm_id", ["helm3", "helm4"])
def test_valid_values_render_valid_objects_or_fail_with_a_path(helm_id: str) -> None:
    outcomes: Counter[str] = Counter()

    @FUZZ
    @seed(20261123)
    @given(valid_values())
    def run(values: dict[str, Any]) -> None:
        outcomes[check_outcome(values, helm_id)] += 1

    run()
    record_stats(f"valid-{helm_id}", outcomes)
    # Both outcomes must occur, or the generator is not exercising the chart.
    assert outcomes["rendered"] > 0 and outcomes["refused"] > 0, outcomes


@pytest.mark.parametrize("helm_id", ["helm3", "helm4"])
def test_subtly_invalid_values_are_refused_with_a_path(helm_id: str) -> None:
    outcomes: Counter[str] = Counter()

    @FUZZ
    @seed(20261124)
    @given(mutated_values())
    def run(case: tuple[dict[str, Any], str]) -> None:
        values, mutation = case
        outcome = check_outcome(values, helm_id)
        assert outcome == "refused", f"accepted a broken value: {mutation}"
        outcomes[outcome] += 1
        outcomes["field: " + mutation.split(" = ")[0]] += 1

    run()
    record_stats(f"invalid-{helm_id}", outcomes)


def test_declarative_renders_are_what_stalwart_accepts(stalwart) -> None:
    """Whatever shortcuts the values combine, the config.json and the plan
    lines the chart writes pass Stalwart's schema (the operator's own
    bootstrap.plan operations are copied verbatim and not judged here)."""
    outcomes: Counter[str] = Counter()

    @FUZZ
    @seed(20261125)
    @given(declarative_values())
    def run(values: dict[str, Any]) -> None:
        outcome = check_outcome(values, "helm4")
        outcomes[outcome] += 1
        if outcome == "rendered":
            objs = render(values, helm="helm4")
            plan = values.get("bootstrap", {}).get("plan", [])
            problems = [p for p in rendered_problems(objs, plan) if not p.startswith("bootstrap.plan[")]
            assert not problems, "\n".join(problems)

    run()
    record_stats("declarative-helm4", outcomes)
    assert outcomes["rendered"] > EXAMPLES // 2, outcomes


def test_value_path_pattern() -> None:
    assert VALUE_PATH.search("- at '/service/ports/http': maximum: got 70,000, want 65,535")
    assert VALUE_PATH.search("Error: execution error at (stalwart/templates/deployment.yaml:1:4): "
                             "service.nodePorts.smtp: nodePorts need …")
    assert VALUE_PATH.search("- at '': additional properties 'replicas' not allowed")
    assert VALUE_PATH.search("execution error at (x.yaml:1:4): podDisruptionBudget: set minAvailable")
    assert VALUE_PATH.search("execution error at (x.yaml:1:4): bootstrap.plan[1]: creates Domain")
    assert VALUE_PATH.search("error at (x.yaml:1:4): bootstrap.plan[0].value.a.@type.secret: is a plaintext")
    assert VALUE_PATH.search("execution error at (x.yaml:3:4): extraContainers[0].ports[1].hostPort: container")
    assert not VALUE_PATH.search("Error: template: stalwart/templates/service.yaml:3: unexpected EOF")
