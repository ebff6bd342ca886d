"""templates/podmonitor.yaml: the database's metrics, scraped by prometheus-operator."""
from __future__ import annotations

from chartkit.rendering.render import find, kinds
from stalwart_charts.platform.scenarios import ALL_FEATURES


def test_selects_the_cluster_instances_metrics_port_not_the_poolers(rp) -> None:
    objs = rp(ALL_FEATURES)
    monitor = find(objs, "PodMonitor")
    cluster = find(objs, "Cluster")["metadata"]["name"]
    # PgBouncer pods carry cnpg.io/cluster and a metrics port too (cnpg.io/podRole: pooler)
    assert monitor["spec"]["selector"] == {"matchLabels": {"cnpg.io/cluster": cluster, "cnpg.io/podRole": "instance"}}
    assert monitor["spec"]["podMetricsEndpoints"] == [{"port": "metrics", "interval": "30s"}]
    assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"


def test_cluster_does_not_ask_for_the_deprecated_operator_podmonitor(rp) -> None:
    cluster = find(rp(ALL_FEATURES), "Cluster")
    assert "enablePodMonitor" not in (cluster["spec"].get("monitoring") or {})


def test_off_by_default(rp) -> None:
    assert kinds(rp({"postgresql": {"enabled": True}})) == ["Cluster/stalwart-db"]
