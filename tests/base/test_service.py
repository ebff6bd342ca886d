"""templates/service.yaml"""
from __future__ import annotations

from chartkit.rendering.render import find

SPEC_PORTS = {"http": 8080, "smtp": 25, "submission": 587, "submissions": 465, "imap": 143, "imaps": 993,
              "pop3": 110, "pop3s": 995, "sieve": 4190}


def ports(objs) -> dict[str, dict]:
    return {p["name"]: p for p in find(objs, "Service")["spec"]["ports"]}


def test_default_publishes_the_nine_spec_ports_by_name(r) -> None:
    published = ports(r())
    assert {n: p["port"] for n, p in published.items()} == SPEC_PORTS
    assert all(p["targetPort"] == n and p["protocol"] == "TCP" for n, p in published.items())
    assert find(r(), "Service")["spec"]["type"] == "ClusterIP"


def test_null_removes_a_port(r) -> None:
    published = ports(r({"service": {"ports": {"pop3": None, "imap": None}}}))
    assert "pop3" not in published and "imap" not in published
    assert "pop3s" in published and "imaps" in published


def test_https_can_be_published(r) -> None:
    assert ports(r({"service": {"ports": {"https": 443}}}))["https"]["targetPort"] == "https"


def test_port_numbers_are_the_services_own(r) -> None:
    published = ports(r({"service": {"ports": {"smtp": 2525}}}))
    assert published["smtp"]["port"] == 2525 and published["smtp"]["targetPort"] == "smtp"


def test_loadbalancer_fields(r) -> None:
    svc = find(r({"service": {"type": "LoadBalancer", "externalTrafficPolicy": "Local",
                              "loadBalancerIP": "192.0.2.10", "loadBalancerSourceRanges": ["192.0.2.0/24"],
                              "loadBalancerClass": "example.com/lb", "annotations": {"a": "b"}},
                  "acceptRisks": {"plainHttpOutside": True}}), "Service")
    spec = svc["spec"]
    assert spec["type"] == "LoadBalancer"
    assert spec["externalTrafficPolicy"] == "Local"
    assert spec["loadBalancerIP"] == "192.0.2.10"
    assert spec["loadBalancerSourceRanges"] == ["192.0.2.0/24"]
    assert spec["loadBalancerClass"] == "example.com/lb"
    assert svc["metadata"]["annotations"] == {"a": "b"}


def test_fixed_node_ports(r) -> None:
    published = ports(r({"service": {"type": "NodePort", "nodePorts": {"smtp": 30025, "imaps": 30993}},
                         "acceptRisks": {"plainHttpOutside": True}}))
    assert published["smtp"]["nodePort"] == 30025
    assert published["imaps"]["nodePort"] == 30993
    assert "nodePort" not in published["http"]


def test_selector_reuses_the_deployment_selector(r) -> None:
    objs = r()
    assert find(objs, "Service")["spec"]["selector"] == \
        find(objs, "Deployment")["spec"]["selector"]["matchLabels"]


def test_ip_families_for_dual_stack(r) -> None:
    spec = find(r({"service": {"ipFamilyPolicy": "PreferDualStack", "ipFamilies": ["IPv4", "IPv6"]}}),
                "Service")["spec"]
    assert spec["ipFamilyPolicy"] == "PreferDualStack" and spec["ipFamilies"] == ["IPv4", "IPv6"]
    assert not {"ipFamilyPolicy", "ipFamilies"} & set(find(r(), "Service")["spec"])


def test_app_protocol_http_only_on_the_http_port(r) -> None:
    """Gateways and meshes read appProtocol: only the HTTP port speaks plain HTTP."""
    published = ports(r({"service": {"ports": {"https": 443}}}))
    assert {n: p.get("appProtocol") for n, p in published.items()} == \
        {n: "http" if n == "http" else None for n in published}
