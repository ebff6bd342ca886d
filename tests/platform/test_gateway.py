"""templates/gateway.yaml, templates/httproute-redirect.yaml, templates/_validate_gateway.tpl: the Gateway.

The parent Gateway of the base release's HTTPRoute, off by default; an HTTPS listener named as the base's
sectionName default, terminating TLS with the platform Certificate's Secret; an
HTTP listener that only the 301 redirect route uses; routes of this namespace only."""
from __future__ import annotations

import copy

import pytest
import yaml

from chartkit.charts import charts_root
from chartkit.rendering.render import find, kinds
from stalwart_charts.platform.scenarios import GATEWAY

CERT = {"certificate": {"enabled": True, "issuerRef": {"name": "letsencrypt"}, "dnsNames": ["mail.example.com"]}}
ON = {"gateway": {"enabled": True, "className": "eg"}, **CERT}


@pytest.fixture(scope="module")
def objs(rp):
    return rp(ON)


def base_section_name() -> str:
    """The sectionName the base chart's default parentRefs name (read, never typed)."""
    values = yaml.safe_load((charts_root() / "base" / "values.yaml").read_text())
    section, = {ref["sectionName"] for ref in values["gateway"]["parentRefs"]}
    return str(section)


def test_off_by_default(rp) -> None:
    assert not [k for k in kinds(rp(CERT)) if k.startswith(("Gateway/", "HTTPRoute/"))]


def test_https_listener_is_the_base_sectionname_with_the_certificate_secret(objs) -> None:
    gw = find(objs, "Gateway")
    assert gw["metadata"]["name"] == "stalwart-gateway" and gw["spec"]["gatewayClassName"] == "eg"
    https, = [li for li in gw["spec"]["listeners"] if li["protocol"] == "HTTPS"]
    assert https["name"] == base_section_name() == "https"
    assert https["port"] == 443
    secret = find(objs, "Certificate")["spec"]["secretName"]
    assert https["tls"] == {"mode": "Terminate", "certificateRefs": [{"kind": "Secret", "name": secret}]}


def test_every_listener_admits_this_namespace_only(objs) -> None:
    for listener in find(objs, "Gateway")["spec"]["listeners"]:
        assert listener["allowedRoutes"] == {"namespaces": {"from": "Same"}, "kinds": [
            {"group": "gateway.networking.k8s.io", "kind": "HTTPRoute"}]}


def test_http_listener_only_redirects_with_301(objs) -> None:
    gw = find(objs, "Gateway")
    http, = [li for li in gw["spec"]["listeners"] if li["protocol"] == "HTTP"]
    assert http["port"] == 80 and "tls" not in http
    route = find(objs, "HTTPRoute")
    assert route["spec"]["parentRefs"] == [{"name": gw["metadata"]["name"], "sectionName": http["name"]}]
    rule, = route["spec"]["rules"]
    assert "backendRefs" not in rule and "matches" not in rule
    assert rule["filters"] == [{"type": "RequestRedirect", "requestRedirect": {"scheme": "https", "statusCode": 301}}]


def test_names_follow_the_base_release_and_the_values(rp) -> None:
    objs = rp(GATEWAY, {"base": {"release": "mx"}})
    gw = find(objs, "Gateway")
    assert gw["metadata"]["name"] == "mx-stalwart-gateway" and gw["spec"]["gatewayClassName"] == "cilium"
    https = gw["spec"]["listeners"][0]
    assert https["name"] == "websecure"
    assert https["tls"]["certificateRefs"] == [{"kind": "Secret", "name": "mail-wildcard-tls"}]
    assert find(objs, "HTTPRoute")["spec"]["parentRefs"][0]["name"] == "mx-stalwart-gateway"


def test_a_listener_name_that_is_no_section_name_is_refused_in_words(rp) -> None:
    message = rp.error(ON, {"gateway": {"listenerName": "HTTPS"}})
    assert 'gateway.listenerName: "HTTPS" is not a Kubernetes object name' in message, message


def test_missing_gateway_api_names_the_crds(rp) -> None:
    message = rp.error(ON, api_versions=("cert-manager.io/v1/Certificate",))
    assert "gateway.enabled: needs the gateway.networking.k8s.io/v1 API" in message
    assert "the Gateway API CRDs" in message


def test_offline_api_rules_hold_the_gateway_crds_cel(objs) -> None:
    """chartkit.validation.apirules carries the listener CEL rules the CRD schema check skips
    (tests/cluster/test_gateway_accepted.py shows the API server's own refusal)."""
    from chartkit.validation.apirules import api_rule_errors

    gateway = copy.deepcopy(find(objs, "Gateway"))
    assert api_rule_errors(gateway) == []
    https, http = gateway["spec"]["listeners"]
    https["name"] = "http"
    http["tls"] = https["tls"]
    assert api_rule_errors(gateway) == [
        "Gateway/stalwart-gateway: duplicate spec.listeners name 'http'",
        "Gateway/stalwart-gateway: listener 'http': tls must not be specified for protocol HTTP"]
