"""What the platform's operators create from its custom resources (CloudNativePG's Services and
Secrets, the bucket claim's ConfigMap and Secret, cert-manager's and External Secrets' Secrets), as
objects the links can resolve."""
from __future__ import annotations

from typing import Any

from chartkit.rendering.render import Obj, values_with
from stalwart_charts.charts import PLATFORM

GENERATED_BY = "contract.stalwart-charts/generated-by"  # annotation marking an object no chart renders


BY_ESO = "External Secrets"


BY_HAND = "the person installing (secret.existingSecret)"


# CloudNativePG: the application owner's Secret (bootstrap.initdb) and keys.
CNPG_APP_KEYS = ("username", "password", "dbname", "host", "port", "uri", "jdbc-uri", "pgpass",
                 "fqdn-uri", "fqdn-jdbc-uri")


CNPG_SERVICES = ("rw", "ro", "r")


# Certificates the operator creates beside -app (CloudNativePG v1.30.0 pkg/certs/certs.go:55-58 for the CA's keys).
CNPG_SECRETS = {"ca": ("ca.crt", "ca.key"), "server": ("tls.crt", "tls.key"), "replication": ("tls.crt", "tls.key")}


# An ObjectBucketClaim's provisioner: a ConfigMap and a Secret named after the claim.
OBC_CONFIGMAP_KEYS = ("BUCKET_HOST", "BUCKET_NAME", "BUCKET_PORT", "BUCKET_REGION", "BUCKET_SUBREGION")


OBC_SECRET_KEYS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")


TLS_KEYS = ("tls.crt", "tls.key", "ca.crt")


def _made(kind: str, name: str, by: str, keys: tuple[str, ...] | list[str] = ()) -> Obj:
    obj: Obj = {"apiVersion": "v1", "kind": kind, "metadata": {"name": name, "annotations": {GENERATED_BY: by}}}
    if keys:
        obj["data"] = {k: "" for k in keys}
    return obj


def generated_objects(platform: list[Obj], platform_values: dict[str, Any] | None = None) -> list[Obj]:
    """The objects the platform's operators create from its render, and the
    Secret the person installing creates when `secret.existingSecret` is set."""
    out: list[Obj] = []
    for o in platform:
        name, spec = o["metadata"]["name"], o.get("spec") or {}
        if o["kind"] == "Cluster":
            out.append(_made("Secret", f"{name}-app", "CloudNativePG", CNPG_APP_KEYS))
            out += [_made("Secret", f"{name}-{s}", "CloudNativePG", keys) for s, keys in CNPG_SECRETS.items()]
            out += [_made("Service", f"{name}-{s}", "CloudNativePG") for s in CNPG_SERVICES]
        elif o["kind"] == "Pooler":
            out += [_made("Service", name, "CloudNativePG (Pooler)"), _made("Deployment", name, "CloudNativePG")]
        elif o["kind"] == "ExternalSecret":
            # A target template replaces the fetched keys with its own (the admin Secret's username/password).
            keys = list((spec["target"].get("template") or {}).get("data") or {}) or [
                d["secretKey"] for d in spec.get("data") or []]
            out.append(_made("Secret", spec["target"].get("name", name), BY_ESO, keys))
        elif o["kind"] == "ObjectBucketClaim":
            out.append(_made("ConfigMap", name, "the bucket provisioner", OBC_CONFIGMAP_KEYS))
            out.append(_made("Secret", name, "the bucket provisioner", OBC_SECRET_KEYS))
        elif o["kind"] == "Certificate":
            out.append(_made("Secret", spec["secretName"], "cert-manager", TLS_KEYS))
    # Kubernetes publishes its API server's CA in every namespace (projected service-account tokens read it).
    out.append(_made("ConfigMap", "kube-root-ca.crt", "Kubernetes", ("ca.crt",)))
    secret = values_with(PLATFORM.values(), platform_values or {})["secret"]  # the chart's defaults, overlaid
    if secret["existingSecret"]:
        out.append(_made("Secret", secret["existingSecret"], BY_HAND, secret["keys"]))
    return out
