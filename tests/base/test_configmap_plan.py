"""templates/_plan.tpl, templates/configmap-plan.yaml: the NDJSON plan the Job applies."""
from __future__ import annotations

import json

from chartkit.rendering.render import find, kinds
from stalwart_charts.base.scenarios import DECLARATIVE
from stalwart_charts.server.rendered import plan_lines

OWN = [{"@type": "update", "object": "SystemSettings", "value": {"maxConnections": 4096}},
       {"@type": "destroy", "object": "Domain", "value": {"name": "old.example.com"}}]


def test_plan_is_compact_ndjson(r) -> None:
    objs = r(DECLARATIVE, base=False)
    cm = find(objs, "ConfigMap", "stalwart-bootstrap")
    assert list(cm["data"]) == ["plan.ndjson"] and cm["data"]["plan.ndjson"].endswith("}\n")
    for line in plan_lines(objs):
        op = json.loads(line)
        assert line == json.dumps(op, sort_keys=True, separators=(",", ":"))


def test_shortcuts_then_own_operations_then_reload(r) -> None:
    lines = plan_lines(r(DECLARATIVE, {"bootstrap": {"plan": OWN}}, base=False))
    objects = [json.loads(line)["object"] for line in lines]
    assert objects == ["Domain", "SystemSettings", "NetworkListener", "Tracer", "Tracer", "Metrics", "Security", "Http",
                       "SystemSettings", "Domain", "Action"]
    assert [json.loads(line) for line in lines[-3:-1]] == OWN
    assert json.loads(lines[-1]) == {"@type": "create", "object": "Action",
                                     "value": {"reload-settings": {"@type": "ReloadSettings"}}}


def test_plan_holds_no_secret_values(r) -> None:
    text = find(r(DECLARATIVE, base=False), "ConfigMap")["data"]["plan.ndjson"]
    assert '"secret"' not in text and "EnvironmentVariable" in text


def test_no_plan_without_the_job(r) -> None:
    assert "ConfigMap/stalwart-bootstrap" not in kinds(r(DECLARATIVE, {"bootstrap": {"enabled": False}}, base=False))
    assert "ConfigMap/stalwart-bootstrap" not in kinds(r())
