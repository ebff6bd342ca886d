"""helm/base/values.schema.json: typos and out-of-range values are refused with their path."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from chartkit.rendering.matrix import Renderer
from chartkit.values.formats import effective_schema
from stalwart_charts.charts import default_values

SCHEMA = effective_schema("base")  # values.schema.json with each value's form (chartkit.values.formats)
VALUES = default_values()
# The checks every chart shares (draft-07, values.yaml valid and documented,
# closed objects) are in tests/test_charts.py.


TYPOS_AND_RANGES = [
    ({"replicas": 2}, "replicas"),
    ({"service": {"tpye": "NodePort"}}, "tpye"),
    ({"persistence": {"data": {"sise": "1Gi"}}}, "sise"),
    ({"gateway": {"hostname": "mail.example.com"}}, "hostname"),
    ({"replicaCount": -1}, "/replicaCount"),
    ({"service": {"ports": {"http": 70000}}}, "/service/ports/http"),
    ({"service": {"ports": {"smtp": 0}}}, "/service/ports/smtp"),
    ({"service": {"type": "NodePort", "nodePorts": {"smtp": 25}}}, "/service/nodePorts/smtp"),
    ({"service": {"type": "ExternalName"}}, "/service/type"),
    ({"service": {"externalTrafficPolicy": "local"}}, "/service/externalTrafficPolicy"),
    ({"image": {"pullPolicy": "always"}}, "/image/pullPolicy"),
    ({"persistence": {"data": {"accessMode": "RWX"}}}, "/persistence/data/accessMode"),
    ({"autoscaling": {"maxReplicas": 0}}, "/autoscaling/maxReplicas"),
    ({"serviceAccount": {"automount": "no"}}, "/serviceAccount/automount"),
    ({"env": {"STALWART_HOSTNAME": "x"}}, "/env"),
    ({"service": {"ipFamilyPolicy": "DualStack"}}, "/service/ipFamilyPolicy"),
    ({"service": {"ipFamilies": ["IPv4", "IPv4"]}}, "/service/ipFamilies"),
    ({"externalService": {"type": "ClusterIP"}}, "/externalService/type"),
    ({"externalService": {"ports": []}}, "/externalService/ports"),
    ({"externalService": {"ipFamilies": ["ipv6"]}}, "/externalService/ipFamilies/0"),
    ({"dnsPolicy": "ClusterFirstWithHostNetwork"}, "/dnsPolicy"),
    ({"hostAliases": [{"ip": "192.0.2.1"}]}, "/hostAliases/0"),
    ({"lifecycle": {"preStop": {"sleep": {"seconds": 0}}}}, "/lifecycle/preStop/sleep/seconds"),
    ({"lifecycle": {"preStart": {}}}, "preStart"),
    ({"extraObjects": [42]}, "/extraObjects/0"),
    ({"restrictedPodSecurity": "no"}, "/restrictedPodSecurity"),
]
# Forms the chart checks in words (chartkit.values.formats), not the schema.
FORM_MISTAKES = [
    ({"image": {"digest": "sha256:abc"}}, "image.digest"),
    ({"persistence": {"data": {"size": "20 GB"}}}, "persistence.data.size"),
    ({"podDisruptionBudget": {"minAvailable": "150%"}}, "podDisruptionBudget.minAvailable"),
    ({"externalService": {"ports": ["SMTP"]}}, "externalService.ports[0]"),
    ({"bootstrap": {"blobStore": {"s3": {"endpoint": "https://F0f$[)"}}}}, "bootstrap.blobStore.s3.endpoint"),
    ({"resources": {"limits": {"memory": "1gb"}}}, "resources.limits.memory"),
    ({"resources": {"requests": {"cpu": "-1"}}}, "resources.requests.cpu"),
    ({"tests": {"resources": {"requests": {"memory": "32 Mi"}}}}, "tests.resources.requests.memory"),
    ({"tmpSizeLimit": "1GB"}, "tmpSizeLimit"),
    ({"dnsConfig": {"nameservers": ["dns.example.com"]}}, "dnsConfig.nameservers[0]"),
    ({"runtimeClassName": "gVisor"}, "runtimeClassName"),
    ({"commonLabels": {"team": "mail ops"}}, "commonLabels.team"),
    ({"persistence": {"config": {"size": "1 Gi"}}}, "persistence.config.size"),
]


@pytest.mark.parametrize("overlay,path", TYPOS_AND_RANGES, ids=[p for _, p in TYPOS_AND_RANGES])
def test_helm_rejects_with_the_value_path(helm: str, overlay: dict, path: str) -> None:
    # Schema validation does not depend on the Kubernetes version: each helm once.
    message = Renderer(helm, "1.37").error(overlay)
    assert "values don't meet the specifications of the schema" in message
    assert path in message, message


@pytest.mark.parametrize("overlay,path", FORM_MISTAKES, ids=[p for _, p in FORM_MISTAKES])
def test_chart_refuses_the_form_in_words(helm: str, overlay: dict, path: str) -> None:
    message = Renderer(helm, "1.37").error(overlay)
    assert f"{path}: " in message and " is not " in message and ", e.g. " in message, message


@pytest.mark.parametrize("hostname", ["mail.example.com", "*.example.com", "a", "xn--bcher-kva.example"])
def test_valid_hostnames_pass(r, hostname: str) -> None:
    """The schema leaves the form to the worded guard (guards_operator: hostname-*)."""
    schema = SCHEMA["properties"]["gateway"]["properties"]["hostnames"]
    jsonschema.validate([hostname], schema)
    assert r({"gateway": {"hostnames": ["mail.example.com", *{hostname} - {"mail.example.com"}]}})


@pytest.mark.parametrize("name,ok", [("smtp", True), ("pop3s", True), ("my-lmtp", True), ("a--b", False),
                                     ("-smtp", False), ("smtp-", False), ("9smtp", False),
                                     ("averyveryverylongname", False), ("SMTP", False)])
def test_port_names_follow_iana_svc_name(name: str, ok: bool) -> None:
    schema = SCHEMA["properties"]["service"]["properties"]["ports"]
    assert jsonschema.Draft7Validator(schema).is_valid({name: 24}) is ok


def test_global_is_accepted_for_parent_charts() -> None:
    assert jsonschema.Draft7Validator(SCHEMA).is_valid({**VALUES, "global": {"imageRegistry": "r.example.com"}})


def _quantity_patterns(schema: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(schema, dict):
        if "[KMGTPE]i" in str(schema.get("pattern", "")):
            yield path, schema["pattern"]
        for key, sub in schema.items():
            yield from _quantity_patterns(sub, f"{path}/{key}")


QUANTITIES = ["100m", "1", "0.5", ".5", "1Gi", "512Mi", "2e3", "1E+2", "250k", "+1", "1.5Ti", "3n", "4u",
              "1gb", "1 Gi", "Gi", "1GB", "-1", "1.2.3", "", "1m0"]
RESOURCES = ("/properties/resources/properties/requests/additionalProperties",
             "/properties/resources/properties/limits/additionalProperties",
             "/properties/tests/properties/resources/properties/requests/additionalProperties",
             "/properties/tests/properties/resources/properties/limits/additionalProperties")
SIZES = ("/properties/tmpSizeLimit", "/properties/logSizeLimit",
         "/properties/persistence/properties/config/properties/size",
         "/properties/persistence/properties/data/properties/size")


def test_quantity_patterns_follow_the_api_servers_syntax() -> None:
    """Resource quantities accept exactly the non-negative quantities Kubernetes
    parses; sizes in bytes accept a subset of them (no milli/micro/nano, no
    exponents) and the persistence sizes also "" (the chart's default)."""
    from chartkit.validation.apirules import QUANTITY

    patterns = dict(_quantity_patterns(SCHEMA))
    assert set(patterns) == set(RESOURCES) | set(SIZES)
    for quantity in QUANTITIES:
        valid = bool(QUANTITY.match(quantity)) and not quantity.startswith("-")
        for path in RESOURCES:
            assert bool(re.search(patterns[path], quantity)) is valid, (path, quantity)
        for path in SIZES:
            accepted = bool(re.search(patterns[path], quantity))
            assert not accepted or valid or (quantity == "" and "persistence" in path), (path, quantity)
    for path in SIZES:
        assert all(re.search(patterns[path], q) for q in ("1Gi", "512Mi", "20G", "1.5Ti")), path
