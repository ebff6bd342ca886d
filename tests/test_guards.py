"""The validating helper: cross-field rules with messages that name the value
path and the fix, identical under Helm 3 and Helm 4."""
from __future__ import annotations

import pytest

STATELESS = {"persistence": {"data": {"enabled": False}, "config": {"accessMode": "ReadWriteMany"}}}

# (id, values overlay, substrings the message must contain)
GUARDS = [
    ("replicas-rwo-data", {"replicaCount": 2, "persistence": {"config": {"accessMode": "ReadWriteMany"}}},
     ["persistence.data.accessMode: replicaCount=2", "ReadWriteMany", "persistence.data.enabled=false"]),
    ("replicas-rwo-config", {"replicaCount": 3, "persistence": {"data": {"enabled": False}}},
     ["persistence.config.accessMode: replicaCount=3", "external stores"]),
    ("hpa-rwo", {"autoscaling": {"enabled": True, "minReplicas": 1, "maxReplicas": 3}},
     ["persistence.config.accessMode: autoscaling.maxReplicas=3", "ReadWriteOnce"]),
    ("rwop-counts-as-rwo", {"replicaCount": 2, "persistence": {"data": {"enabled": False},
                                                               "config": {"accessMode": "ReadWriteOncePod"}}},
     ["persistence.config.accessMode"]),
    ("hpa-min-gt-max", {**STATELESS, "autoscaling": {"enabled": True, "minReplicas": 5, "maxReplicas": 3}},
     ["autoscaling.minReplicas: 5 is greater than autoscaling.maxReplicas (3)"]),
    ("rolling-update-rwo", {"strategy": {"type": "RollingUpdate"}},
     ["strategy.type: RollingUpdate", "deadlocks", "Recreate"]),
    ("pdb-single-replica", {"podDisruptionBudget": {"enabled": True}},
     ["podDisruptionBudget.minAvailable: 1 keeps all of the 1 replica(s) up", "drained"]),
    ("pdb-min-equals-hpa-min", {**STATELESS, "autoscaling": {"enabled": True, "minReplicas": 2},
                                "podDisruptionBudget": {"enabled": True, "minAvailable": 2}},
     ["podDisruptionBudget.minAvailable: 2 keeps all of the 2 replica(s) up"]),
    ("pdb-percent-rounds-up", {**STATELESS, "replicaCount": 3,
                               "podDisruptionBudget": {"enabled": True, "minAvailable": "70%"}},
     ["podDisruptionBudget.minAvailable: 70%"]),
    ("pdb-max-zero", {**STATELESS, "replicaCount": 3,
                      "podDisruptionBudget": {"enabled": True, "minAvailable": None, "maxUnavailable": 0}},
     ["podDisruptionBudget.maxUnavailable: 0 allows no pod to be evicted"]),
    ("pdb-max-zero-percent", {**STATELESS, "replicaCount": 3,
                              "podDisruptionBudget": {"enabled": True, "minAvailable": None, "maxUnavailable": "0%"}},
     ["podDisruptionBudget.maxUnavailable: 0%"]),
    ("pdb-both", {**STATELESS, "replicaCount": 3,
                  "podDisruptionBudget": {"enabled": True, "minAvailable": 1, "maxUnavailable": 1}},
     ["podDisruptionBudget: minAvailable and maxUnavailable are both set"]),
    ("pdb-neither", {**STATELESS, "replicaCount": 3,
                     "podDisruptionBudget": {"enabled": True, "minAvailable": None}},
     ["podDisruptionBudget: set minAvailable or maxUnavailable"]),
    ("no-hostname", {"gateway": {"hostnames": []}},
     ["gateway.hostnames:", "--set gateway.hostnames[0]=mail.example.com"]),
    ("nodeport-on-clusterip", {"service": {"nodePorts": {"smtp": 30025}}},
     ["service.nodePorts.smtp: nodePorts need service.type NodePort or LoadBalancer"]),
    ("nodeport-unpublished", {"service": {"type": "NodePort", "ports": {"pop3": None},
                                          "nodePorts": {"pop3": 30110}}},
     ["service.nodePorts.pop3: the Service does not publish a port named \"pop3\""]),
    ("etp-on-clusterip", {"service": {"externalTrafficPolicy": "Local"}},
     ["service.externalTrafficPolicy: only applies to service.type LoadBalancer or NodePort"]),
    ("http-removed-with-gateway", {"service": {"ports": {"http": None}}},
     ["service.ports.http: removed while gateway.enabled is true"]),
    ("no-ports-left", {"gateway": {"enabled": False}, "service": {"ports": {p: None for p in (
        "http", "smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s", "sieve")}}},
     ["service.ports: every port was removed"]),
    ("lb-ip-on-clusterip", {"service": {"loadBalancerIP": "192.0.2.1"}},
     ["service.loadBalancerIP: only applies to service.type LoadBalancer (it is ClusterIP)"]),
    ("lb-ranges-on-nodeport", {"service": {"type": "NodePort", "loadBalancerSourceRanges": ["10.0.0.0/8"]}},
     ["service.loadBalancerSourceRanges: only applies to service.type LoadBalancer (it is NodePort)"]),
    ("lb-class-on-clusterip", {"service": {"loadBalancerClass": "example.com/lb"}},
     ["service.loadBalancerClass: only applies to service.type LoadBalancer"]),
    ("service-port-without-container-port", {"service": {"ports": {"lmtp": 24}}},
     ["service.ports.lmtp: the container has no port named \"lmtp\"", "containerPorts.lmtp"]),
    ("pod-label-overrides-selector", {"podLabels": {"app.kubernetes.io/name": "other"}},
     ["podLabels.app.kubernetes.io/name: is a selector label"]),
    ("route-label-overrides-chart-label", {"gateway": {"labels": {"app.kubernetes.io/instance": "x"}}},
     ["gateway.labels.app.kubernetes.io/instance: is set by the chart"]),
]


@pytest.mark.parametrize("overlay,expected", [g[1:] for g in GUARDS], ids=[g[0] for g in GUARDS])
def test_guard_fails_with_path_and_fix(r, overlay: dict, expected: list[str]) -> None:
    message = r.error(overlay)
    for fragment in expected:
        assert fragment in message, message


@pytest.mark.parametrize("overlay,expected", [g[1:] for g in GUARDS], ids=[g[0] for g in GUARDS])
def test_guard_message_is_identical_under_helm3_and_helm4(overlay: dict, expected: list[str]) -> None:
    from conftest import Renderer
    messages = {helm: _guard_line(Renderer(helm, "1.37").error(overlay)) for helm in ("helm3", "helm4")}
    assert messages["helm3"] == messages["helm4"], messages


def _guard_line(stderr: str) -> str:
    """The guard's own sentence, without helm's 'Error: execution error at (…)' prefix."""
    return stderr.strip().splitlines()[-1].split("): ", 1)[-1]


# Near misses: each sits just inside a guard and must render.
ALLOWED = [
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
]


@pytest.mark.parametrize("overlay", [a[1] for a in ALLOWED], ids=[a[0] for a in ALLOWED])
def test_near_misses_render(r, overlay: dict) -> None:
    assert r(overlay)
