"""A small evaluator of Kubernetes NetworkPolicies (networking.k8s.io/v1)
over rendered objects, chart-agnostic: given the policies, the pods (labels,
namespace, named container ports) and the namespaces' labels, is a TCP/UDP
connection from one endpoint to another allowed?

Semantics, as the Kubernetes API documents them: a pod selected by no policy
of a direction is open in that direction; a selected pod accepts a
connection if any rule of any selecting policy allows it (union). A rule
with no `from`/`to` admits every peer, with no `ports` every port. A peer is
a podSelector (the policy's namespace unless a namespaceSelector is given),
a namespaceSelector (all pods there), both (pods matching in matching
namespaces), or an ipBlock (an address outside the cluster: CIDR minus
`except`). Named ports resolve against the destination pod's container ports.
How a CNI treats ipBlock for pod addresses, host-network pods and kubelet
probes varies; the README says so per CNI.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

Obj = dict[str, Any]


@dataclass(frozen=True)
class Pod:
    name: str
    namespace: str
    labels: dict[str, str]
    ports: dict[str, int] = field(default_factory=dict)  # named container ports


@dataclass(frozen=True)
class External:
    """An address outside the cluster (the internet, a node)."""
    ip: str


Endpoint = Pod | External


def matches(selector: Obj | None, labels: dict[str, str]) -> bool:
    """A LabelSelector ({} or None selects everything)."""
    selector = selector or {}
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values") or []
        present, value = key in labels, labels.get(key)
        ok = {"In": present and value in values, "NotIn": not present or value not in values,
              "Exists": present, "DoesNotExist": not present}[op]
        if not ok:
            return False
    return True


@dataclass
class Cluster:
    policies: list[Obj]
    namespaces: dict[str, dict[str, str]]  # name -> labels

    @classmethod
    def of(cls, objects: Iterable[Obj], namespaces: dict[str, dict[str, str]], default_ns: str) -> Cluster:
        policies = [o for o in objects if o["kind"] == "NetworkPolicy"]
        for p in policies:
            p["metadata"].setdefault("namespace", default_ns)
        labelled = {ns: {"kubernetes.io/metadata.name": ns, **labels} for ns, labels in namespaces.items()}
        return cls(policies, labelled)

    def _selecting(self, pod: Pod, direction: str) -> list[Obj]:
        return [p for p in self.policies if p["metadata"]["namespace"] == pod.namespace
                and direction in _types(p) and matches(p["spec"].get("podSelector"), pod.labels)]

    def _peer(self, peer: Obj, policy_ns: str, other: Endpoint) -> bool:
        if "ipBlock" in peer:
            if not isinstance(other, External):
                return False
            ip = ipaddress.ip_address(other.ip)
            block = peer["ipBlock"]
            inside = ip.version == ipaddress.ip_network(block["cidr"]).version and \
                ip in ipaddress.ip_network(block["cidr"])
            return inside and not any(ip.version == ipaddress.ip_network(e).version and ip in ipaddress.ip_network(e)
                                      for e in block.get("except") or [])
        if isinstance(other, External):
            return False
        if "namespaceSelector" in peer:
            if not matches(peer["namespaceSelector"], self.namespaces.get(other.namespace, {})):
                return False
        elif other.namespace != policy_ns:
            return False
        return matches(peer.get("podSelector"), other.labels)

    def _allows(self, pod: Pod, direction: str, other: Endpoint, port: int, protocol: str,
                named: dict[str, int]) -> bool:
        policies = self._selecting(pod, direction)
        if not policies:
            return True
        key = "ingress" if direction == "Ingress" else "egress"
        peers_key = "from" if direction == "Ingress" else "to"
        for p in policies:
            for rule in p["spec"].get(key) or []:
                if not _port_ok(rule.get("ports"), port, protocol, named):
                    continue
                peers = rule.get(peers_key)
                if not peers or any(self._peer(peer, p["metadata"]["namespace"], other) for peer in peers):
                    return True
        return False

    def allowed(self, src: Endpoint, dst: Endpoint, port: int, protocol: str = "TCP") -> bool:
        named = dst.ports if isinstance(dst, Pod) else {}
        egress = not isinstance(src, Pod) or self._allows(src, "Egress", dst, port, protocol, named)
        ingress = not isinstance(dst, Pod) or self._allows(dst, "Ingress", src, port, protocol, named)
        return egress and ingress


def _types(policy: Obj) -> list[str]:
    spec = policy["spec"]
    if "policyTypes" in spec:
        return spec["policyTypes"]
    return ["Ingress", *(["Egress"] if "egress" in spec else [])]


def _port_ok(ports: list[Obj] | None, port: int, protocol: str, named: dict[str, int]) -> bool:
    if not ports:
        return True
    for p in ports:
        if p.get("protocol", "TCP") != protocol:
            continue
        want = p.get("port")
        if want is None:
            return True
        number = named.get(want) if isinstance(want, str) else want
        if number is not None and (number == port or number <= port <= p.get("endPort", number)):
            return True
    return False


def pods_of(objects: Iterable[Obj], namespace: str) -> list[Pod]:
    """One Pod per workload template in rendered objects (Deployment, StatefulSet, Job, Pod)."""
    out = []
    for o in objects:
        spec = o.get("spec") or {}
        template = spec.get("template") if o["kind"] in ("Deployment", "StatefulSet", "Job") else None
        if o["kind"] == "Pod":
            template = o
        if not template:
            continue
        containers = template["spec"].get("containers") or []
        ports = {p["name"]: p["containerPort"] for c in containers for p in c.get("ports") or [] if "name" in p}
        out.append(Pod(f"{o['kind']}/{o['metadata']['name']}", namespace,
                       dict(template["metadata"].get("labels") or {}), ports))
    return out
