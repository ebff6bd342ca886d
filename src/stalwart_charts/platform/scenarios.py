"""Named value sets of helm/platform that its tests, the security scans and
the system test share (stalwart_charts.base.scenarios holds the base chart's)."""
from __future__ import annotations

from typing import Any

from stalwart_charts.platform.apis import ALL_APIS

# Every component this chart owns switched on, most optional fields set.
ALL_FEATURES: dict[str, Any] = {
    "commonLabels": {"team": "mail"},
    "postgresql": {
        "enabled": True,
        "instances": 3,
        "imageName": "ghcr.io/cloudnative-pg/postgresql:18.4-standard-trixie",
        "storage": {"size": "50Gi", "storageClass": "fast-ssd"},
        "walStorage": {"enabled": True, "size": "10Gi", "storageClass": "fast-ssd"},
        "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                                       "whenUnsatisfiable": "ScheduleAnyway"}],
        "parameters": {"max_connections": 200, "shared_buffers": "256MB"},
        "podMonitor": {"enabled": True, "interval": "30s", "labels": {"release": "kube-prometheus-stack"}},
        "env": [{"name": "AWS_REQUEST_CHECKSUM_CALCULATION", "value": "when_required"},
                {"name": "AWS_SECRET_ACCESS_KEY_FILE_HINT", "valueFrom": {
                    "secretKeyRef": {"name": "stalwart-db-backup", "key": "HINT"}}}],
        "backup": {"enabled": True, "objectStore": {
            "destinationPath": "s3://stalwart-backups/db", "endpointURL": "https://s3.example.com",
            "endpointCA": {"secretName": "s3-ca", "key": "ca.crt"},
            "s3Credentials": {"secretName": "stalwart-db-backup", "regionKey": "REGION"}}},
        "pooler": {"enabled": True, "instances": 2},
    },
    "secret": {"keys": ["STALWART_RECOVERY_ADMIN", "STALWART_METRICS_USERNAME", "STALWART_METRICS_PASSWORD",
                        "STALWART_NATS_PASSWORD"]},
    "externalSecrets": {"enabled": True, "secretStoreRef": {"name": "vault", "kind": "ClusterSecretStore"},
                        "refreshInterval": "15m", "remoteKey": "mail/stalwart",
                        "remoteRefs": {"STALWART_NATS_PASSWORD": {"key": "nats/stalwart", "property": "password"}}},
    "objectBucket": {"enabled": True, "storageClassName": "rook-ceph-bucket", "fixedBucketName": True,
                     "acknowledgeBucketTakeover": True, "additionalConfig": {"maxSize": "500G"}},
    "certificate": {"enabled": True, "issuerRef": {"name": "letsencrypt", "kind": "ClusterIssuer"},
                    "dnsNames": ["mail.example.com", "imap.example.com", "smtp.example.com"]},
    "gateway": {"enabled": True, "className": "eg"},
}

# The parent Gateway alone, with its own listener name and a wildcard certificate.
GATEWAY: dict[str, Any] = {
    "gateway": {"enabled": True, "className": "cilium", "listenerName": "websecure"},
    "certificate": {"enabled": True, "issuerRef": {"name": "letsencrypt-dns"}, "secretName": "mail-wildcard-tls",
                    "dnsNames": ["example.com", "*.example.com"]},
}

# The NATS coordinator with every field set (External Secrets provides its
# password), and the NetworkPolicies of it, PostgreSQL and the pooler.
COORDINATOR: dict[str, Any] = {
    "postgresql": {"enabled": True, "pooler": {"enabled": True}},
    "networkPolicy": {"enabled": True, "monitoringFrom": [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "observability"}},
         "podSelector": {"matchLabels": {"app.kubernetes.io/name": "prometheus"}}}]},
    "secret": {"keys": ["STALWART_RECOVERY_ADMIN", "STALWART_NATS_PASSWORD"]},
    "externalSecrets": {"enabled": True, "secretStoreRef": {"name": "vault"}, "remoteKey": "mail/stalwart"},
    "coordinator": {"enabled": True, "replicas": 5, "username": "mail-cluster", "podAntiAffinity": "required",
                    "image": {"repository": "registry.example.com/nats", "tag": "2.10.24-alpine",
                              "pullPolicy": "Always"},
                    "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "512Mi"}},
                    "podDisruptionBudget": {"maxUnavailable": 2}},
}

# The observability components on, with every optional field set.
MONITORING: dict[str, Any] = {
    "serviceMonitor": {"enabled": True, "labels": {"release": "kube-prometheus-stack"}, "interval": "15s",
                       "scrapeTimeout": "10s", "basicAuth": {"secretName": "stalwart-metrics"},
                       "relabelings": [{"targetLabel": "cluster", "replacement": "eu-1"}],
                       "metricRelabelings": [{"sourceLabels": ["__name__"], "regex": "go_.*", "action": "drop"}]},
    "prometheusRule": {"enabled": True, "labels": {"release": "kube-prometheus-stack"},
                       "additionalAlertLabels": {"team": "mail"},
                       "thresholds": {"queueSize": 500, "queueGrowthPerHour": 40}},
    "dashboard": {"enabled": True, "folder": "2024"},  # a folder name YAML reads as a number unless quoted
}

# Legacy in-tree Barman (removed in CloudNativePG 1.31.0), still an opt-in: the
# Cluster's own barmanObjectStore with the same object-store values.
LEGACY_BACKUP: dict[str, Any] = {**ALL_FEATURES, "postgresql": {
    **ALL_FEATURES["postgresql"], "imageName": "ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie",
    "backup": {**ALL_FEATURES["postgresql"]["backup"], "method": "barmanObjectStore"}}}

SCENARIOS: dict[str, dict[str, Any]] = {
    "default": {},
    "all-features": ALL_FEATURES,
    "legacy-backup": LEGACY_BACKUP,
    "monitoring": MONITORING,
    # a licensed server: the enterprise-only rule group and dashboard row on top
    "monitoring-enterprise": {**MONITORING, "monitoring": {"stalwartEnterprise": True}},
    "coordinator": COORDINATOR,
    "gateway": GATEWAY,
}


# Value sets the mutation run renders beside the scenarios: a base fullname
# whose 45th character is "-", where the shared prefix is cut (CloudNativePG
# appends "-rw", "-app", "-pooler-rw" within 63).
EDGE_CASES: dict[str, dict[str, Any]] = {
    "prefix-cut-at-a-dash": {**ALL_FEATURES, "base": {"fullnameOverride": "a" * 44 + "-" + "b" * 10}},
}


# The operator APIs a cluster serving every component has: the mutation run
# renders the platform's value sets with them, as the tests do.
API_VERSIONS = ALL_APIS
