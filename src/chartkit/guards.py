"""The cross-field guards of templates/_validate.tpl (`stalwart.validate`),
as data: each case's values, when it fires, and what its message must say.
The tests assert the messages; `make docs` renders the README table from
the same cases, so the documented message is the one helm really prints."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GuardCase:
    id: str
    when: str  # what the operator did, in words
    values: dict[str, Any]  # overlay on the chart's required values (the base chart's hostname)
    expect: list[str]  # substrings the message must contain
    api_versions: tuple[str, ...] = ()  # extra .Capabilities.APIVersions for the render


STATELESS = {"persistence": {"data": {"enabled": False}, "config": {"accessMode": "ReadWriteMany"}}}

GUARDS: list[GuardCase] = [
    GuardCase("replicas-rwo-data", "replicaCount > 1 while the data volume is ReadWriteOnce",
              {"replicaCount": 2, "persistence": {"config": {"accessMode": "ReadWriteMany"}}},
     ["persistence.data.accessMode: replicaCount=2", "ReadWriteMany", "persistence.data.enabled=false"]),
    GuardCase("replicas-rwo-config", "replicaCount > 1 while the config volume is ReadWriteOnce",
              {"replicaCount": 3, "persistence": {"data": {"enabled": False}}},
     ["persistence.config.accessMode: replicaCount=3", "external stores"]),
    GuardCase("hpa-rwo", "autoscaling.maxReplicas > 1 while a volume is ReadWriteOnce",
              {"autoscaling": {"enabled": True, "minReplicas": 1, "maxReplicas": 3}},
     ["persistence.config.accessMode: autoscaling.maxReplicas=3", "ReadWriteOnce"]),
    GuardCase("rwop-counts-as-rwo", "more than one replica on a ReadWriteOncePod volume",
              {"replicaCount": 2, "persistence": {"data": {"enabled": False},
                                                               "config": {"accessMode": "ReadWriteOncePod"}}},
     ["persistence.config.accessMode", "config volume is ReadWriteOncePod"]),
    GuardCase("hpa-min-gt-max", "autoscaling.minReplicas > autoscaling.maxReplicas",
              {**STATELESS, "autoscaling": {"enabled": True, "minReplicas": 5, "maxReplicas": 3}},
     ["autoscaling.minReplicas: 5 is greater than autoscaling.maxReplicas (3)"]),
    GuardCase("rolling-update-rwo", "strategy.type RollingUpdate with a ReadWriteOnce volume",
              {"strategy": {"type": "RollingUpdate"}},
     ["strategy.type: RollingUpdate", "ReadWriteOnce volume (config, data)", "deadlocks", "Recreate"]),
    GuardCase("pdb-single-replica", "PDB minAvailable >= the replica count",
              {"podDisruptionBudget": {"enabled": True}},
     ["podDisruptionBudget.minAvailable: 1 keeps all of the 1 replica(s) up", "drained"]),
    GuardCase("pdb-min-equals-hpa-min", "PDB minAvailable >= autoscaling.minReplicas",
              {**STATELESS, "autoscaling": {"enabled": True, "minReplicas": 2},
                                "podDisruptionBudget": {"enabled": True, "minAvailable": 2}},
     ["podDisruptionBudget.minAvailable: 2 keeps all of the 2 replica(s) up"]),
    GuardCase("pdb-percent-rounds-up", "PDB minAvailable percentage that rounds up to every replica",
              {**STATELESS, "replicaCount": 3,
                               "podDisruptionBudget": {"enabled": True, "minAvailable": "70%"}},
     ["podDisruptionBudget.minAvailable: 70%"]),
    GuardCase("pdb-max-zero", "PDB maxUnavailable 0",
              {**STATELESS, "replicaCount": 3,
                      "podDisruptionBudget": {"enabled": True, "minAvailable": None, "maxUnavailable": 0}},
     ["podDisruptionBudget.maxUnavailable: 0 allows no pod to be evicted"]),
    GuardCase("pdb-max-zero-percent", "PDB maxUnavailable 0%",
              {**STATELESS, "replicaCount": 3,
                              "podDisruptionBudget": {"enabled": True, "minAvailable": None, "maxUnavailable": "0%"}},
     ["podDisruptionBudget.maxUnavailable: 0%"]),
    GuardCase("pdb-both", "PDB minAvailable and maxUnavailable both set",
              {**STATELESS, "replicaCount": 3,
                  "podDisruptionBudget": {"enabled": True, "minAvailable": 1, "maxUnavailable": 1}},
     ["podDisruptionBudget: minAvailable and maxUnavailable are both set"]),
    GuardCase("pdb-neither", "PDB with neither bound",
              {**STATELESS, "replicaCount": 3,
                     "podDisruptionBudget": {"enabled": True, "minAvailable": None}},
     ["podDisruptionBudget: set minAvailable or maxUnavailable"]),
    GuardCase("no-hostname", "gateway.enabled without gateway.hostnames",
              {"gateway": {"hostnames": []}},
     ["gateway.hostnames:", "--set gateway.hostnames[0]=mail.example.com"]),
    GuardCase("nodeport-on-clusterip", "service.nodePorts with service.type ClusterIP",
              {"service": {"nodePorts": {"smtp": 30025}}},
     ["service.nodePorts.smtp: nodePorts need service.type NodePort or LoadBalancer"]),
    GuardCase("nodeport-unpublished", "a nodePort for a port the Service does not publish",
              {"service": {"type": "NodePort", "ports": {"pop3": None},
                                          "nodePorts": {"pop3": 30110}}},
     ["service.nodePorts.pop3: the Service does not publish a port named \"pop3\""]),
    GuardCase("duplicate-service-port", "two Service ports with the same number",
              {"service": {"ports": {"submission": 465}}},
     ["service.ports.submissions: port 465 is already published as service.ports.submission"]),
    GuardCase("duplicate-node-port", "two ports with the same nodePort",
              {"service": {"type": "NodePort", "nodePorts": {"smtp": 30025, "imaps": 30025}}},
     ["service.nodePorts.smtp: nodePort 30025 is already used by service.nodePorts.imaps"]),
    GuardCase("etp-on-clusterip", "service.externalTrafficPolicy with service.type ClusterIP",
              {"service": {"externalTrafficPolicy": "Local"}},
     ["service.externalTrafficPolicy: only applies to service.type LoadBalancer or NodePort"]),
    GuardCase("http-removed-with-gateway", "service.ports.http removed while the gateway is enabled",
              {"service": {"ports": {"http": None}}},
     ["service.ports.http: removed while gateway.enabled is true"]),
    GuardCase("no-ports-left", "every Service port removed",
              {"gateway": {"enabled": False}, "service": {"ports": {p: None for p in (
        "http", "smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s", "sieve")}}},
     ["service.ports: every port was removed"]),
    GuardCase("lb-ip-on-clusterip", "service.loadBalancerIP without a LoadBalancer",
              {"service": {"loadBalancerIP": "192.0.2.1"}},
     ["service.loadBalancerIP: only applies to service.type LoadBalancer (it is ClusterIP)"]),
    GuardCase("lb-ranges-on-nodeport", "service.loadBalancerSourceRanges without a LoadBalancer",
              {"service": {"type": "NodePort", "loadBalancerSourceRanges": ["10.0.0.0/8"]}},
     ["service.loadBalancerSourceRanges: only applies to service.type LoadBalancer (it is NodePort)"]),
    GuardCase("lb-class-on-clusterip", "service.loadBalancerClass without a LoadBalancer",
              {"service": {"loadBalancerClass": "example.com/lb"}},
     ["service.loadBalancerClass: only applies to service.type LoadBalancer"]),
    GuardCase("service-port-without-container-port", "a Service port with no container port of that name",
              {"service": {"ports": {"lmtp": 24}}},
     ["service.ports.lmtp: the container has no port named \"lmtp\"", "containerPorts.lmtp"]),
    GuardCase("pod-label-overrides-selector", "podLabels overriding a selector label",
              {"podLabels": {"app.kubernetes.io/name": "other"}},
     ["podLabels.app.kubernetes.io/name: is a selector label"]),
    GuardCase("route-label-overrides-chart-label", "gateway.labels overriding a chart label",
              {"gateway": {"labels": {"app.kubernetes.io/instance": "x"}}},
     ["gateway.labels.app.kubernetes.io/instance: is set by the chart"]),
    *[GuardCase(f"route-label-overrides-{key.rsplit('/', 1)[-1]}", f"gateway.labels overriding {key}",
                {"gateway": {"labels": {key: "x"}}}, [f"gateway.labels.{key}: is set by the chart"])
      for key in ("app.kubernetes.io/name", "app.kubernetes.io/version", "app.kubernetes.io/managed-by",
                  "app.kubernetes.io/part-of", "helm.sh/chart")],
    GuardCase("pod-label-overrides-instance", "podLabels overriding the instance selector label",
              {"podLabels": {"app.kubernetes.io/instance": "other"}},
     ["podLabels.app.kubernetes.io/instance: is a selector label"]),
]

# Near misses: each sits just inside a guard and must render.
ALLOWED: list[tuple[str, dict[str, Any]]] = [
    ("multi-replica-stateless", {**STATELESS, "replicaCount": 3}),
    ("rwx-everywhere", {"replicaCount": 2, "persistence": {"data": {"accessMode": "ReadWriteMany"},
                                                           "config": {"accessMode": "ReadWriteMany"}}}),
    ("hpa-single-max", {"autoscaling": {"enabled": True, "minReplicas": 1, "maxReplicas": 1}}),
    ("pdb-min-below-replicas", {**STATELESS, "replicaCount": 2, "podDisruptionBudget": {"enabled": True}}),
    ("pdb-percent-ok", {**STATELESS, "replicaCount": 3,
                        "podDisruptionBudget": {"enabled": True, "minAvailable": "60%"}}),
    ("pdb-max-percent-rounds-up", {**STATELESS, "replicaCount": 2,
                                   "podDisruptionBudget": {"enabled": True, "minAvailable": None,
                                                           "maxUnavailable": "10%"}}),
    ("nodeport-on-loadbalancer", {"service": {"type": "LoadBalancer", "nodePorts": {"smtp": 30025}}}),
    ("etp-on-nodeport", {"service": {"type": "NodePort", "externalTrafficPolicy": "Local"}}),
    ("no-http-without-gateway", {"gateway": {"enabled": False}, "service": {"ports": {"http": None}},
                                 "tests": {"enabled": True}}),
    ("recreate-explicit", {"strategy": {"type": "Recreate"}}),
    ("pdb-max-one-percent-of-one-pod", {"podDisruptionBudget": {"enabled": True, "minAvailable": None,
                                                                "maxUnavailable": "1%"}}),
]


def guard_cases(chart: str) -> list[GuardCase]:
    """The guard cases of a chart, by chart name."""
    if chart == "base":
        return GUARDS
    from importlib import import_module
    return import_module(f"chartkit.guards_{chart}").GUARDS


def guard_message(stderr: str) -> str:
    """The guard's own sentence, without helm's 'Error: execution error at (…): ' prefix."""
    line = next(ln for ln in stderr.splitlines() if "execution error at" in ln)
    return line.split("): ", 1)[1].strip()
