"""stalwart_charts.server.schema: config.json and plan operations checked against
Stalwart's own schema (REFERENCE_DATA). Each wrong input must be reported
with the operation index and the field's path."""
from __future__ import annotations

import json

import pytest

from stalwart_charts.server.schema import validate_config, validate_ndjson, validate_plan

LISTENER = {"name": "submission", "protocol": "smtp", "bind": {"[::]:587": True}, "useTls": True,
            "tlsImplicit": False}
GOOD_PLAN = [
    {"@type": "upsert", "object": "NetworkListener", "matchOn": ["name"], "value": {"submission": LISTENER}},
    {"@type": "update", "object": "Metrics", "value": {"prometheus": {
        "@type": "Enabled", "authUsername": "prometheus",
        "authSecret": {"@type": "EnvironmentVariable", "variableName": "STALWART_METRICS_PASSWORD"}}}},
    {"@type": "update", "object": "x:BlobStore", "value": {
        "@type": "S3", "bucket": "b", "region": {"@type": "Custom", "customEndpoint": "https://s3.local",
                                                 "customRegion": "us-east-1"}, "timeout": 30000}},
    {"@type": "reconcile", "object": "Tracer", "matchOn": "*", "value": {"c": {"@type": "Stdout", "level": "info"}}},
    {"@type": "destroy", "object": "Domain", "value": {"name": "old.example.com"}},
    {"@type": "update", "object": "Domain", "id": "#d", "value": {"description": "x"}},
    {"@type": "update", "object": "SystemSettings", "value": {"proxyTrustedNetworks": {"10.0.0.0/8": True},
                                                              "mailExchangers": {"0": {"priority": 10}}}},
    {"@type": "create", "object": "Action", "value": {"r": {"@type": "ReloadSettings"}}},
]


def test_a_correct_plan_passes(stalwart) -> None:
    assert validate_plan(GOOD_PLAN) == []


@pytest.mark.parametrize("config", [
    {"@type": "RocksDb", "path": "/var/lib/stalwart/db", "cacheSize": 134217728},
    {"@type": "PostgreSql", "host": "pg", "port": 5432, "timeout": 15000,
     "authSecret": {"@type": "File", "filePath": "/run/secrets/pg"}},
    {"@type": "FoundationDb"},
])
def test_valid_data_stores_pass(stalwart, config: dict) -> None:
    assert validate_config(config) == []


def _with(index: int, patch: dict) -> list[dict]:
    plan = json.loads(json.dumps(GOOD_PLAN))
    plan[index]["value"].update(patch)
    return plan


WRONG = [
    ("misspelt field", _with(1, {"prometeus": {"@type": "Disabled"}}),
     "bootstrap.plan[1].value.prometeus: unknown field of x:Metrics (did you mean 'prometheus'?)"),
    ("string duration", _with(2, {"timeout": "30s"}),
     "bootstrap.plan[2].value.timeout: must be a number (integer milliseconds), is str '30s'"),
    ("zero duration", _with(2, {"timeout": 0}), "bootstrap.plan[2].value.timeout: a duration is milliseconds"),
    ("unknown enum value", _with(3, {"c": {"@type": "Stdout", "level": "verbose"}}),
     "bootstrap.plan[3].value.c.level: 'verbose' is not a TracingLevel"),
    ("set as an array", _with(0, {"submission": {**LISTENER, "bind": ["[::]:587"]}}),
     "bootstrap.plan[0].value.submission.bind: a set is written as an object"),
    ("list as an array", _with(6, {"mailExchangers": [{"priority": 10}]}),
     "bootstrap.plan[6].value.mailExchangers: a list is written as an object"),
    ("hostname in a bind", _with(0, {"submission": {**LISTENER, "bind": {"mail:587": True}}}),
     "bootstrap.plan[0].value.submission.bind.mail:587: 'mail:587' needs an IP literal"),
    ("bad CIDR", _with(6, {"proxyTrustedNetworks": {"10.0.0.0/33": True}}),
     "bootstrap.plan[6].value.proxyTrustedNetworks.10.0.0.0/33: '10.0.0.0/33' is not an IP address or CIDR"),
    ("unknown variant", _with(2, {"@type": "S4"}), "bootstrap.plan[2].value.@type: 'S4' is not a variant of"),
    ("missing variant", _with(3, {"c": {"level": "info"}}), "bootstrap.plan[3].value.c.@type: missing"),
    ("plaintext secret", _with(1, {"prometheus": {"@type": "Enabled", "authSecret": {
        "@type": "Value", "secret": "x"}}}),
     "bootstrap.plan[1].value.prometheus.authSecret.secret: is a plaintext secret"),
    ("number out of range", _with(2, {"maxRetries": 11}),
     "bootstrap.plan[2].value.maxRetries: 11 is above the maximum"),
    ("malformed URI", [{"@type": "update", "object": "InMemoryStore", "value": {"@type": "Redis",
                                                                              "url": "redis://[oops"}}],
     "bootstrap.plan[0].value.url: 'redis://[oops' is not a URI"),
    ("matchOn field not in body", [{**GOOD_PLAN[0], "matchOn": ["bind", "port"]}],
     "bootstrap.plan[0].matchOn: 'port' is not in the body of 'submission'"),
]


