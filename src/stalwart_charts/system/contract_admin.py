"""The recovery admin's links of stalwart_charts.system.contract (issue 21): one definition.

- env-shadowing: no variable of a base container is set both in `env` and by
  an `envFrom` source (Kubernetes keeps the `env` one, silently: a recovery
  admin kept in the store would never work);
- recovery-admin: the admin Secret the platform writes
  (`externalSecrets.adminSecret`) is the one the base pods read for
  STALWART_RECOVERY_ADMIN, and no second definition reaches them.
"""
from __future__ import annotations

from stalwart_charts.system.bundle import Bundle, Link, NotApplicable, _containers, _source, data_keys
from stalwart_charts.system.operators import BY_ESO, BY_HAND, GENERATED_BY

ADMIN_VARIABLE = "STALWART_RECOVERY_ADMIN"
ADMIN_KEYS = ("username", "password")


def env_shadowing(bundle: Bundle) -> list[str]:
    problems = []
    for pod, spec in bundle.base_pods():
        for c in _containers(spec):
            # An env entry reading the very Secret key envFrom would give is the same value, not a clash.
            env = {e["name"] for e in c.get("env") or []
                   if not _same_key(e, c.get("envFrom") or [])}
            for i, src in enumerate(c.get("envFrom") or []):
                for field_, kind in (("secretRef", "Secret"), ("configMapRef", "ConfigMap")):
                    ref = src.get(field_)
                    target = bundle.lookup(kind, ref["name"]) if ref else None
                    if target is None:
                        continue
                    for key in sorted({src.get("prefix", "") + k for k in data_keys(target)} & env):
                        problems.append(
                            f"{pod} {c['name']}: {key} is set both in env and by envFrom[{i}] ({kind} "
                            f"{ref['name']!r}, {_source(target)}); Kubernetes keeps the env value and silently "
                            f"ignores the other")
    return problems


def _same_key(entry: dict, env_from: list[dict]) -> bool:
    ref = (entry.get("valueFrom") or {}).get("secretKeyRef") or {}
    return ref.get("key") == entry["name"] and any(
        (src.get("secretRef") or {}).get("name") == ref.get("name") and not src.get("prefix") for src in env_from)


def _admin_secrets(bundle: Bundle) -> list[str]:
    """Names of the Secrets the platform writes in the base's admin shape."""
    return [es["spec"]["target"].get("name", es["metadata"]["name"]) for es in bundle.platform_kind("ExternalSecret")
            if set((es["spec"]["target"].get("template") or {}).get("data") or {}) == set(ADMIN_KEYS)]


def recovery_admin(bundle: Bundle) -> list[str]:
    admins = _admin_secrets(bundle)
    if not admins:
        raise NotApplicable("the platform writes no recovery-admin Secret (externalSecrets.adminSecret.enabled)")
    deployment = next((spec for name, spec in bundle.base_pods() if name.startswith("Deployment/")), None)
    reads = {(ref["name"], ref["key"]) for c in _containers(deployment or {}) for e in c.get("env") or []
             if (ref := (e.get("valueFrom") or {}).get("secretKeyRef"))}
    problems = []
    for name in admins:
        missing = [k for k in ADMIN_KEYS if (name, k) not in reads]
        if missing:
            problems.append(f"Secret {name!r} ({BY_ESO}) holds the recovery admin, but the base Deployment does not "
                            f"read its keys {missing}: set the base's admin.existingSecret={name} (declarative mode)")
    for o in bundle.generated:
        if ADMIN_VARIABLE in data_keys(o) and _source(o) in (BY_ESO, BY_HAND):
            problems.append(f"Secret {o['metadata']['name']!r} ({_source(o)}) also carries {ADMIN_VARIABLE}: a second "
                            f"definition of the recovery admin; remove it from the platform's secret.keys")
    return problems


ADMIN_LINKS = [
    Link("env-shadowing", "no base container variable is set both in env and by envFrom", env_shadowing),
    Link("recovery-admin", "the platform's recovery-admin Secret is the one the base reads, and the only one",
         recovery_admin),
]


BY_HAND_ADMIN = "the person installing (the base's admin.existingSecret)"
BY_HAND_RELOAD = "the person installing (the base's tls.reload.existingSecret)"


def add_hand_made_admin(bundle: Bundle, base_values: dict) -> None:
    """The base's admin.existingSecret and tls.reload.existingSecret, when neither
    chart nor an operator makes them, are created by the person installing (the
    examples say how)."""
    name = (base_values.get("admin") or {}).get("existingSecret")
    if name and bundle.lookup("Secret", name) is None:
        bundle.generated.append({"apiVersion": "v1", "kind": "Secret", "metadata": {
            "name": name, "annotations": {GENERATED_BY: BY_HAND_ADMIN}}, "data": dict.fromkeys(ADMIN_KEYS, "")})
    # The tls-reload account's password (tls.reload.existingSecret), made the same way.
    reload = ((base_values.get("tls") or {}).get("reload") or {}).get("existingSecret")
    if reload and bundle.lookup("Secret", reload) is None:
        bundle.generated.append({"apiVersion": "v1", "kind": "Secret", "metadata": {
            "name": reload, "annotations": {GENERATED_BY: BY_HAND_RELOAD}}, "data": dict.fromkeys(ADMIN_KEYS, "")})
