"""The fuzzer's repair for templates/_validate_clientip.tpl: a drawn overlay
made to pass the client-address guards (see `guards_clientip`)."""
from __future__ import annotations

from typing import Any


def repair_client_address(v: dict[str, Any], container_ports: dict[str, Any]) -> None:
    """Keep gateway.clientAddress.proxyProtocolFrom only where the chart can
    build the PROXY listener, without catch-all ranges and on a free port, and
    acknowledge useXForwarded's spoofing risk when it is on."""
    config = v.get("config", {})
    declarative = bool(config.get("dataStore") or config.get("existingSecret"))
    gw = v.setdefault("gateway", {})
    ca = gw.setdefault("clientAddress", {})
    b = v.setdefault("bootstrap", {})
    http = b.setdefault("http", {})
    trusted = [n for n in ca.get("proxyProtocolFrom", []) if not n.endswith("/0")]
    if not (declarative and gw.get("enabled", True) and b.get("enabled", True)) or http.get("useXForwarded"):
        trusted = []
    ca["proxyProtocolFrom"] = trusted
    used = {int(p) for p in container_ports.values() if p}
    if trusted and int(ca.get("proxyPort", 8081)) in used:
        ca["proxyPort"] = next(p for p in range(8081, 65536) if p not in used)
    if http.get("useXForwarded"):
        http["forwardedSpoofingAcknowledged"] = True
