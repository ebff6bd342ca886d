"""stalwart_charts.server.metrics: the allow-list of metric names and how names are read from PromQL."""
from __future__ import annotations

import pytest

from chartkit.reference import ReferenceMissing
from stalwart_charts.server.metrics import (
    CADVISOR_KUBELET_NAMES,
    UnnamedSelector,
    counter_function_metrics,
    dashboard_metrics,
    metric_names,
    prometheus_name,
    stalwart_metrics,
)

# The names the runtime facts list as seen on a live endpoint of every edition
# (queue_count only on a licensed server: tests/platform/test_enterprise_metrics.py).
SEEN_LIVE = {"smtp_active_connections", "imap_active_connections", "pop3_active_connections",
             "http_active_connections", "sieve_active_connections", "delivery_active_connections"}


@pytest.fixture(scope="module")
def stalwart() -> frozenset[str]:
    try:
        return stalwart_metrics()
    except ReferenceMissing as exc:
        pytest.skip(str(exc))


def test_names_follow_the_exporter_and_match_the_live_ones(stalwart) -> None:
    assert prometheus_name("security.authentication-ban") == "security_authentication_ban"
    assert prometheus_name("auth.failed") == "auth_failed"
    assert SEEN_LIVE <= stalwart
    assert len(stalwart) == 369 and not any(n.startswith("stalwart_") or n.endswith("_total") for n in stalwart)


def test_other_exporters_are_listed_explicitly(stalwart) -> None:
    allowed = dashboard_metrics()
    assert "certmanager_certificate_expiration_timestamp_seconds" in allowed
    assert CADVISOR_KUBELET_NAMES <= allowed and "up" not in allowed
    assert "kube_pod_container_resource_limits" not in allowed  # kube-state-metrics is not on the list


def test_metric_names_reads_every_selector() -> None:
    expr = 'sum(rate(a{x="1"}[5m])) / on() b offset 5m or label_replace(absent(c), "l", "v", "", "")'
    assert metric_names(expr) == {"a", "b", "c"}
    assert metric_names('{__name__="d", x="1"}') == {"d"}
    assert metric_names("vector(1) + time()") == set()


def test_a_selector_without_a_literal_name_cannot_be_checked() -> None:
    with pytest.raises(UnnamedSelector):
        metric_names('{__name__=~"store_.*"}')


def test_invalid_promql_is_refused() -> None:
    with pytest.raises(ValueError):
        metric_names("sum(rate(a[5m])")


def test_counter_functions_are_found_with_their_metrics() -> None:
    expr = "sum(rate(a[5m])) + increase(b[1h]) - delta(c[5m]) + d"
    assert counter_function_metrics(expr) == {"a", "b"}
