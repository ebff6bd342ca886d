"""The coordinator link of stalwart_charts.system.contract: the base release's NATS
coordinator (the plan's Coordinator object) is the platform's NATS
StatefulSet, through its client Service and port, as the user the servers
accept, with the password from the same Secret key the servers read."""
from __future__ import annotations

from typing import Any

from stalwart_charts.system.bundle import Bundle, NotApplicable, Obj, _config_documents, _containers, data_keys

NATS_COMPONENT = "coordinator"
PASSWORD_VAR, USER_VAR = "NATS_PASSWORD", "NATS_USER"


def _platform_nats(bundle: Bundle) -> tuple[Obj, Obj] | None:
    """(StatefulSet, client Service) of the platform's coordinator."""
    def component(o: Obj) -> str | None:
        return (o["metadata"].get("labels") or {}).get("app.kubernetes.io/component")
    sts = next((o for o in bundle.platform if o["kind"] == "StatefulSet" and component(o) == NATS_COMPONENT), None)
    if sts is None:
        return None
    service = next(o for o in bundle.platform if o["kind"] == "Service" and component(o) == NATS_COMPONENT
                   and o["spec"].get("clusterIP") != "None")
    return sts, service


def _env(container: Obj, name: str) -> dict[str, Any]:
    """The container's `env` entry for a variable; of duplicates the last wins, as in Kubernetes."""
    return next((e for e in reversed(container.get("env") or []) if e["name"] == name), {})


def server_credentials(sts: Obj) -> tuple[str, tuple[str, str]]:
    """(user, (Secret, key) of the password) the NATS servers accept."""
    nats = sts["spec"]["template"]["spec"]["containers"][0]
    ref = _env(nats, PASSWORD_VAR)["valueFrom"]["secretKeyRef"]
    return _env(nats, USER_VAR)["value"], (ref["name"], ref["key"])


def _variable_source(bundle: Bundle, variable: str) -> set[tuple[str, str]]:
    """The (Secret, key) the Stalwart container's variable comes from: its
    `env` entry wins over every envFrom (Kubernetes' precedence), and among
    envFrom sources the last one holding the key wins."""
    server = next((o for o in bundle.base if o["kind"] == "Deployment"), None)
    stalwart = next((c for c in _containers(server["spec"]["template"]["spec"]) if c["name"] == "stalwart"),
                    None) if server else None
    if stalwart is None:
        return set()
    entry = _env(stalwart, variable)
    if entry:
        ref = (entry.get("valueFrom") or {}).get("secretKeyRef")
        return {(ref["name"], ref["key"])} if ref else set()
    found: set[tuple[str, str]] = set()
    for src in stalwart.get("envFrom") or []:
        name, key = (src.get("secretRef") or {}).get("name"), variable.removeprefix(src.get("prefix", ""))
        target = bundle.lookup("Secret", name) if name else None
        if target is not None and key in data_keys(target):
            found = {(name, key)}
    return found


def coordinator(bundle: Bundle) -> list[str]:
    found = _platform_nats(bundle)
    if found is None:
        raise NotApplicable("the platform renders no NATS coordinator (coordinator.enabled is false)")
    sts, service = found
    port = next(p["port"] for p in service["spec"]["ports"] if p["name"] == "client")
    want = f"{service['metadata']['name']}:{port}"
    ops = [op for _, _, op in _config_documents(bundle) if isinstance(op, dict)
           and str(op.get("object", "")).removeprefix("x:") == "Coordinator" and op.get("@type") == "update"]
    if not ops:
        return [f"the platform runs NATS ({want}), but the base plan sets no Coordinator; set "
                f"bootstrap.coordinator.type=Nats with bootstrap.coordinator.nats.addresses=[{want}]"]
    value = ops[-1]["value"]
    if value.get("@type") != "Nats":
        return [f"the plan's Coordinator is {value.get('@type')!r}, not the platform's NATS at {want}"]
    problems = [f"the plan's Coordinator address {a!r} is not the platform's NATS client Service {want!r}"
                for a in value.get("addresses") or {} if a != want]
    if not value.get("addresses"):
        problems.append(f"the plan's Coordinator has no address; use {want!r}")
    user, secret_key = server_credentials(sts)
    if value.get("authUsername") != user:
        problems.append(f"the plan's Coordinator authUsername {value.get('authUsername')!r} is not the user the NATS "
                        f"servers accept ({user!r}, platform coordinator.username)")
    secret = value.get("authSecret") or {}
    variable = secret.get("variableName") if secret.get("@type") == "EnvironmentVariable" else None
    if variable is None:
        problems.append("the plan's Coordinator reads no password from an environment variable")
    elif secret_key not in (sources := _variable_source(bundle, variable)):
        problems.append(f"the Stalwart container's {variable} comes from {sorted(sources) or 'nowhere'}, "
                        f"not from Secret {secret_key[0]!r} key {secret_key[1]!r}, which the NATS servers read")
    return problems
