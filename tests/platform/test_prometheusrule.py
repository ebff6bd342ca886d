"""templates/prometheusrule.yaml: Stalwart's alerts, checked and unit-tested with promtool."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from chartkit.reference import ReferenceMissing
from chartkit.rendering.notes import render_notes
from chartkit.rendering.render import find, render, render_error
from chartkit.validation.promtool import check_rules, test_rules
from stalwart_charts.server.alerts import ALERTS, new_or_increase
from stalwart_charts.server.metrics import (
    BAN_COUNTERS,
    STALWART_GAUGES,
    STORE_ERROR_COUNTERS,
    alert_metrics,
    counter_function_metrics,
    metric_names,
    prometheus_name,
    stalwart_metric_types,
)
from stalwart_charts.server.observability import GENERATED

API = ("monitoring.coreos.com/v1/PrometheusRule",)
ON = {"prometheusRule": {"enabled": True}}
LICENSED = {"monitoring": {"stalwartEnterprise": True}}
COMMUNITY = [a.name for a in ALERTS if not a.enterprise]
UNIT_TESTS = Path(__file__).with_name("alert_tests.yaml")


def groups(rp, *overrides: dict, **kwargs: Any) -> list[dict[str, Any]]:
    return find(rp(ON, *overrides, api_versions=API, **kwargs), "PrometheusRule")["spec"]["groups"]


def rules(rp, *overrides: dict, **kwargs: Any) -> dict[str, dict[str, Any]]:
    return {r["alert"]: r for g in groups(rp, *overrides, **kwargs) for r in g["rules"]}


def unit_tests() -> dict[str, Any]:
    return yaml.safe_load(UNIT_TESTS.read_text())


def default_groups(helm: str = "helm4", enterprise: bool = False) -> list[dict[str, Any]]:
    objs = render({**ON, "skipApiCheck": True, **(LICENSED if enterprise else {})}, helm=helm, chart="platform")
    return find(objs, "PrometheusRule")["spec"]["groups"]


def cases_for(names: set[str]) -> dict[str, Any]:
    """The unit tests whose every case is about one of `names`."""
    tests = unit_tests()
    return {**tests, "tests": [t for t in tests["tests"] if {c["alertname"] for c in t["alert_rule_test"]} <= names]}


def test_every_alert_has_for_severity_and_says_what_to_check(rp) -> None:
    assert list(rules(rp)) == COMMUNITY  # by default, only what the community edition can fire
    rendered = rules(rp, LICENSED)
    assert list(rendered) == [a.name for a in ALERTS]
    for name, rule in rendered.items():
        assert rule["for"] and rule["labels"]["severity"] in {"critical", "warning", "info"}, name
        assert rule["annotations"]["summary"], name
        assert "Check " in rule["annotations"]["description"], name


def test_promtool_check_rules_accepts_the_rendered_groups(rp) -> None:
    result = check_rules(groups(rp))
    assert result.ok and f"SUCCESS: {len(COMMUNITY)} rules found" in result.output, result.output
    result = check_rules(groups(rp, LICENSED))
    assert result.ok and f"SUCCESS: {len(ALERTS)} rules found" in result.output, result.output


def test_alerts_fire_and_stay_quiet_as_the_unit_tests_say() -> None:
    community = cases_for(set(COMMUNITY))
    assert len(community["tests"]) < len(unit_tests()["tests"])  # the enterprise cases need the licence value
    result = test_rules(default_groups(), community)
    assert result.ok, result.output
    result = test_rules(default_groups(enterprise=True), unit_tests())
    assert result.ok, result.output


def test_the_community_queue_alert_needs_the_completions_subtracted() -> None:
    """Without `delivery_completed`, a busy queue that drains as fast as it fills would alert."""
    broken = copy.deepcopy(default_groups())
    for rule in broken[0]["rules"]:
        if rule["alert"] == "StalwartQueueGrowing":
            rule["expr"] = rule["expr"].split("\n-\n", 1)[0] + "\n) > 100"
    draining = cases_for({"StalwartQueueGrowing"})
    draining["tests"] = [t for t in draining["tests"] if "drains as fast" in t["name"]]
    assert draining["tests"] and test_rules(default_groups(), draining).ok
    result = test_rules(broken, draining)
    assert not result.ok and "alertname: StalwartQueueGrowing" in result.output, result.output


def test_both_helms_render_the_same_rules() -> None:
    assert default_groups("helm3", enterprise=True) == default_groups("helm4", enterprise=True)


def test_every_alert_has_a_firing_and_a_quiet_case() -> None:
    cases = [case for group in unit_tests()["tests"] for case in group["alert_rule_test"]]
    assert {c["alertname"] for c in cases} == {a.name for a in ALERTS}
    for alert in ALERTS:
        outcomes = {bool(c["exp_alerts"]) for c in cases if c["alertname"] == alert.name}
        assert outcomes == {True, False}, f"{alert.name}: needs a case where it fires and one where it does not"


def test_the_unit_tests_catch_a_wrong_threshold() -> None:
    objs = render({**ON, "skipApiCheck": True, "prometheusRule": {"enabled": True, "thresholds": {
        "authFailuresPerMinute": 1000, "certificateExpiryDays": 5}}}, chart="platform")
    tests = unit_tests()
    wrong = [t for t in tests["tests"] if {c["alertname"] for c in t["alert_rule_test"]} & {
        "StalwartAuthFailuresHigh", "StalwartCertificateExpiring"}]
    result = test_rules(find(objs, "PrometheusRule")["spec"]["groups"], {**tests, "tests": wrong})
    assert not result.ok
    assert "alertname: StalwartAuthFailuresHigh" in result.output
    assert "alertname: StalwartCertificateExpiring" in result.output


def test_a_plain_increase_would_miss_the_first_store_error() -> None:
    """Counters appear only once non-zero: without new_or_increase, the error that creates the series is lost."""
    broken = copy.deepcopy(default_groups())
    selector = 'store_postgresql_error{namespace="mail", job="stalwart"}'
    for rule in broken[0]["rules"]:
        if rule["alert"] == "StalwartStoreErrors":
            rule["expr"] = f"sum by (namespace, job) (increase({selector}[10m])) > 0"
    first_error = {**unit_tests(), "tests": [t for t in unit_tests()["tests"] if "first store error" in t["name"]]}
    assert test_rules(default_groups(), first_error).ok
    result = test_rules(broken, first_error)
    assert not result.ok and "alertname: StalwartStoreErrors, time: 16m" in result.output, result.output


def test_expressions_name_only_metrics_their_exporters_export() -> None:
    try:
        known = alert_metrics()
    except ReferenceMissing as exc:
        pytest.skip(str(exc))
    for group in default_groups(enterprise=True):
        for rule in group["rules"]:
            assert metric_names(rule["expr"]) <= known, (rule["alert"], metric_names(rule["expr"]) - known)
            assert not counter_function_metrics(rule["expr"]) & STALWART_GAUGES, rule["alert"]


def test_the_target_follows_the_base_release_and_namespace(rp) -> None:
    rendered = rules(rp, {"base": {"release": "mx"}}, namespace="smtp")
    assert 'up{namespace="smtp", job="mx-stalwart"} == 0' == rendered["StalwartTargetDown"]["expr"]
    exprs = "\n".join(r["expr"] for r in rendered.values())
    assert 'job="stalwart"' not in exprs and 'namespace="mail"' not in exprs
    assert 'exported_namespace="smtp"' in rendered["StalwartCertificateExpiring"]["expr"]
    override = rules(rp, {"base": {"release": "mx", "fullnameOverride": "mail-server"}})
    assert 'job="mail-server"' in override["StalwartStoreErrors"]["expr"]


def test_thresholds_reach_their_alerts(rp) -> None:
    thresholds = {"authFailuresPerMinute": 12.5, "bansPer15Minutes": 7, "deliveryFailureRatio": 0.4,
                  "deliveryFailureMinimum": 3, "queueGrowthPerHour": 40, "queueSize": 250,
                  "certificateExpiryDays": 21}
    rendered = rules(rp, {"prometheusRule": {"thresholds": thresholds}}, LICENSED)
    assert rendered["StalwartAuthFailuresHigh"]["expr"].endswith("/ 5 > 12.5")
    assert "threshold 12.5" in rendered["StalwartAuthFailuresHigh"]["annotations"]["description"]
    assert rendered["StalwartBansSpiking"]["expr"].endswith(") > 7")
    assert ") > 0.4\nand" in rendered["StalwartDeliveryFailing"]["expr"]
    assert rendered["StalwartDeliveryFailing"]["expr"].endswith(">= 3")
    assert rendered["StalwartQueueGrowing"]["expr"].endswith(") > 40")
    assert "> 250\nand" in rendered["StalwartQueueLarge"]["expr"]
    assert rendered["StalwartCertificateExpiring"]["expr"].endswith("< 21 * 86400")


def test_additional_alert_labels_and_rule_labels(rp) -> None:
    rendered = rules(rp, {"prometheusRule": {"additionalAlertLabels": {"team": "mail"}}})
    assert all(r["labels"]["team"] == "mail" for r in rendered.values())
    assert rendered["StalwartTargetDown"]["labels"]["severity"] == "critical"
    obj = find(rp(ON, {"prometheusRule": {"labels": {"release": "kps"}}}, api_versions=API), "PrometheusRule")
    assert obj["metadata"]["labels"]["release"] == "kps"


@pytest.mark.parametrize("bad", [{"deliveryFailureRatio": 1}, {"queueSize": -1}, {"queueGrowthPerHour": -1},
                                 {"certificateExpiryDays": 0},
                                 {"authFailuresPerMinute": "30"}, {"bansPer15Minutes": 1.5}])
def test_schema_refuses_impossible_thresholds(helm: str, bad: dict) -> None:
    error = render_error({"prometheusRule": {"thresholds": bad}}, helm=helm, chart="platform")
    assert f"/prometheusRule/thresholds/{next(iter(bad))}" in error, error


def test_rules_file_is_generated_from_chartkit_alerts() -> None:
    path, text = next((p, t) for p, t in GENERATED.items() if p.name == "prometheus-rules.yaml")
    assert path.read_text() == text(), "run `make docs`"


def test_counter_lists_are_every_store_error_and_ban_the_schema_has() -> None:
    try:
        types = stalwart_metric_types()
    except ReferenceMissing as exc:
        pytest.skip(str(exc))
    store = {prometheus_name(t) for t in types
             if t.startswith("store.") and (t.endswith("-error") or t == "store.data-corruption")}
    bans = {prometheus_name(t) for t in types if t.startswith("security.") and t.endswith("-ban")}
    assert set(STORE_ERROR_COUNTERS) == store and set(BAN_COUNTERS) == bans


def test_new_or_increase_counts_a_young_series_whole() -> None:
    expr = new_or_increase("auth_failed", "5m")
    assert expr.startswith("(auth_failed{{ $selector }} unless auth_failed{{ $selector }} offset 5m) or increase(")


def test_notes_say_which_release_the_alerts_watch(helm: str) -> None:
    text = render_notes({**ON, "skipApiCheck": True}, helm, chart="platform")
    assert 'PrometheusRule stalwart: alerts on target down or missing' in text
    assert 'for job "stalwart" in namespace mail' in text and "set prometheusRule.labels" in text
