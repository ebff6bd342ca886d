"""The Gateway links of stalwart_charts.system.contract over the production pair:
they hold, and each way of breaking them (another Gateway name or namespace,
another or no sectionName, a listener that does not admit the route's
namespace or kind, a hostname off the certificate, no base route) is caught."""
from __future__ import annotations

import copy

import pytest

from stalwart_charts.system.bundle import Bundle
from stalwart_charts.system.contract import check
from stalwart_charts.system.contract_gateway import covered


def caught(bundle: Bundle, link_id: str) -> list[str]:
    outcome, = [o for o in check(bundle) if o.link.id == link_id]
    assert outcome.skipped is None, outcome.skipped
    return list(outcome.problems)


@pytest.fixture(scope="module")
def holding(production, bundle_of) -> Bundle:
    return bundle_of(production)


def https_listener(bundle: Bundle) -> dict:
    gateway, = bundle.platform_kind("Gateway")
    return next(li for li in gateway["spec"]["listeners"] if li["protocol"] == "HTTPS")


def test_production_pair_holds(holding) -> None:
    for link in ("gateway-parent", "gateway-admits-route", "gateway-certificate"):
        assert caught(holding, link) == [], link


def test_parent_named_by_the_base_default(production, bundle_of) -> None:
    """The base chart's default parentRefs (default-gateway in gateway-system) miss the platform's Gateway."""
    pair = copy.deepcopy(production)
    del pair.base_values["gateway"]["parentRefs"]
    problems = caught(bundle_of(pair), "gateway-parent")
    assert problems == ["HTTPRoute/stalwart parentRefs[0] names Gateway gateway-system/default-gateway, not the "
                        "platform's ['mail/stalwart-gateway']; set gateway.parentRefs[0].name and .namespace to it"]


def test_platform_serving_another_release_renames_the_gateway(production, bundle_of) -> None:
    problems = caught(bundle_of(production.with_changes(platform={"base": {"release": "mx"}})), "gateway-parent")
    assert len(problems) == 1 and "not the platform's ['mail/mx-stalwart-gateway']" in problems[0]


@pytest.mark.parametrize(("section", "shown"), [("http", "'http'"), ("", "None")])
def test_section_name_not_the_https_listener(production, bundle_of, section: str, shown: str) -> None:
    pair = copy.deepcopy(production)
    ref = pair.base_values["gateway"]["parentRefs"][0]
    if section:
        ref["sectionName"] = section
    else:
        del ref["sectionName"]
    problems = caught(bundle_of(pair), "gateway-parent")
    assert len(problems) == 1 and f"sectionName {shown} is not an HTTPS listener" in problems[0]
    assert "set gateway.parentRefs[0].sectionName to it" in problems[0]


def test_platform_listener_renamed(production, bundle_of) -> None:
    problems = caught(bundle_of(production.with_changes(platform={"gateway": {"listenerName": "websecure"}})),
                      "gateway-parent")
    assert len(problems) == 1 and "['websecure']" in problems[0]


def test_wrong_port(production, bundle_of) -> None:
    pair = copy.deepcopy(production)
    pair.base_values["gateway"]["parentRefs"][0]["port"] = 8443
    assert caught(bundle_of(pair), "gateway-parent") == [
        "HTTPRoute/stalwart parentRefs[0] port 8443 is not listener 'https''s 443"]


def test_route_namespace_not_admitted(production, bundle_of) -> None:
    """The platform renders from: Same; a listener selecting another namespace is caught."""
    bundle = bundle_of(production)
    bundle = Bundle(bundle.base, copy.deepcopy(bundle.platform), bundle.generated)
    listener = https_listener(bundle)
    listener["allowedRoutes"]["namespaces"] = {"from": "Selector", "selector": {
        "matchLabels": {"kubernetes.io/metadata.name": "gateway-system"}}}
    problems = caught(bundle, "gateway-admits-route")
    assert len(problems) == 1 and "does not select namespace 'mail'" in problems[0]
    listener["allowedRoutes"]["namespaces"]["selector"] = {"matchExpressions": [
        {"key": "kubernetes.io/metadata.name", "operator": "In", "values": ["mail"]}]}
    assert caught(bundle, "gateway-admits-route") == []
    listener["allowedRoutes"]["namespaces"]["selector"] = {"matchLabels": {"team": "mail"}}
    assert "which no render can prove 'mail' carries" in caught(bundle, "gateway-admits-route")[0]


