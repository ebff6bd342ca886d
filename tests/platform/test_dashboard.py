"""templates/dashboard-configmap.yaml: the Grafana dashboard, its queries and its sidecar labels."""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import pytest

from chartkit.reference import ReferenceMissing
from chartkit.rendering.notes import render_notes
from chartkit.rendering.render import find, kinds, render, render_error
from chartkit.validation.promtool import check_queries
from stalwart_charts.base.scenarios import BASE
from stalwart_charts.server.alerts import QUEUE_IN_COUNTERS
from stalwart_charts.server.dashboard import ENTERPRISE_ROWS, ROWS, queries
from stalwart_charts.server.metrics import (
    STALWART_GAUGES,
    STORE_ERROR_COUNTERS,
    counter_function_metrics,
    dashboard_metrics,
    metric_names,
)
from stalwart_charts.server.observability import GENERATED

ON = {"dashboard": {"enabled": True}}
LICENSED = {"monitoring": {"stalwartEnterprise": True}}  # adds the enterprise-only panels
RATE_INTERVAL = "5m"  # what Grafana would put for $__rate_interval


def configmap(rp, *overrides: dict, **kwargs: Any) -> dict[str, Any]:
    return find(rp(ON, *overrides, **kwargs), "ConfigMap")


def board_of(cm: dict[str, Any]) -> dict[str, Any]:
    (text,) = cm["data"].values()
    return json.loads(text)


def constants(board: dict[str, Any]) -> dict[str, str]:
    return {v["name"]: v["query"] for v in board["templating"]["list"] if v["type"] == "constant"}


def expanded(board: dict[str, Any]) -> list[tuple[str, str]]:
    """Every query with the dashboard's variables filled in, as Grafana sends it."""
    values = {**constants(board), "__rate_interval": RATE_INTERVAL}
    out = []
    for title, expr in queries(board):
        for name in sorted(values, key=len, reverse=True):
            expr = expr.replace(f"${name}", values[name])
        assert "$" not in expr, (title, expr)
        out.append((title, expr))
    return out


@pytest.fixture(scope="module")
def board() -> dict[str, Any]:
    return board_of(find(render(ON, chart="platform"), "ConfigMap"))


@pytest.fixture(scope="module")
def licensed() -> dict[str, Any]:
    """The dashboard with the enterprise-only panels: every panel there is."""
    return board_of(find(render({**ON, **LICENSED}, chart="platform"), "ConfigMap"))


