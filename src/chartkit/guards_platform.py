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
    GuardCase("scrape-timeout-over-interval", "serviceMonitor.scrapeTimeout longer than its interval",
              {"skipApiCheck": True, "serviceMonitor": {"enabled": True, "interval": "1m", "scrapeTimeout": "1m500ms"}},
              ["serviceMonitor.scrapeTimeout: 1m500ms is longer than serviceMonitor.interval (1m)",
               "Shorten scrapeTimeout"]),
    GuardCase("monitor-label-own", "serviceMonitor.labels sets one of the chart's own labels",
              {"serviceMonitor": {"labels": {"app.kubernetes.io/name": "x"}}},
              ['serviceMonitor.labels: "app.kubernetes.io/name" is one of this chart\'s own labels',
               "use another key"]),
    GuardCase("rule-label-key", "prometheusRule.labels has a key that is not a label key",
              {"prometheusRule": {"labels": {"kube prometheus": "x"}}},
              ['prometheusRule.labels: "kube prometheus" is not a label key', "at most 63 letters"]),
    GuardCase("alert-label-severity", "prometheusRule.additionalAlertLabels sets severity",
              {"prometheusRule": {"additionalAlertLabels": {"team": "mail", "severity": "page"}}},
              ['prometheusRule.additionalAlertLabels: "severity" is set by each alert itself']),
    GuardCase("dashboard-label-own", "dashboard.label is one of the chart's own labels",
              {"dashboard": {"label": "helm.sh/chart"}},
              ['dashboard.label: "helm.sh/chart" is one of this chart\'s own labels']),
]

# Near misses that must render.
ALLOWED: list[tuple[str, dict[str, Any]]] = [
    ("empty", {}),
    ("scrape-timeout-equals-interval", {"skipApiCheck": True, "serviceMonitor": {
        "enabled": True, "interval": "1m30s", "scrapeTimeout": "90s"}}),
    ("extra-labels", {"skipApiCheck": True, "serviceMonitor": {"enabled": True, "labels": {
        "release": "kps", "example.com/app.kubernetes.io": "x"}}, "prometheusRule": {
        "enabled": True, "additionalAlertLabels": {"team": "mail", "severity_override": "no"}}}),
    ("scrape-timeout-without-interval", {"skipApiCheck": True, "serviceMonitor": {
        "enabled": True, "interval": "", "scrapeTimeout": "2h"}}),
]
