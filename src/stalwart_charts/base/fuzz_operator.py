"""The fuzzer's repairs for the guards of templates/_validate_operator.tpl
(stalwart_charts.base.guards_operator), so that coherent overlays pass them too: one pod
in wizard mode, sizes with a unit, the listeners Stalwart binds at fixed
ports left there, and the documented opt-outs (acceptRisks) where an overlay
publishes the http port outside or puts config.json on an emptyDir."""
from __future__ import annotations

import re
from typing import Any

HOSTNAME = re.compile(r"(\*\.)?[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*")

# Stalwart's fresh-database listeners (templates/_validate_operator.tpl, stalwart.defaultBinds).
DEFAULT_BINDS = {"smtp": 25, "submissions": 465, "imaps": 993, "pop3s": 995, "sieve": 4190, "https": 443, "http": 8080}


def repair(v: dict[str, Any]) -> None:
    """Repair `v` in place; call after the Service and declarative repairs."""
    gateway = v.setdefault("gateway", {})
    if "hostnames" in gateway:
        gateway["hostnames"] = [h for h in gateway["hostnames"] if HOSTNAME.fullmatch(str(h))]
        if not gateway["hostnames"] or gateway["hostnames"][0].startswith("*"):
            gateway["hostnames"] = ["mail.example.com", *gateway["hostnames"]]
    config = v.get("config", {})
    declarative = bool(config.get("dataStore") or config.get("existingSecret"))
    persistence = v.setdefault("persistence", {})
    if not declarative:
        v["replicaCount"] = min(v.get("replicaCount", 1), 1)
        v["autoscaling"] = {**v.get("autoscaling", {}), "enabled": False}
        v.pop("podDisruptionBudget", None)
        for claim in persistence.values():
            if isinstance(claim, dict) and claim.get("accessMode") == "ReadWriteMany":
                claim["accessMode"] = "ReadWriteOnce"
    for claim in persistence.values():
        if isinstance(claim, dict) and re.fullmatch(r"\+?[0-9.]+", str(claim.get("size", ""))):
            claim["size"] = f"{claim['size']}Gi"
    ports = v.setdefault("containerPorts", {})
    for name, port in DEFAULT_BINDS.items():
        if name in ports:
            ports[name] = port
    # The opt-outs: rare, deliberate choices the renders must still survive.
    v["acceptRisks"] = {"plainHttpOutside": True, "ephemeralConfig": True}
