"""The parent Gateway's guards (helm/platform/templates/_validate_gateway.tpl and
the Gateway API check of _validate.tpl), as data; guards.py appends them."""
from __future__ import annotations

from typing import Any

from chartkit.testing.guards import GuardCase
from stalwart_charts.platform.apis import ALL_APIS

CERT = {"enabled": True, "issuerRef": {"name": "letsencrypt"}, "dnsNames": ["mail.example.com"]}
GATEWAY = {"enabled": True, "className": "eg"}


def _case(id: str, when: str, values: dict[str, Any], expect: list[str]) -> GuardCase:
    return GuardCase(id, when, values, expect, ALL_APIS)


GATEWAY_GUARDS: list[GuardCase] = [
    GuardCase("gateway-api-missing", "gateway.enabled on a cluster without the Gateway API",
              {"gateway": GATEWAY, "certificate": CERT},
              ["gateway.enabled: needs the gateway.networking.k8s.io/v1 API (gateway.networking.k8s.io/v1 Gateway)",
               "Install the Gateway API CRDs", "skipApiCheck=true"],
              ("cert-manager.io/v1/Certificate",)),
    _case("gateway-no-class", "gateway.enabled without gateway.className",
          {"gateway": {"enabled": True}, "certificate": CERT},
          ["gateway.className: required with gateway.enabled", "kubectl get gatewayclass",
           "--set gateway.className=eg"]),
    _case("gateway-no-listener-name", "gateway.listenerName empty",
          {"gateway": {**GATEWAY, "listenerName": ""}, "certificate": CERT},
          ["gateway.listenerName: required with gateway.enabled", "gateway.parentRefs[].sectionName",
           "Set gateway.listenerName=https"]),
    _case("gateway-listener-named-http", "gateway.listenerName is the redirect listener's name",
          {"gateway": {**GATEWAY, "listenerName": "http"}, "certificate": CERT},
          ['gateway.listenerName: "http" is the Gateway\'s redirect listener', "Set gateway.listenerName=https"]),
    _case("gateway-without-certificate", "gateway.enabled while certificate.enabled is false",
          {"gateway": GATEWAY},
          ["gateway.enabled: the HTTPS listener terminates TLS with the platform's Certificate (Secret stalwart-tls)",
           "Set certificate.enabled=true", "certificate.dnsNames"]),
    _case("gateway-no-hostnames", "gateway.enabled with no hostname on the certificate",
          {"gateway": GATEWAY, "certificate": {**CERT, "dnsNames": []}},
          ["certificate.dnsNames: required"]),
]

# Near misses that must render.
GATEWAY_ALLOWED: list[tuple[str, dict[str, Any]]] = [
    ("gateway-listener-named-otherwise", {"gateway": {**GATEWAY, "listenerName": "websecure"}, "certificate": CERT}),
    ("gateway-wildcard-certificate", {"gateway": GATEWAY, "certificate": {**CERT, "dnsNames": ["*.example.com"]}}),
]
