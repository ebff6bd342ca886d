"""templates/pdb.yaml"""
from __future__ import annotations

from chartkit.rendering.render import find
from stalwart_charts.base.overlays import STATELESS  # declarative, external stores, a coordinator: several pods may run

MULTI = {**STATELESS, "replicaCount": 3}


def test_absent_by_default(r) -> None:
    assert not [o for o in r() if o["kind"] == "PodDisruptionBudget"]


def test_min_available_with_selector_reuse(r) -> None:
    objs = r(MULTI, {"podDisruptionBudget": {"enabled": True}})
    pdb = find(objs, "PodDisruptionBudget")
    assert pdb["spec"]["minAvailable"] == 1 and "maxUnavailable" not in pdb["spec"]
    assert pdb["spec"]["selector"]["matchLabels"] == find(objs, "Deployment")["spec"]["selector"]["matchLabels"]


def test_max_unavailable_and_percentages(r) -> None:
    pdb = find(r(MULTI, {"podDisruptionBudget": {"enabled": True, "minAvailable": None, "maxUnavailable": "34%"}}),
               "PodDisruptionBudget")
    assert pdb["spec"] == {"maxUnavailable": "34%", "selector": pdb["spec"]["selector"]}
    pdb = find(r(MULTI, {"podDisruptionBudget": {"enabled": True, "minAvailable": "50%"}}), "PodDisruptionBudget")
    assert pdb["spec"]["minAvailable"] == "50%"