def test_configmap_carries_the_sidecar_label_and_one_dashboard(rp) -> None:
    cm = configmap(rp)
    assert cm["metadata"]["name"] == "stalwart-dashboard"
    assert cm["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert "annotations" not in cm["metadata"]
    assert list(cm["data"]) == ["mail-stalwart.json"]
    custom = configmap(rp, {"dashboard": {"label": "example.com/dashboard", "labelValue": "mail",
                                          "folder": "Mail servers", "folderAnnotation": "grafana_folder"}})
    assert custom["metadata"]["labels"]["example.com/dashboard"] == "mail"
    assert "grafana_dashboard" not in custom["metadata"]["labels"]
    assert custom["metadata"]["annotations"] == {"grafana_folder": "Mail servers"}


def test_each_release_gets_its_own_uid_title_and_constants(rp) -> None:
    default = board_of(configmap(rp))
    other = board_of(configmap(rp, {"base": {"release": "mx"}}, namespace="smtp"))
    assert constants(default) == {"namespace": "mail", "workload": "stalwart"}
    assert constants(other) == {"namespace": "smtp", "workload": "mx-stalwart"}
    assert (default["title"], other["title"]) == ("Stalwart (mail/stalwart)", "Stalwart (smtp/mx-stalwart)")
    assert default["uid"] != other["uid"] and len(other["uid"]) <= 40
    # Grafana keys a dashboard by uid: the derivation stays fixed across chart
    # versions, or an upgrade would leave the old dashboard beside a new one.
    assert other["uid"] == "stalwart-" + hashlib.sha256(b"smtp/mx-stalwart").hexdigest()[:16]
    for variable in other["templating"]["list"]:
        if variable["type"] == "constant":
            assert variable["current"] == {"text": variable["query"], "value": variable["query"]}


def test_every_query_parses_as_promql(licensed) -> None:
    result = check_queries([expr for _, expr in expanded(licensed)])
    assert result.ok, result.output


def test_queries_name_only_metrics_their_exporters_export(licensed) -> None:
    try:
        known = dashboard_metrics()
    except ReferenceMissing as exc:
        pytest.skip(str(exc))
    for title, expr in expanded(licensed):
        names = metric_names(expr)
        assert names and names <= known, (title, names - known)
        assert not counter_function_metrics(expr) & STALWART_GAUGES, (title, expr)


def test_panels_cover_connections_delivery_auth_store_errors_and_pods(board, licensed) -> None:
    by_title: dict[str, set[str]] = {}
    for title, expr in expanded(licensed):
        by_title.setdefault(title, set()).update(metric_names(expr))
    assert "Queue size" not in {title for title, _ in queries(board)}  # queue_count: licensed servers only
    assert by_title["Queue growth"] == set(QUEUE_IN_COUNTERS) | {"delivery_completed"}
    assert {f"{p}_active_connections" for p in ("smtp", "imap", "pop3", "http", "sieve")} <= \
        by_title["Active connections per protocol"]
    assert by_title["Queue size"] == {"queue_count"}
    assert {"delivery_delivered", "delivery_dsn_perm_fail"} <= by_title["Delivery outcomes"]
    assert {"auth_success", "auth_failed"} <= by_title["Authentication"]
    assert by_title["Store errors"] == set(STORE_ERROR_COUNTERS)
    assert "container_cpu_usage_seconds_total" in by_title["CPU"]
    assert "container_memory_working_set_bytes" in by_title["Memory"]


def test_queries_select_the_release_and_the_stalwart_container(licensed) -> None:
    for title, expr in expanded(licensed):
        assert 'namespace="mail"' in expr, (title, expr)
        if "container_" in expr:
            assert 'container="stalwart"' in expr and 'pod=~"stalwart-[a-z0-9]+-[a-z0-9]+"' in expr
        elif not expr.startswith(("kubelet_", "sum by (state) (cnpg_", "max(cnpg_")):
            assert 'job="stalwart"' in expr, (title, expr)


def test_pod_and_claim_patterns_match_what_the_base_chart_names(board) -> None:
    base = render(BASE)
    deployment = find(base, "Deployment")
    assert deployment["metadata"]["name"] == constants(board)["workload"]
    assert "stalwart" in [c["name"] for c in deployment["spec"]["template"]["spec"]["containers"]]
    pod = re.compile(next(re.search(r'pod=~"([^"]+)"', e)[1] for _, e in expanded(board) if "pod=~" in e))
    assert pod.fullmatch(f"{deployment['metadata']['name']}-6d8f7b9c4d-x2k9q")  # <deployment>-<hash>-<suffix>
    claims = re.compile(next(re.search(r'persistentvolumeclaim=~"([^"]+)"', e)[1] for _, e in expanded(board)
                             if "persistentvolumeclaim=~" in e))
    names = [k.split("/", 1)[1] for k in kinds(base) if k.startswith("PersistentVolumeClaim/")]
    assert names and all(claims.fullmatch(n) for n in names), names


def test_layout_has_unique_ids_and_no_overlapping_panels(board, licensed) -> None:
    assert [p["title"] for p in board["panels"] if p["type"] == "row"] == [r.title for r in ROWS]
    panels = licensed["panels"]
    assert len({p["id"] for p in panels}) == len(panels)
    cells = set()
    for p in panels:
        g = p["gridPos"]
        assert g["x"] + g["w"] <= 24
        area = {(x, y) for x in range(g["x"], g["x"] + g["w"]) for y in range(g["y"], g["y"] + g["h"])}
        assert not area & cells, p["title"]
        cells |= area
    assert [p["title"] for p in panels if p["type"] == "row"] == [r.title for r in ROWS + ENTERPRISE_ROWS]


@pytest.mark.parametrize("name", ["dashboard.json", "dashboard-enterprise.json"])
def test_dashboard_file_is_generated_from_chartkit_dashboard(name: str) -> None:
    path, text = next((p, t) for p, t in GENERATED.items() if p.name == name)
    assert path.read_text() == text(), "run `make docs`"


@pytest.mark.parametrize("bad", [{"labelValue": "not a value"}, {"label": ""}, {"folderAnnotation": "a b"}])
def test_schema_refuses_malformed_sidecar_settings(helm: str, bad: dict) -> None:
    error = render_error({"dashboard": bad}, helm=helm, chart="platform")
    key = next(iter(bad))
    assert f"/dashboard/{key}" in error or f"dashboard.{key}: " in error, error  # the schema's, or a worded form


def test_notes_name_the_configmap_and_the_sidecar(helm: str) -> None:
    text = render_notes(ON, helm, chart="platform")
    assert 'Grafana dashboard "Stalwart (mail/stalwart)": ConfigMap stalwart-dashboard' in text
    assert 'labelled grafana_dashboard="1"' in text
    assert "which must watch namespace mail" in text
