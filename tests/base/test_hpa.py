"""templates/hpa.yaml"""
from __future__ import annotations

from chartkit.rendering.render import find
from stalwart_charts.base.overlays import STATELESS  # declarative, external stores, a coordinator: several pods may run


def test_absent_by_default(r) -> None:
    assert not [o for o in r() if o["kind"] == "HorizontalPodAutoscaler"]


def test_enabled_targets_the_deployment_which_drops_replicas(r) -> None:
    objs = r(STATELESS, {"autoscaling": {"enabled": True, "minReplicas": 2, "maxReplicas": 6}})
    hpa = find(objs, "HorizontalPodAutoscaler")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "stalwart"}
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 6)
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    assert "replicas" not in find(objs, "Deployment")["spec"]


def test_custom_metric_and_behavior(r) -> None:
    metric = {"type": "Pods", "pods": {"metric": {"name": "smtp_active_connections"},
                                       "target": {"type": "AverageValue", "averageValue": "200"}}}
    behavior = {"scaleDown": {"stabilizationWindowSeconds": 900}}
    hpa = find(r(STATELESS, {"autoscaling": {"enabled": True, "metrics": [metric], "behavior": behavior}}),
               "HorizontalPodAutoscaler")
    assert hpa["spec"]["metrics"] == [metric]
    assert hpa["spec"]["behavior"] == behavior


def test_values_comment_points_at_stalwarts_own_metric() -> None:
    from stalwart_charts.charts import CHART
    text = (CHART / "values.yaml").read_text()
    assert "smtp_active_connections" in text and "without a stalwart_ prefix" in text
