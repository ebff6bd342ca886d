"""chartkit.validation.promtool: the pinned promtool really checks and really tests."""
from __future__ import annotations

import re

from chartkit.charts import ROOT
from chartkit.validation.promtool import PROMTOOL_VERSION, check_queries, check_rules, promtool_path, test_rules

GROUP = [{"name": "g", "rules": [{"alert": "Down", "expr": "up == 0", "for": "1m", "labels": {"severity": "info"}}]}]
SERIES = {"evaluation_interval": "1m", "tests": [{"interval": "1m",
                                                  "input_series": [{"series": 'up{job="a"}', "values": "0x5"}],
                                                  "alert_rule_test": [{"eval_time": "3m", "alertname": "Down",
                                                                       "exp_alerts": []}]}]}


def test_the_makefile_pins_the_version_the_wrapper_accepts() -> None:
    pinned = re.search(r"^PROMETHEUS_DEB := (\S+)$", (ROOT / "Makefile").read_text(), re.M)
    assert pinned and pinned.group(1).startswith(f"{PROMTOOL_VERSION}+")
    assert promtool_path().endswith("promtool")


def test_check_rules_refuses_a_broken_expression() -> None:
    assert check_rules(GROUP).ok
    result = check_rules([{"name": "g", "rules": [{"alert": "X", "expr": "sum(up"}]}])
    assert not result.ok and "could not parse expression" in result.output


def test_check_queries_parses_each_query() -> None:
    assert check_queries(["sum(rate(a[5m]))", "b"]).ok
    assert not check_queries(["sum(rate(a[5m]))", "rate(b)"]).ok


def test_unit_tests_fail_when_the_expectation_is_wrong() -> None:
    result = test_rules(GROUP, SERIES)
    assert not result.ok and "alertname: Down" in result.output
    fixed = {**SERIES, "tests": [{**SERIES["tests"][0], "alert_rule_test": [
        {"eval_time": "3m", "alertname": "Down", "exp_alerts": [{"exp_labels": {"job": "a", "severity": "info"}}]}]}]}
    assert test_rules(GROUP, fixed).ok
