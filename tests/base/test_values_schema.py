"""helm/base/values.schema.json: typos and out-of-range values are refused with their path."""
from __future__ import annotations

import jsonschema
import pytest

from chartkit import values_schema

SCHEMA = values_schema()
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
    ({"image": {"digest": "sha256:abc"}}, "/image/digest"),
    ({"persistence": {"data": {"accessMode": "RWX"}}}, "/persistence/data/accessMode"),
    ({"persistence": {"data": {"size": "20 GB"}}}, "/persistence/data/size"),
    ({"gateway": {"hostnames": ["Mail.Example.com"]}}, "/gateway/hostnames/0"),
    ({"gateway": {"hostnames": ["mail.example.com:443"]}}, "/gateway/hostnames/0"),
    ({"autoscaling": {"maxReplicas": 0}}, "/autoscaling/maxReplicas"),
    ({"podDisruptionBudget": {"minAvailable": "150%"}}, "/podDisruptionBudget/minAvailable"),
    ({"serviceAccount": {"automount": "no"}}, "/serviceAccount/automount"),
    ({"env": {"STALWART_HOSTNAME": "x"}}, "/env"),
    ({"tests": {"tcpPorts": ["SMTP"]}}, "/tests/tcpPorts/0"),
]


@pytest.mark.parametrize("overlay,path", TYPOS_AND_RANGES, ids=[p for _, p in TYPOS_AND_RANGES])
def test_helm_rejects_with_the_value_path(r, overlay: dict, path: str) -> None:
    message = r.error(overlay)
    assert "values don't meet the specifications of the schema" in message
    assert path in message, message


@pytest.mark.parametrize("hostname", ["mail.example.com", "*.example.com", "a", "xn--bcher-kva.example"])
def test_valid_hostnames_pass(hostname: str) -> None:
    schema = SCHEMA["properties"]["gateway"]["properties"]["hostnames"]
    jsonschema.validate([hostname], schema)


@pytest.mark.parametrize("name,ok", [("smtp", True), ("pop3s", True), ("my-lmtp", True), ("a--b", False),
                                     ("-smtp", False), ("smtp-", False), ("9smtp", False),
                                     ("averyveryverylongname", False), ("SMTP", False)])
def test_port_names_follow_iana_svc_name(name: str, ok: bool) -> None:
    schema = SCHEMA["properties"]["service"]["properties"]["ports"]
    assert jsonschema.Draft7Validator(schema).is_valid({name: 24}) is ok