@pytest.mark.parametrize("plan,expected", [w[1:] for w in WRONG], ids=[w[0] for w in WRONG])
def test_wrong_plans_name_the_operation_and_field(stalwart, plan: list, expected: str) -> None:
    problems = validate_plan(plan)
    assert any(p.startswith(expected) for p in problems), problems


OPERATION_SHAPES = [
    ("create on a singleton", {"@type": "create", "object": "Metrics", "value": {"m": {}}},
     "bootstrap.plan[0].@type: x:Metrics is a singleton; only update applies"),
    ("destroy of a singleton", {"@type": "destroy", "object": "BlobStore"}, "cannot be destroyed"),
    ("update of a collection without id", {"@type": "update", "object": "Domain", "value": {}},
     "bootstrap.plan[0].id: updating a x:Domain needs the id"),
    ("id on a singleton", {"@type": "update", "object": "Http", "id": "x", "value": {}},
     "bootstrap.plan[0].id: x:Http is a singleton"),
    ("unknown object", {"@type": "update", "object": "NetworkListner", "value": {}},
     "bootstrap.plan[0].object: 'NetworkListner' is not a Stalwart object (did you mean 'NetworkListener'?)"),
    ("unknown operation", {"@type": "insert", "object": "Domain"}, "bootstrap.plan[0].@type: 'insert' is not one of"),
    ("stray key", {"@type": "create", "object": "Domain", "matchOn": ["name"], "value": {"d": {"name": "x"}}},
     "bootstrap.plan[0].matchOn: a create operation takes no 'matchOn'"),
    ("empty create", {"@type": "create", "object": "Domain", "value": {}},
     "bootstrap.plan[0].value: a create maps client ids"),
    ("upsert without a key", {"@type": "upsert", "object": "Tracer", "value": {"t": {"@type": "Stdout"}}},
     "bootstrap.plan[0].matchOn: x:Tracer has no label property"),
]


@pytest.mark.parametrize("op,expected", [s[1:] for s in OPERATION_SHAPES], ids=[s[0] for s in OPERATION_SHAPES])
def test_operation_shapes(stalwart, op: dict, expected: str) -> None:
    problems = validate_plan([op])
    assert any(expected in p for p in problems), problems


def test_config_errors_are_named_by_path(stalwart) -> None:
    assert validate_config({"@type": "RocksDb", "path": "/var/lib/stalwart", "cacheSize": "128MB"}) == [
        "config.json.cacheSize: must be a number (integer bytes), is str '128MB'"]
    assert validate_config({"@type": "Redis"})[0].startswith("config.json.@type: 'Redis' is not a variant")
    assert validate_config({"@type": "PostgreSql", "authSecret": {"@type": "Value", "secret": "pw"}}) == [
        "config.json.authSecret.@type: 'Value' stores the secret in plain text; use EnvironmentVariable or File",
        "config.json.authSecret.secret: is a plaintext secret (format secret); keep it out of values"]


def test_ndjson_lines_are_numbered(stalwart) -> None:
    text = "\n".join(json.dumps(op) for op in GOOD_PLAN[:2]) + "\nnot json\n\n" + json.dumps(
        {"@type": "update", "object": "Http", "value": {"useXForwarded": "yes"}})
    assert validate_ndjson(text) == ["plan.ndjson:3: not JSON (Expecting value)",
                                     "plan.ndjson:5.value.useXForwarded: must be true or false, is 'yes'"]
