"""templates/servicemonitor.yaml: scrapes exactly the base Service, with basic auth from a Secret."""
from __future__ import annotations

import pytest

from chartkit.rendering.notes import render_notes
from chartkit.rendering.render import find, render, render_error
from stalwart_charts.base.scenarios import BASE
from stalwart_charts.server.metrics import METRICS_PATH

API = ("monitoring.coreos.com/v1/ServiceMonitor",)
ON = {"serviceMonitor": {"enabled": True}}


def monitor(rp, *overrides: dict) -> dict:
    return find(rp(ON, *overrides, api_versions=API), "ServiceMonitor")


def endpoint(rp, *overrides: dict) -> dict:
    (only,) = monitor(rp, *overrides)["spec"]["endpoints"]
    return only


# (platform's base.* values, the base release's name and values): the same release seen from both charts
RELEASES = [
    ({}, "stalwart", {}),
    ({"base": {"release": "mx"}}, "mx", {}),
    ({"base": {"release": "mx", "fullnameOverride": "mail-server"}}, "mx", {"fullnameOverride": "mail-server"}),
    ({"base": {"release": "mx", "nameOverride": "mailer"}}, "mx", {"nameOverride": "mailer"}),
]


@pytest.mark.parametrize(("platform", "release", "base"), RELEASES, ids=["default", "release", "fullname", "name"])
def test_selects_exactly_the_base_service_and_its_http_port(helm: str, platform, release, base) -> None:
    service = find(render({**BASE, **base}, helm=helm, release=release), "Service")
    spec = find(render({**ON, **platform}, helm=helm, chart="platform", api_versions=API), "ServiceMonitor")["spec"]
    assert spec["selector"] == {"matchLabels": service["spec"]["selector"]}
    assert spec["namespaceSelector"] == {"matchNames": [service["metadata"]["namespace"]]}
    (ep,) = spec["endpoints"]
    assert ep["port"] in {p["name"] for p in service["spec"]["ports"]} and ep["port"] == "http"
    assert (ep["path"], ep["scheme"]) == (METRICS_PATH, "http")
    # the credentials default to the Secret named like the base release's objects
    assert ep["basicAuth"]["password"]["name"] == service["metadata"]["name"]


def test_basic_auth_reads_the_metrics_keys_of_the_secret(rp) -> None:
    auth = endpoint(rp)["basicAuth"]
    assert auth == {"username": {"name": "stalwart", "key": "STALWART_METRICS_USERNAME"},
                    "password": {"name": "stalwart", "key": "STALWART_METRICS_PASSWORD"}}
    custom = endpoint(rp, {"serviceMonitor": {"basicAuth": {
        "secretName": "scrape", "usernameKey": "user", "passwordKey": "pass"}}})["basicAuth"]
    assert custom == {"username": {"name": "scrape", "key": "user"}, "password": {"name": "scrape", "key": "pass"}}
    assert "basicAuth" not in endpoint(rp, {"serviceMonitor": {"basicAuth": {"enabled": False}}})


def test_interval_timeout_and_relabelings(rp) -> None:
    assert endpoint(rp)["interval"] == "30s" and "scrapeTimeout" not in endpoint(rp)
    relabel = [{"action": "replace", "sourceLabels": ["__meta_kubernetes_pod_node_name"], "targetLabel": "node"}]
    drop = [{"action": "drop", "sourceLabels": ["__name__"], "regex": "dkim_.*"}]
    ep = endpoint(rp, {"serviceMonitor": {"interval": "1m", "scrapeTimeout": "45s", "relabelings": relabel,
                                          "metricRelabelings": drop}})
    assert (ep["interval"], ep["scrapeTimeout"]) == ("1m", "45s")
    assert (ep["relabelings"], ep["metricRelabelings"]) == (relabel, drop)
    assert "interval" not in endpoint(rp, {"serviceMonitor": {"interval": ""}})


def test_extra_labels_win_over_common_labels(rp) -> None:
    labels = monitor(rp, {"commonLabels": {"release": "old", "team": "mail"},
                          "serviceMonitor": {"labels": {"release": "kube-prometheus-stack"}}})["metadata"]["labels"]
    assert (labels["release"], labels["team"]) == ("kube-prometheus-stack", "mail")
    assert labels["app.kubernetes.io/instance"] == "stalwart"


@pytest.mark.parametrize("bad", [{"interval": "30 seconds"}, {"scrapeTimeout": "1.5s"},
                                 {"basicAuth": {"passwordKey": "has space"}}, {"basicAuth": {"secretName": "Bad"}}])
def test_schema_refuses_malformed_scrape_settings(helm: str, bad: dict) -> None:
    error = render_error({"serviceMonitor": bad}, helm=helm, chart="platform")
    # Types are the schema's; forms are worded by templates/_formats.tpl.
    assert "serviceMonitor" in error and ("values don't meet the specifications of the schema" in error
                                          or " is not " in error), error


def test_notes_name_the_secret_keys_and_stalwarts_own_switch(helm: str) -> None:
    text = render_notes({**ON, "skipApiCheck": True}, helm, chart="platform")
    assert "ServiceMonitor stalwart: Prometheus scrapes Service stalwart, port http, /metrics/prometheus." in text
    assert "Secret stalwart, keys STALWART_METRICS_USERNAME and STALWART_METRICS_PASSWORD" in text
    assert "authSecret = EnvironmentVariable STALWART_METRICS_PASSWORD" in text
    assert "set serviceMonitor.labels" in text
    quiet = render_notes({**ON, "skipApiCheck": True, "serviceMonitor": {"enabled": True, "labels": {"a": "b"}}},
                         helm, chart="platform")
    assert "set serviceMonitor.labels" not in quiet


def test_credentials_follow_the_platforms_secret(rp) -> None:
    """An empty basicAuth.secretName is the Secret the platform produces (secret.name), not a name of its own."""
    auth = endpoint(rp, {"secret": {"name": "mail-env"}})["basicAuth"]
    assert {auth["username"]["name"], auth["password"]["name"]} == {"mail-env"}
