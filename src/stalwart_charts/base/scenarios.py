"""Named value sets the whole-chart tests, the benchmark and the security
scans share. Each is a complete values overlay on the chart's defaults."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from stalwart_charts.charts import BASE as BASE_CHART

HOST = "mail.example.com"
BASE: dict[str, Any] = {"gateway": {"hostnames": [HOST]}}

# A container security context inside the Pod Security "restricted" profile,
# for the operator's init and extra containers in tests and scenarios.
RESTRICTED_CONTAINER: dict[str, Any] = {
    "allowPrivilegeEscalation": False, "runAsNonRoot": True, "readOnlyRootFilesystem": True,
    "capabilities": {"drop": ["ALL"]},
}

# Only what cannot be defaulted: the route's hostname.
DEFAULT = BASE

# The smallest install: no route, no test pod, no ServiceAccount, only HTTP.
MINIMAL: dict[str, Any] = {
    "gateway": {"enabled": False},
    "serviceAccount": {"create": False},
    "tests": {"enabled": False},
    "service": {"ports": {p: None for p in
                          ("smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s", "sieve")}},
}

# Every optional object and most optional fields switched on.
ALL_FEATURES: dict[str, Any] = {
    "gateway": {
        "hostnames": [HOST, "*.mail.example.com"],
        "annotations": {"example.com/owner": "mail"},
        "labels": {"gateway.example.com/expose": "true"},
        "rules": [
            {"matches": [{"path": {"type": "PathPrefix", "value": "/.well-known/caldav"}}]},
            {"matches": [{"path": {"type": "PathPrefix", "value": "/"}}]},
        ],
    },
    "image": {"digest": "sha256:" + "0" * 64},
    "imagePullSecrets": [{"name": "registry"}],
    "serviceAccount": {"annotations": {"example.com/role": "stalwart"}},
    "env": [{"name": "STALWART_HOSTNAME", "value": HOST}],
    "envFrom": [{"secretRef": {"name": "stalwart"}}],
    "service": {
        "type": "LoadBalancer",
        "externalTrafficPolicy": "Local",
        "annotations": {"metallb.universe.tf/address-pool": "mail"},
        "loadBalancerSourceRanges": ["0.0.0.0/0"],
        "loadBalancerClass": "example.com/lb",
        "ports": {"https": 443},
        "nodePorts": {"smtp": 30025, "imaps": 30993},
    },
    "persistence": {
        "config": {"accessMode": "ReadWriteMany", "storageClass": "nfs", "annotations": {"backup": "daily"}},
        "data": {"enabled": False},
    },
    # Wizard mode runs one pod (the HPA and PDB are in DECLARATIVE_SCALED); the http port on the load
    # balancer is accepted in writing.
    "acceptRisks": {"plainHttpOutside": True},
    "podAnnotations": {"example.com/scrape": "true"},
    "podLabels": {"team": "mail"},
    "priorityClassName": "high",
    "nodeSelector": {"kubernetes.io/os": "linux"},
    "tolerations": [{"key": "mail", "operator": "Exists", "effect": "NoSchedule"}],
    "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 100, "podAffinityTerm": {
            "topologyKey": "kubernetes.io/hostname",
            "labelSelector": {"matchLabels": {"app.kubernetes.io/name": "stalwart"}}}}]}},
    "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                                   "whenUnsatisfiable": "ScheduleAnyway",
                                   "labelSelector": {"matchLabels": {"app.kubernetes.io/name": "stalwart"}}}],
    "externalService": {"enabled": True, "type": "NodePort", "nodePorts": {"submissions": 30465},
                        "annotations": {"example.com/edge": "haproxy"},
                        "ipFamilyPolicy": "PreferDualStack", "ipFamilies": ["IPv4", "IPv6"]},
    "commonLabels": {"example.com/team": "mail", "environment": "production"},
    "dnsPolicy": "ClusterFirst",
    "dnsConfig": {"options": [{"name": "ndots", "value": "2"}]},
    "hostAliases": [{"ip": "192.0.2.10", "hostnames": ["relay.internal"]}],
    "runtimeClassName": "gvisor",
    "lifecycle": {"preStop": {"sleep": {"seconds": 5}}},
    "extraObjects": ["""apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "stalwart.fullname" . }}-extra
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "stalwart.labels" . | nindent 4 }}
data:
  hostname: {{ first .Values.gateway.hostnames }}
