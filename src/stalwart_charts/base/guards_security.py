"""The security guards of templates/_validate_security.tpl (issue 25), as
GuardCases and near misses that stalwart_charts.base.guards adds to GUARDS and
ALLOWED, so the guard tests run them under both helms and `make docs` lists
them."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chartkit.testing.guards import GuardCase
from stalwart_charts.base.overlays import ROCKSDB


def _trust(rocksdb: dict[str, Any], *cidrs: str, ack: str = "") -> dict[str, Any]:
    listeners: dict[str, Any] = {"proxyTrustedNetworks": list(cidrs)}
    if ack:
        listeners["proxyTrustAcknowledgement"] = ack
    return {**rocksdb, "bootstrap": {"listeners": listeners}}


def _deployment(pod: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "extra"},
            "spec": {"selector": {"matchLabels": {"app": "extra"}},
                     "template": {"metadata": {"labels": {"app": "extra"}}, "spec": pod}}}


RESTRICTED_CONTAINER = {"name": "c", "image": "busybox", "securityContext": {
    "allowPrivilegeEscalation": False, "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]},
    "seccompProfile": {"type": "RuntimeDefault"}}}
CLUSTER_ADMIN = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                 "metadata": {"name": "takeover"},
                 "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
                 "subjects": [{"kind": "ServiceAccount", "name": "default", "namespace": "mail"}]}
OTHER_NAMESPACE = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "namespace": "kube-system"}}
HOST_POD = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: node-shell\n  namespace: '{{ .Release.Namespace }}'\n"
            "spec:\n  hostPID: true\n  containers:\n    - name: c\n      image: busybox\n")

# A namespaced, labelled Job whose pod keeps the restricted profile: admitted.
RESTRICTED_JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-extra-job
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "stalwart.labels" . | nindent 4 }}
spec:
  template:
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: c
          image: busybox:1.37
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
"""

def cases(case: Callable[..., Any], rocksdb: dict[str, Any]) -> tuple[list[Any], list[tuple[str, dict[str, Any]]]]:
    """(guard cases built with `case`, allowed near misses); `rocksdb` is the declarative-mode overlay."""
    return _guards(case, rocksdb), _allowed(rocksdb)


PRIVILEGED = {**RESTRICTED_CONTAINER,
              "securityContext": {**RESTRICTED_CONTAINER["securityContext"], "privileged": True}}
HOST_PATH = {"containers": [RESTRICTED_CONTAINER], "volumes": [{"name": "root", "hostPath": {"path": "/"}}]}
TRUST = "bootstrap.listeners.proxyTrustedNetworks"


def _guards(case: Callable[..., Any], rocksdb: dict[str, Any]) -> list[Any]:
    return [
        case("proxy-trusts-everyone-v6", f"{TRUST} with ::0/0 (any /0, any spelling)",
             _trust(rocksdb, "2001:db8::1/128", "::0/0"),
             [f"{TRUST}[1]: ::0/0 trusts every peer", "load balancer"]),
        case("proxy-trusts-half-the-internet", f"{TRUST} with 0.0.0.0/1",
             _trust(rocksdb, "0.0.0.0/1"),
             [f"{TRUST}[0]: 0.0.0.0/1 covers the whole private network 10.0.0.0/8",
              "bootstrap.listeners.proxyTrustAcknowledgement"]),
        case("proxy-trusts-private-block", f"{TRUST} covering a private block",
             _trust(rocksdb, "192.0.2.10/32", "172.16.0.0/12"),
             [f"{TRUST}[1]: 172.16.0.0/12 covers the whole private network 172.16.0.0/12",
              "claiming to be 127.0.0.1", "/32 or /128"]),
        case("proxy-trusts-ula", f"{TRUST} with fc00::/7",
             _trust(rocksdb, "fc00::/7"),
             [f"{TRUST}[0]: fc00::/7 covers the whole private network fc00::/7"]),
        case("proxy-trusts-all-with-ack", "an acknowledgement does not admit a /0",
             _trust(rocksdb, "0::/0", ack="the NLB is the only way in"),
             [f"{TRUST}[0]: 0::/0 trusts every peer"]),
        case("extra-objects-cluster-scoped", "extraObjects with a cluster-scoped kind",
             {"extraObjects": [CLUSTER_ADMIN]},
             ["extraObjects[0] (ClusterRoleBinding takeover): ClusterRoleBinding is cluster-scoped",
              "extraObjectsPolicy.allowClusterScoped=true"]),
        case("extra-objects-other-namespace", "extraObjects in another namespace",
             {"extraObjects": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ok"}},
                               OTHER_NAMESPACE]},
             ['extraObjects[1] (ConfigMap x): metadata.namespace "kube-system" is not the release\'s namespace',
              "extraObjectsPolicy.allowOtherNamespaces=true"]),
        case("extra-objects-host-namespace", "an extraObjects Pod (as a string) sharing the node's PID namespace",
             {"extraObjects": [HOST_POD]},
             ['extraObjects[0].spec.hostPID: Pod "node-shell" shares the node\'s namespaces', "extraObjects are held"]),
        case("extra-objects-privileged", "an extraObjects Deployment with a privileged container",
             {"extraObjects": [_deployment({"containers": [PRIVILEGED]})]},
             ['extraObjects[0].spec.template.spec.containers[0].securityContext.privileged: container "c"',
              '(In Deployment "extra"']),
        case("extra-objects-hostpath", "an extraObjects Deployment mounting a hostPath",
             {"extraObjects": [_deployment(HOST_PATH)]},
             ['extraObjects[0].spec.template.spec.volumes[0].hostPath: volume "root"']),
        case("console-log-trace", "bootstrap.consoleLog.level debug or trace without an acknowledgement",
             {**rocksdb, "bootstrap": {"consoleLog": {"level": "trace"}}},
             ["bootstrap.consoleLog.level: trace may write AUTH exchanges", "verboseAcknowledgement"]),
    ]


def _allowed(rocksdb: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("proxy-trusts-lb-addresses", _trust(rocksdb, "192.0.2.10/32", "198.51.100.7/32", "2001:db8::10/128")),
        ("proxy-trusts-a-vpc-subnet", _trust(rocksdb, "10.0.0.0/16")),
        ("proxy-trusts-private-block-with-ack", _trust(rocksdb, "10.0.0.0/8", ack="only our HAProxy pair is in 10/8")),
        ("extra-objects-restricted-job", {"extraObjects": [RESTRICTED_JOB]}),
        ("console-log-debug-acknowledged", {**rocksdb, "bootstrap": {"consoleLog": {
            "level": "debug", "verboseAcknowledgement": "tracing a delivery bug until 2026-12-05"}}}),
    ]


SECURITY_GUARDS, SECURITY_ALLOWED = cases(GuardCase, ROCKSDB)
