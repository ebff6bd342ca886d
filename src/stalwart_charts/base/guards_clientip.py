"""Guard cases of templates/_validate_clientip.tpl (`stalwart.validate.clientip`):
client addresses behind the Gateway (PROXY v2 listener, useXForwarded), as
data like `guards.GUARDS`, which includes them."""
from __future__ import annotations

from typing import Any

from chartkit.testing.guards import GuardCase

ROCKSDB = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}}}
GATEWAY_PODS = ["10.244.3.0/24"]
PROXY = {**ROCKSDB, "gateway": {"clientAddress": {"proxyProtocolFrom": GATEWAY_PODS}}}
ACK = "bootstrap.http.forwardedSpoofingAcknowledged=true"

CLIENTIP_GUARDS: list[GuardCase] = [
    GuardCase("proxy-protocol-from-everyone", "gateway.clientAddress.proxyProtocolFrom with 0.0.0.0/0",
              {**ROCKSDB, "gateway": {"clientAddress": {"proxyProtocolFrom": ["10.244.3.0/24", "0.0.0.0/0"]}}},
     ["gateway.clientAddress.proxyProtocolFrom[1]: 0.0.0.0/0 trusts PROXY headers from every peer",
      "claim to be 127.0.0.1", "List only the Gateway data plane's source ranges"]),
    GuardCase("proxy-protocol-from-everyone-v6", "gateway.clientAddress.proxyProtocolFrom with ::/0",
              {**ROCKSDB, "gateway": {"clientAddress": {"proxyProtocolFrom": ["::/0"]}}},
     ["gateway.clientAddress.proxyProtocolFrom[0]: ::/0 trusts PROXY headers from every peer"]),
    GuardCase("proxy-protocol-in-wizard-mode", "gateway.clientAddress.proxyProtocolFrom without declarative mode",
              {"gateway": {"clientAddress": {"proxyProtocolFrom": GATEWAY_PODS}}},
     ["gateway.clientAddress.proxyProtocolFrom: only applies in declarative mode", "Set config.dataStore",
      "Allowed IPs in the admin UI"]),
    GuardCase("proxy-protocol-without-gateway", "gateway.clientAddress.proxyProtocolFrom with the gateway disabled",
              {**PROXY, "gateway": {"enabled": False, "clientAddress": {"proxyProtocolFrom": GATEWAY_PODS}}},
     ["gateway.clientAddress.proxyProtocolFrom: is set but gateway.enabled is false"]),
    GuardCase("proxy-protocol-without-bootstrap",
              "gateway.clientAddress.proxyProtocolFrom with bootstrap.enabled=false",
              {**PROXY, "bootstrap": {"enabled": False}},
     ["gateway.clientAddress.proxyProtocolFrom: the http-proxy listener is created by the bootstrap plan",
      "bootstrap.enabled is false"]),
    GuardCase("proxy-protocol-with-x-forwarded", "gateway.clientAddress.proxyProtocolFrom with useXForwarded",
              {**PROXY, "bootstrap": {"http": {"useXForwarded": True, "forwardedSpoofingAcknowledged": True}}},
     ["bootstrap.http.useXForwarded: true replaces the PROXY header's client address",
      "Set bootstrap.http.useXForwarded=false"]),
    GuardCase("proxy-port-taken", "gateway.clientAddress.proxyPort equal to a container port",
              {**ROCKSDB, "gateway": {"clientAddress": {"proxyProtocolFrom": GATEWAY_PODS, "proxyPort": 8080}}},
     ["gateway.clientAddress.proxyPort: 8080 is already containerPorts.http", "Choose a free port"]),
    GuardCase("x-forwarded-unacknowledged", "bootstrap.http.useXForwarded without the spoofing acknowledgement",
              {**ROCKSDB, "bootstrap": {"http": {"useXForwarded": True}}},
     ["bootstrap.http.useXForwarded: true makes Stalwart take the client address from the leftmost "
      "X-Forwarded-For", "X-Forwarded-For: 127.0.0.1 is taken for loopback",
      "gateway.clientAddress.proxyProtocolFrom", ACK]),
]

CLIENTIP_ALLOWED: list[tuple[str, dict[str, Any]]] = [
    ("proxy-protocol-from-gateway", PROXY),
    ("proxy-protocol-on-another-port", {**ROCKSDB, "gateway": {"clientAddress": {
        "proxyProtocolFrom": GATEWAY_PODS + ["fd00:10:244::/56"], "proxyPort": 9080}}}),
    ("x-forwarded-acknowledged", {**ROCKSDB, "bootstrap": {"http": {"useXForwarded": True,
                                                                    "forwardedSpoofingAcknowledged": True}}}),
    # Outside proxy mode the port is unused, so a clash is no error.
    ("proxy-port-unused", {**ROCKSDB, "gateway": {"clientAddress": {"proxyPort": 8080}}}),
]
