"""templates/_validate_operator.tpl (stalwart_charts.base.guards_operator)

The refusals of issue 20 run with every other guard case in test_guards.py
(both helms). Here: following each refusal's advice renders, and what the
guards read from Stalwart's schema is current."""
from __future__ import annotations

import pytest

from chartkit.rendering.render import find, render, values_with
from stalwart_charts.base.guards_operator import CASES
from stalwart_charts.base.scenarios import BASE

FIXES = [(case.id, i, fix) for case, fixes in CASES for i, fix in enumerate(fixes)]


@pytest.mark.parametrize("case_id,index,fix", FIXES, ids=[f"{c}-{i}" for c, i, _ in FIXES])
def test_following_the_advice_renders(case_id: str, index: int, fix: dict) -> None:
    case = next(c for c, _ in CASES if c.id == case_id)
    assert find(render(values_with(BASE, case.values, fix)), "Deployment")


def test_zero_replicas_render_no_job_to_wait_for_a_server() -> None:
    """At zero replicas nothing answers, so no post-upgrade hook waits for it;
    scaling back up renders the Job again."""
    rocks = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}}}
    kinds = {o["kind"] for o in render(values_with(BASE, rocks, {"replicaCount": 0}))}
    assert "Job" not in kinds and "Deployment" in kinds
    assert "Job" in {o["kind"] for o in render(values_with(BASE, rocks))}


def test_job_deadline_stays_below_helms_default_timeout() -> None:
    rocks = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}}}
    job = find(render(values_with(BASE, rocks)), "Job")
    assert job["spec"]["activeDeadlineSeconds"] < 300  # helm install/upgrade --timeout defaults to 5m0s
