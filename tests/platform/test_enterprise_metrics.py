"""Enterprise-only metrics: no alert, dashboard panel or HPA example uses one unless
`monitoring.stalwartEnterprise` says the server is licensed (issue 19, item 3).

The list is `metrics.ENTERPRISE_ONLY` (Stalwart v0.16.18,
crates/trc/src/ipc/metrics.rs:228-265); a rule may name one only inside the
`stalwart-enterprise` group, a panel only inside `ENTERPRISE_ROWS`.
"""
from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
import yaml

from chartkit.reference import ReferenceMissing
from chartkit.rendering.render import find, render
from stalwart_charts.charts import BASE
from stalwart_charts.server.alerts import ALERTS, ENTERPRISE_GROUP
from stalwart_charts.server.dashboard import ENTERPRISE_ROWS, ROWS, queries
from stalwart_charts.server.metrics import ENTERPRISE_ONLY, enterprise_only, metric_names, stalwart_metrics

ON = {"prometheusRule": {"enabled": True}, "dashboard": {"enabled": True}, "skipApiCheck": True}
LICENSED = {"monitoring": {"stalwartEnterprise": True}}


def names(expr: str) -> set[str]:
    """The metrics a rule or a dashboard query names (Grafana's rate interval filled in)."""
    return metric_names(expr.replace("$__rate_interval", "5m"))


def rendered(licence: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The PrometheusRule's groups and the dashboard of one platform render."""
    objs = render({**ON, **licence}, chart="platform")
    (board,) = find(objs, "ConfigMap", "stalwart-dashboard")["data"].values()
    return find(objs, "PrometheusRule")["spec"]["groups"], json.loads(board)


@pytest.fixture(scope="module")
def community() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    return rendered({})


@pytest.fixture(scope="module")
def licensed() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    return rendered(LICENSED)


def unmarked_rules(groups: list[dict[str, Any]]) -> set[str]:
    """Rules outside the enterprise group that name an enterprise-only metric."""
    return {r["alert"] for g in groups if g["name"] != ENTERPRISE_GROUP for r in g["rules"]
            if enterprise_only(names(r["expr"]))}


def test_the_list_names_stalwart_metrics_and_reads_histogram_series() -> None:
    try:
        assert ENTERPRISE_ONLY <= stalwart_metrics()
    except ReferenceMissing as exc:
        pytest.skip(str(exc))
    names = {"queue_count", "dns_lookup_time_bucket", "store_blob_read_time_sum", "delivery_total_time_count",
             "smtp_active_connections", "queue_message_queued", "delivery_completed"}
    assert enterprise_only(names) == {"queue_count", "dns_lookup_time_bucket", "store_blob_read_time_sum"}


def test_the_default_render_uses_no_enterprise_metric(community) -> None:
    groups, board = community
    assert [g["name"] for g in groups] == ["stalwart"]
    named = {n for g in groups for r in g["rules"] for n in names(r["expr"])}
    named |= {n for _, expr in queries(board) for n in names(expr)}
    assert named and not enterprise_only(named)


def test_the_licence_value_adds_the_enterprise_group_and_row(community, licensed) -> None:
    groups, board = licensed
    assert [g["name"] for g in groups] == ["stalwart", ENTERPRISE_GROUP]
    assert groups[0] == community[0][0]  # the community rules are unchanged
    assert not unmarked_rules(groups)
    for rule in groups[1]["rules"]:  # and the group holds nothing a community server could fire
        assert enterprise_only(names(rule["expr"])), rule["alert"]
    assert len(board["panels"]) > len(community[1]["panels"])


def test_the_check_fails_an_enterprise_rule_moved_out_of_its_group(licensed) -> None:
    groups = copy.deepcopy(licensed[0])
    groups[0]["rules"].extend(groups[1]["rules"])
    assert unmarked_rules(groups) == {r["alert"] for r in licensed[0][1]["rules"]}


def test_every_alert_and_panel_is_marked_exactly_when_it_uses_one(licensed) -> None:
    groups, _ = licensed
    group_of = {r["alert"]: g["name"] for g in groups for r in g["rules"]}
    for alert in ALERTS:
        assert alert.enterprise == (group_of[alert.name] == ENTERPRISE_GROUP), alert.name
    for row in ROWS + ENTERPRISE_ROWS:
        for panel in row.panels:
            uses = bool(enterprise_only({n for _, q in panel.queries for n in names(q)}))
            assert panel.enterprise == uses == (row in ENTERPRISE_ROWS), panel.title


def test_the_base_chart_hpa_examples_and_docs_use_no_enterprise_metric() -> None:
    hpa_metrics: set[str] = set()
    for example in sorted((BASE.path / "examples").glob("*.yaml")):
        for spec in (yaml.safe_load(example.read_text()) or {}).get("autoscaling", {}).get("metrics", []):
            for source in ("pods", "object", "external"):
                if source in spec:
                    hpa_metrics.add(spec[source]["metric"]["name"])
    assert "smtp_active_connections" in hpa_metrics  # every edition exports it (metrics.rs:236)
    assert not enterprise_only(hpa_metrics)
    for doc in (BASE.path / "README.md", BASE.path / "values.yaml"):
        words = set(re.findall(r"[a-z0-9_]+", doc.read_text()))
        assert "smtp_active_connections" in words and not enterprise_only(words), doc
