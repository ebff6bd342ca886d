"""chartkit.validation.netpol's NetworkPolicy semantics on hand-made policies: selector
operators, peers (pod, namespace, both, ipBlock with except), ports (number,
name, range, protocol), policy types and the union of policies."""
from __future__ import annotations

from chartkit.validation.netpol import Cluster, External, Pod, matches

WEB = Pod("web", "app", {"app": "web"}, {"http": 8080})
DB = Pod("db", "app", {"app": "db"})
ADMIN = Pod("admin", "ops", {"role": "admin"})


def policy(spec: dict, ns: str = "app") -> dict:
    return {"kind": "NetworkPolicy", "metadata": {"name": "p", "namespace": ns}, "spec": spec}


def cluster(*specs: dict) -> Cluster:
    return Cluster.of([policy(s) for s in specs], {"app": {}, "ops": {"team": "ops"}}, "app")


def test_selector_operators() -> None:
    labels = {"a": "1", "b": "2"}
    assert matches({}, labels) and matches(None, {})
    assert matches({"matchExpressions": [{"key": "a", "operator": "In", "values": ["1", "3"]}]}, labels)
    assert not matches({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["1"]}]}, labels)
    assert matches({"matchExpressions": [{"key": "c", "operator": "NotIn", "values": ["1"]}]}, labels)
    assert matches({"matchExpressions": [{"key": "c", "operator": "DoesNotExist"}]}, labels)
    assert not matches({"matchLabels": {"a": "1"}, "matchExpressions": [{"key": "b", "operator": "DoesNotExist"}]},
                       labels)


def test_unselected_pod_is_open_and_a_selected_one_is_closed() -> None:
    c = cluster({"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress"]})
    assert c.allowed(DB, WEB, 8080) and not c.allowed(WEB, DB, 5432)


def test_pod_selector_is_the_policys_namespace_and_namespace_selector_widens() -> None:
    same_ns = {"podSelector": {"matchLabels": {"app": "db"}}, "ingress": [{"from": [{"podSelector": {}}]}]}
    assert cluster(same_ns).allowed(WEB, DB, 5432) and not cluster(same_ns).allowed(ADMIN, DB, 5432)
    both = {"podSelector": {"matchLabels": {"app": "db"}}, "ingress": [{"from": [{
        "namespaceSelector": {"matchLabels": {"team": "ops"}}, "podSelector": {"matchLabels": {"role": "x"}}}]}]}
    assert not cluster(both).allowed(ADMIN, DB, 5432)
    by_name = {"podSelector": {"matchLabels": {"app": "db"}}, "ingress": [{"from": [{
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ops"}}}]}]}
    assert cluster(by_name).allowed(ADMIN, DB, 5432) and not cluster(by_name).allowed(WEB, DB, 5432)


def test_ports_by_number_name_range_and_protocol() -> None:
    c = cluster({"podSelector": {}, "policyTypes": ["Ingress"], "ingress": [
        {"ports": [{"port": "http"}, {"port": 9000, "endPort": 9010}, {"port": 53, "protocol": "UDP"}]}]})
    assert c.allowed(ADMIN, WEB, 8080) and not c.allowed(ADMIN, DB, 8080)  # DB has no port named http
    assert c.allowed(ADMIN, DB, 9005) and not c.allowed(ADMIN, DB, 9011)
    assert c.allowed(ADMIN, DB, 53, "UDP") and not c.allowed(ADMIN, DB, 53, "TCP")


def test_ip_block_with_except_and_egress() -> None:
    c = cluster({"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Egress"], "egress": [
        {"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.0.0.0/8"]}}]}]})
    assert c.allowed(WEB, External("198.51.100.1"), 443)
    assert not c.allowed(WEB, External("10.1.2.3"), 443)
    assert not c.allowed(WEB, External("2001:db8::1"), 443)  # an IPv4 block never holds an IPv6 address
    assert not c.allowed(WEB, DB, 5432)  # an ipBlock does not stand for pods here
    assert c.allowed(DB, WEB, 8080)  # ingress of WEB is not restricted by an Egress-only policy


def test_policies_add_up() -> None:
    deny = {"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress"]}
    allow = {"podSelector": {"matchLabels": {"app": "db"}}, "ingress": [{"from": [{"podSelector": {
        "matchLabels": {"app": "web"}}}], "ports": [{"port": 5432}]}]}
    assert cluster(deny, allow).allowed(WEB, DB, 5432) and not cluster(deny).allowed(WEB, DB, 5432)