"""],
    "extraVolumes": [{"name": "cache", "emptyDir": {}}],
    "extraVolumeMounts": [{"name": "cache", "mountPath": "/var/cache/stalwart"}],
    "networkPolicy": {"enabled": True, "httpFrom": [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "envoy-gateway-system"}},
         "podSelector": {"matchExpressions": [{"key": "app.kubernetes.io/name", "operator": "In",
                                               "values": ["envoy"]}]}}],
        "egress": {"smtpPorts": [25], "storePorts": [5432], "extra": [
            {"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.0.0.0/8"]}}],
             "ports": [{"port": 443, "protocol": "TCP"}]}]}},
    "initContainers": [{"name": "wait", "image": "busybox:1.37@sha256:" + "1" * 64, "command": ["true"],
                        "resources": {"requests": {"cpu": "10m", "memory": "16Mi"},
                                      "limits": {"cpu": "50m", "memory": "32Mi"}},
                        "securityContext": RESTRICTED_CONTAINER}],
}

# Declarative mode on one pod: RocksDB on the data volume and every shortcut
# that needs no external service.
DECLARATIVE: dict[str, Any] = {
    **BASE,
    "config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}},
    "bootstrap": {
        "hostname": HOST, "domain": "example.com",
        "metrics": {"enabled": True, "passwordSecret": {"name": "stalwart", "key": "METRICS_PASSWORD"}},
    },
}

# Declarative mode with every store outside the pod, scaled by the HPA.
DECLARATIVE_SCALED: dict[str, Any] = {
    **BASE,
    "config": {"dataStore": {"@type": "PostgreSql", "host": "stalwart-db-rw", "database": "app",
                             "authUsername": "app", "authSecret": {"@type": "EnvironmentVariable",
                                                                   "variableName": "STALWART_DB_PASSWORD"}}},
    "env": [{"name": "STALWART_DB_PASSWORD",
             "valueFrom": {"secretKeyRef": {"name": "stalwart-db-app", "key": "password"}}}],
    "persistence": {"data": {"enabled": False}},
    "autoscaling": {"enabled": True, "minReplicas": 2, "maxReplicas": 4},
    "podDisruptionBudget": {"enabled": True, "minAvailable": 1},
    "bootstrap": {
        "blobStore": {"s3": {"enabled": True, "bucket": "stalwart-blobs", "endpoint": "https://s3.example.com",
                             "accessKeySecret": {"name": "stalwart", "key": "S3_ACCESS_KEY"},
                             "secretKeySecret": {"name": "stalwart", "key": "S3_SECRET_KEY"}}},
        "inMemoryStore": {"redisUrl": "redis://redis.redis.svc:6379/0"},
        "coordinator": {"type": "Default"},
    },
    # Cluster roles: the scaled set without spam training and the push shard
    # 1, one role-set pod training the classifier with push shard 2.
    "cluster": {"roles": [{"name": "frontend", "description": "clients", "disableTasks": ["spamClassifierTraining"]},
                          {"name": "trainer", "enableTasks": ["spamClassifierTraining", "pushNotifications"]}],
                "role": "frontend", "pushShard": 1,
                "roleSets": [{"name": "trainer", "replicas": 1, "role": "trainer", "pushShard": 2}]},
}

SCENARIOS: dict[str, dict[str, Any]] = {
    "default": DEFAULT,
    "minimal": MINIMAL,
    "all-features": ALL_FEATURES,
    # Every declarative-mode object (Job, Role, Secrets, plan); DECLARATIVE is its single-pod twin.
    "declarative-scaled": DECLARATIVE_SCALED,
    # The single pod on RocksDB with its scheduled VolumeSnapshots (CronJob, its RBAC, the body's ConfigMap).
    "declarative-snapshots": {**DECLARATIVE, "backup": {"snapshots": {
        "enabled": True, "volumeSnapshotClassName": "csi-snapclass", "image": {"digest": "sha256:" + "3" * 64}}}},
}

# 63 characters (the most a name may have); "stalwart-" + it is cut right after its "-".
LONG_NAME = "a" * 53 + "-" + "b" * 9
# A tag whose 63rd character is "-": the version label is cut there, then trimmed.
LONG_TAG = "v0.16.25-" + "a" * 53 + "-rc1"
NUMERIC = "2026"  # a name YAML would read as a number unless quoted

# Value sets that reach branches the scenarios leave alone. The mutation run
# (chartkit.mutation.runner) renders them beside the scenarios, so a change there is
# not taken for an equivalent mutant; test_chart validates each.
# An extraObjects entry given as a map, its strings through tpl.
EXTRA_OBJECT_MAP: dict[str, Any] = {
    "apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "{{ .Release.Name }}-hosts", "namespace": "{{ .Release.Namespace }}",
                 "labels": {"app.kubernetes.io/name": "stalwart", "app.kubernetes.io/instance": "{{ .Release.Name }}",
                            "app.kubernetes.io/version": "x", "app.kubernetes.io/managed-by": "Helm",
                            "helm.sh/chart": "stalwart"}},
    "data": {"hosts": "{{ join \",\" .Values.gateway.hostnames }}"}}

EDGE_CASES: dict[str, dict[str, Any]] = {
    "plain-credential-env": {**BASE, "env": [
        {"name": "DB_PASSWORD", "value": "hunter2"},
        {"name": "API_TOKEN", "valueFrom": {"secretKeyRef": {"name": "api", "key": "token"}}}],
                             "acceptRisks": {"plainEnvValues": True}},
    "ephemeral-config": {**BASE, "persistence": {"config": {"enabled": False}},
                         "acceptRisks": {"ephemeralConfig": True}},
    "loadbalancer-ip": {**BASE, "service": {"type": "LoadBalancer", "loadBalancerIP": "192.0.2.10"},
                        "acceptRisks": {"plainHttpOutside": True}},
    "storage-edges": {**BASE, "persistence": {"config": {"storageClass": "-", "keepOnUninstall": False},
                                              "data": {"existingClaim": "mail-data"}}},
    "fullname-override": {**BASE, "fullnameOverride": "mail"},
    "long-name-and-tag": {**BASE, "nameOverride": LONG_NAME, "image": {"tag": LONG_TAG}},
    "numeric-names": {**BASE, "nameOverride": NUMERIC, "image": {"tag": NUMERIC}, "priorityClassName": NUMERIC,
                      "serviceAccount": {"name": NUMERIC},
                      "persistence": {"config": {"storageClass": NUMERIC}, "data": {"existingClaim": NUMERIC}}},
    # declarative mode under the longest fullname: "-bootstrap" names are cut to 63
    "declarative-longest-fullname": {**DECLARATIVE, "fullnameOverride": "m" * 62 + "z"},
    # extraObjects as a map beside a string: two documents, each through tpl
    "extra-objects-map-and-string": {**BASE, "extraObjects": [
        EXTRA_OBJECT_MAP,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-extra-text\n"
        "  namespace: {{ .Release.Namespace }}\n  labels:\n    {{- include \"stalwart.labels\" . | nindent 4 }}\n"
        "data:\n  port: {{ .Values.containerPorts.smtp | quote }}\n"]},
    "sidecar": {**BASE, "extraContainers": [{
        "name": "sidecar", "image": "busybox:1.37@sha256:" + "2" * 64, "command": ["sleep", "infinity"],
        "resources": {"requests": {"cpu": "5m", "memory": "8Mi"}, "limits": {"memory": "16Mi"}},
        "securityContext": {"allowPrivilegeEscalation": False, "runAsNonRoot": True, "readOnlyRootFilesystem": True,
                            "capabilities": {"drop": ["ALL"]}}}]},
}

EXAMPLES_DIR = BASE_CHART.examples_dir


def examples() -> dict[str, dict[str, Any]]:
    """The base chart's operator-facing example values files, by file stem."""
    return BASE_CHART.examples()


def example_path(name: str) -> Path:
    return BASE_CHART.example_path(name)
