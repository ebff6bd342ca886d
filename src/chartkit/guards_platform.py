"""The cross-field guards of helm/platform/templates/_validate.tpl
(`stalwart-platform.validate`), as data: see chartkit.guards for the shape."""
from __future__ import annotations

from typing import Any

from .guards import GuardCase

GUARDS: list[GuardCase] = [
    GuardCase("postgresql-api-missing", "postgresql.enabled on a cluster without CloudNativePG",
              {"postgresql": {"enabled": True}},
              ["postgresql.enabled: needs the postgresql.cnpg.io/v1 API", "CloudNativePG", "skipApiCheck=true"]),
    GuardCase("external-secrets-api-missing", "externalSecrets.enabled without External Secrets Operator",
              {"externalSecrets": {"enabled": True}},
              ["externalSecrets.enabled: needs the external-secrets.io/v1 API", "External Secrets Operator"]),
    GuardCase("object-bucket-api-missing", "objectBucket.enabled without a bucket provisioner",
              {"objectBucket": {"enabled": True}},
              ["objectBucket.enabled: needs the objectbucket.io/v1alpha1 API", "Rook-Ceph or NooBaa"]),
    GuardCase("certificate-api-missing", "certificate.enabled without cert-manager",
              {"certificate": {"enabled": True}},
              ["certificate.enabled: needs the cert-manager.io/v1 API", "cert-manager"]),
    GuardCase("service-monitor-api-missing", "serviceMonitor.enabled without prometheus-operator",
              {"serviceMonitor": {"enabled": True}},
              ["serviceMonitor.enabled: needs the monitoring.coreos.com/v1 API", "prometheus-operator"]),
    GuardCase("prometheus-rule-api-missing", "prometheusRule.enabled without prometheus-operator",
              {"prometheusRule": {"enabled": True}},
              ["prometheusRule.enabled: needs the monitoring.coreos.com/v1 API", "PrometheusRule"]),
]

# Near misses that must render.
ALLOWED: list[tuple[str, dict[str, Any]]] = [
    ("empty", {}),
]