def test_same_namespace_rule_with_the_gateway_elsewhere(production, bundle_of) -> None:
    """from: Same admits the Gateway's own namespace only: a Gateway moved away no longer admits the route."""
    bundle = bundle_of(production)
    platform = copy.deepcopy(bundle.platform)
    gateway = next(o for o in platform if o["kind"] == "Gateway")
    gateway["metadata"]["namespace"] = "gateway-system"
    base = copy.deepcopy(bundle.base)
    route = next(o for o in base if o["kind"] == "HTTPRoute")
    route["spec"]["parentRefs"][0]["namespace"] = "gateway-system"
    problems = caught(Bundle(base, platform, bundle.generated), "gateway-admits-route")
    assert problems == ["Gateway gateway-system/stalwart-gateway listener 'https' admits routes of its own namespace "
                        "'gateway-system' only (from: Same), so HTTPRoute mail/stalwart is not accepted"]


def test_listener_admitting_another_kind(production, bundle_of) -> None:
    bundle = bundle_of(production)
    bundle = Bundle(bundle.base, copy.deepcopy(bundle.platform), bundle.generated)
    https_listener(bundle)["allowedRoutes"]["kinds"] = [{"group": "gateway.networking.k8s.io", "kind": "GRPCRoute"}]
    assert "not HTTPRoute" in caught(bundle, "gateway-admits-route")[0]


def test_hostname_off_the_certificate(production, bundle_of) -> None:
    broken = production.with_changes(base={"gateway": {"hostnames": ["mail.example.com", "webmail.example.com"]}})
    problems = caught(bundle_of(broken), "gateway-certificate")
    assert problems == ["HTTPRoute mail/stalwart hostname 'webmail.example.com' is not on the certificate of listener "
                        "'https' (['mail.example.com', 'smtp.example.com', 'imap.example.com']); add it to the "
                        "platform's certificate.dnsNames"]


def test_wildcard_certificate_covers_one_label(production, bundle_of) -> None:
    wildcard = production.with_changes(platform={"certificate": {"dnsNames": ["*.example.com"]}})
    assert caught(bundle_of(wildcard), "gateway-certificate") == []
    deeper = wildcard.with_changes(base={"gateway": {"hostnames": ["mail.eu.example.com"]}})
    assert "'mail.eu.example.com' is not on the certificate" in caught(bundle_of(deeper), "gateway-certificate")[0]


def test_listener_presenting_a_secret_no_certificate_writes(production, bundle_of) -> None:
    bundle = bundle_of(production)
    bundle = Bundle(bundle.base, copy.deepcopy(bundle.platform), bundle.generated)
    https_listener(bundle)["tls"]["certificateRefs"] = [{"kind": "Secret", "name": "other-tls"}]
    assert caught(bundle, "gateway-certificate") == [
        "Gateway mail/stalwart-gateway listener 'https' presents ['other-tls'], which no platform Certificate writes"]


def test_base_without_a_route(production, bundle_of) -> None:
    problems = caught(bundle_of(production.with_changes(base={"gateway": {"enabled": False}})), "gateway-parent")
    assert len(problems) == 1 and "the base release renders no HTTPRoute" in problems[0]


@pytest.mark.parametrize(("hostname", "names", "expected"), [
    ("mail.example.com", ["mail.example.com"], True),
    ("MAIL.example.com", ["mail.example.com"], True),
    ("mail.example.com", ["*.example.com"], True),
    ("example.com", ["*.example.com"], False),
    ("a.mail.example.com", ["*.example.com"], False),  # Gateway API's suffix rule would accept it; clients do not
    ("*.example.com", ["*.example.com"], True),
    ("*.example.com", ["mail.example.com"], False),
    ("mail.example.org", ["*.example.com", "example.org"], False),
])
def test_covered_as_a_tls_client_checks(hostname: str, names: list[str], expected: bool) -> None:
    assert covered(hostname, names) is expected
