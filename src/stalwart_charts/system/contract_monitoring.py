"""The metrics link of `stalwart_charts.system.contract`: the ServiceMonitor scrapes with the
password Stalwart checks. Stalwart's Metrics setting names an environment
variable (authSecret EnvironmentVariable); the Stalwart container fills it
from a Secret key (env secretKeyRef, or envFrom the Secret whose key has the
variable's name). The ServiceMonitor's basicAuth.password must be that same
Secret and key, and its username key must exist there, or Prometheus is
refused (401) or the ServiceMonitor dropped.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from stalwart_charts.system.bundle import NotApplicable, _config_documents, _containers, data_keys

if TYPE_CHECKING:
    from stalwart_charts.system.bundle import Bundle, Obj


def _metrics_variables(bundle: Bundle) -> set[str]:
    return {op["value"]["prometheus"]["authSecret"]["variableName"] for _, _, op in _config_documents(bundle)
            if isinstance(op, dict) and str(op.get("object", "")).removeprefix("x:") == "Metrics"
            and (op.get("value") or {}).get("prometheus", {}).get("authSecret", {}).get("@type")
            == "EnvironmentVariable"}


def _sources(bundle: Bundle, server: Obj, variable: str) -> set[tuple[str, str]]:
    """(Secret, key) pairs the Stalwart container takes `variable` from (env wins over envFrom)."""
    for c in _containers(server):
        if c["name"] != "stalwart":
            continue
        for e in c.get("env") or []:
            if e["name"] == variable:
                ref = (e.get("valueFrom") or {}).get("secretKeyRef")
                return {(ref["name"], ref["key"])} if ref else set()
        out = set()
        for src in c.get("envFrom") or []:
            ref, prefix = src.get("secretRef"), src.get("prefix", "")
            target = bundle.lookup("Secret", ref["name"]) if ref else None
            if target is not None and variable.startswith(prefix) and variable[len(prefix):] in data_keys(target):
                out.add((ref["name"], variable[len(prefix):]))
        return out
    return set()


def metrics_credentials(bundle: Bundle) -> list[str]:
    monitors = bundle.platform_kind("ServiceMonitor")
    if not monitors:
        raise NotApplicable("the platform renders no ServiceMonitor")
    variables = _metrics_variables(bundle)
    if not variables:
        raise NotApplicable("the base plan does not switch on Stalwart's authenticated metrics (bootstrap.metrics)")
    server = next((spec for name, spec in bundle.base_pods() if name.startswith("Deployment/")), None)
    problems = []
    for monitor in monitors:
        name = monitor["metadata"]["name"]
        for ep in monitor["spec"].get("endpoints") or []:
            auth = ep.get("basicAuth")
            if not auth:
                problems.append(f"ServiceMonitor/{name}: scrapes without basicAuth, but Stalwart's Metrics demands it")
                continue
            password = (auth["password"]["name"], auth["password"]["key"])
            for variable in sorted(variables):
                served = _sources(bundle, server, variable) if server else set()
                if password not in served:
                    problems.append(f"ServiceMonitor/{name}: sends the password of Secret {password[0]!r} key "
                                    f"{password[1]!r}, but Stalwart checks {variable}, which its container takes "
                                    f"from {sorted(served) or 'nowhere'}; point serviceMonitor.basicAuth (platform) "
                                    f"and bootstrap.metrics.passwordSecret (base) at the same Secret key")
            user = bundle.lookup("Secret", auth["username"]["name"])
            if user is not None and auth["username"]["key"] not in data_keys(user):
                problems.append(f"ServiceMonitor/{name}: Secret {auth['username']['name']!r} has no key "
                                f"{auth['username']['key']!r} for the username; add it to secret.keys")
    return problems
